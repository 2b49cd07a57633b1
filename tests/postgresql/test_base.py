"""dxtrack.postgresql: Django's PostgreSQL backend, statements prepared (settings.py) and
integer parameters range-checked."""

import pytest
from django.db import DataError, connection, connections, transaction

from dxtrack.agencies.models import Agency
from dxtrack.reporting.models import AgencyReport

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")


def test_an_integer_out_of_its_columns_range_is_refused_not_wrapped():
    # Bound by the server, an int4 parameter of 2³¹ would arrive as −2³¹.
    with pytest.raises(DataError), transaction.atomic():
        AgencyReport.objects.update(version=2**31)


def test_integers_within_range_pass_as_before():
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::bigint, %s::integer", [2**40, -(2**31)])
        assert cursor.fetchone() == (2**40, -(2**31))
    assert type(connections["default"]).__module__ == "dxtrack.postgresql.base"


def test_postgres_prepares_a_statement_run_again_and_again():
    for _ in range(6):
        list(Agency.objects.filter(code="không-có").values_list("pk"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('"agencies_agency"' in sql and '"code"' in sql for sql in prepared)
