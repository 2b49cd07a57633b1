"""Who may do what: every role against every action, for its own agency and another's.

The matrix is written out here on purpose, not derived from `access.RULES`: changing a
rule must mean changing this table too.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from dxtrack.accounts.access import Action, agencies_filter, allowed, require, role_of
from dxtrack.accounts.models import Role
from dxtrack.agencies.models import Agency
from factories import UserFactory

pytestmark = pytest.mark.django_db

Y, N = True, False
COLUMNS = ("admin", "coordinator", "leader", "reporter own", "reporter other", "system")
MATRIX = {
    #                          admin coord leader own other system
    Action.CATALOGUE_READ:    (Y,    Y,    Y,     Y,  Y, N),
    Action.PLAN_IMPORT:       (Y,    Y,    N,     N,  N, N),
    Action.PERIOD_MANAGE:     (Y,    Y,    N,     N,  N, N),
    Action.PERIOD_READ:       (Y,    Y,    Y,     Y,  Y, N),
    Action.REPORT_READ:       (Y,    Y,    Y,     Y,  N, N),
    Action.REPORT_EDIT:       (N,    N,    N,     Y,  N, N),
    Action.REPORT_SUBMIT:     (N,    N,    N,     Y,  N, N),
    Action.REPORT_REVIEW:     (Y,    Y,    N,     N,  N, N),
    Action.REPORT_COMMENT:    (Y,    Y,    Y,     N,  N, N),
    Action.EXTENSION_REQUEST: (N,    N,    N,     Y,  N, N),
    Action.EXTENSION_DECIDE:  (Y,    Y,    N,     N,  N, N),
    Action.DOCUMENT_PRODUCE:  (Y,    Y,    Y,     N,  N, N),
    Action.PUBLICATION_MANAGE: (Y,   Y,    N,     N,  N, N),
    Action.FORECAST_READ:     (Y,    Y,    Y,     Y,  N, N),
    Action.WARNING_READ:      (Y,    Y,    Y,     Y,  N, N),
    Action.WARNING_ACKNOWLEDGE: (Y,  Y,    Y,     N,  N, N),
    Action.DIRECTORY_EDIT:    (Y,    Y,    N,     N,  N, N),
    Action.SCORE_WEIGHTS_EDIT: (Y,   Y,    N,     N,  N, N),
    Action.EXCHANGE_PULL:     (Y,    Y,    N,     N,  N, Y),
    Action.EXCHANGE_MANAGE:   (Y,    Y,    N,     N,  N, N),
    Action.DASHBOARD_READ:    (Y,    Y,    Y,     Y,  N, N),
    Action.ACCOUNTS_MANAGE:   (Y,    N,    N,     N,  N, N),
}  # fmt: skip
CASES = [
    pytest.param(action, column, expected, id=f"{action.value}-{column.replace(' ', '-')}")
    for action, row in MATRIX.items()
    for column, expected in zip(COLUMNS, row, strict=True)
]


def test_the_matrix_covers_every_action():
    assert set(MATRIX) == set(Action)


@pytest.mark.parametrize(("action", "column", "expected"), CASES)
def test_each_role_may_do_exactly_what_the_matrix_says(
    users, dost, health, action, column, expected
):
    role, _, side = column.partition(" ")
    user = users[role]
    if role == "reporter":
        agency = dost if side == "own" else health
        assert allowed(user, action, agency_id=agency.pk) is expected
        return
    # Roles without an agency decide the same for any agency, and for no agency at all.
    assert allowed(user, action, agency_id=dost.pk) is expected
    assert allowed(user, action, agency_id=health.pk) is expected
    assert allowed(user, action) is expected


@pytest.mark.parametrize("action", list(Action))
def test_require_refuses_what_allowed_refuses(users, health, action):
    reporter = users["reporter"]
    if allowed(reporter, action, agency_id=health.pk):
        require(reporter, action, agency_id=health.pk)
    else:
        with pytest.raises(PermissionDenied):
            require(reporter, action, agency_id=health.pk)


def test_a_reporter_asked_without_an_agency_is_answered_for_its_own(users):
    reporter = users["reporter"]

    assert allowed(reporter, Action.REPORT_EDIT) is True
    assert allowed(reporter, Action.REPORT_REVIEW) is False


@pytest.mark.parametrize("action", list(Action))
def test_nobody_unknown_may_do_anything(db, action):
    no_role = UserFactory(username="chua-phan-quyen")
    gone = UserFactory(username="da-nghi-viec", is_superuser=True, is_active=False)

    assert allowed(AnonymousUser(), action) is False
    assert allowed(None, action) is False
    assert allowed(no_role, action) is False
    assert allowed(gone, action) is False


def test_a_superuser_without_a_role_is_an_administrator(db, dost):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)

    assert role_of(root) == Role.ADMIN
    assert allowed(root, Action.PERIOD_MANAGE) is True
    assert allowed(root, Action.REPORT_EDIT, agency_id=dost.pk) is False


def test_a_deactivated_reporter_loses_its_own_agency_too(users, dost):
    reporter = users["reporter"]
    reporter.is_active = False

    assert allowed(reporter, Action.REPORT_READ, agency_id=dost.pk) is False


def _visible(user, action) -> set[str]:
    return set(
        Agency.objects.filter(agencies_filter(user, action, field="pk")).values_list(
            "name", flat=True
        )
    )


def test_the_queryset_filter_keeps_what_each_role_may_read(users, dost, health):
    everyone = {"Sở Khoa học và Công nghệ", "Sở Y tế"}

    assert _visible(users["reporter"], Action.REPORT_READ) == {"Sở Khoa học và Công nghệ"}
    assert _visible(users["leader"], Action.REPORT_READ) == everyone
    assert _visible(users["coordinator"], Action.REPORT_READ) == everyone
    assert _visible(users["leader"], Action.REPORT_EDIT) == set()
    assert _visible(users["coordinator"], Action.EXTENSION_REQUEST) == set()
    assert _visible(UserFactory(username="chua-phan-quyen"), Action.REPORT_READ) == set()
    assert _visible(AnonymousUser(), Action.REPORT_READ) == set()


@pytest.mark.parametrize("username", ["baocao.skhcn", "chua-phan-quyen"])
def test_checking_every_action_reads_the_role_once(
    users, dost, username, django_assert_num_queries
):
    UserFactory(username="chua-phan-quyen")
    user = get_user_model().objects.get(username=username)

    with django_assert_num_queries(1):
        for action in Action:
            allowed(user, action, agency_id=dost.pk)


def test_the_command_line_acts_as_the_system_with_an_administrators_rights(db):
    from dxtrack.accounts.access import SYSTEM, agency_id_of

    assert role_of(SYSTEM) == Role.ADMIN
    assert agency_id_of(SYSTEM) is None
    assert all(
        allowed(SYSTEM, action) == (expected[0] is True) for action, expected in MATRIX.items()
    )
