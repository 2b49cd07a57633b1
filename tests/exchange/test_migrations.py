"""The system accounts of the first exchange schema become users with the role `system`."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("exchange", "0001_initial"), ("accounts", "0004_sso_identity")]
AFTER = [("exchange", "0002_exchange_clients_to_system_role")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_exchange_clients_become_system_accounts():
    apps = _migrate(BEFORE)
    User = apps.get_model("auth", "User")
    Client = apps.get_model("exchange", "ExchangeClient")
    Profile = apps.get_model("accounts", "Profile")
    lgsp = User.objects.create(username="lgsp", password="!")
    old = User.objects.create(username="ndxp-cu", password="!")
    boss = User.objects.create(username="sokhcn", password="!")
    Profile.objects.create(user=boss, role="coordinator")
    Client.objects.create(user=lgsp, name="LGSP tỉnh Quảng Ngãi")
    Client.objects.create(user=old, name="Nền tảng cũ", active=False)
    Client.objects.create(user=boss, name="Sở KH&CN")
    try:
        apps = _migrate(AFTER)
        User = apps.get_model("auth", "User")
        roles = dict(
            apps.get_model("accounts", "Profile").objects.values_list("user__username", "role")
        )
        assert roles == {"lgsp": "system", "ndxp-cu": "system", "sokhcn": "coordinator"}
        lgsp = User.objects.get(username="lgsp")
        assert (lgsp.first_name, lgsp.is_active) == ("LGSP tỉnh Quảng Ngãi", True)
        assert User.objects.get(username="ndxp-cu").is_active is False
        assert "exchange_exchangeclient" not in connection.introspection.table_names()
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
