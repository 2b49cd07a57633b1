import datetime as dt

import pytest

from dxtrack.consolidation import evaluation as ev
from dxtrack.consolidation.task_rows import period_task_rows

from .conftest import AS_OF

pytestmark = pytest.mark.django_db


def test_task_rows_carry_the_deadline_and_the_days_late(year):
    rows = period_task_rows(period=year.period, as_of=AS_OF, agency_id=year.agencies.home.pk)

    by_number = {row.task.number: row for row in rows}
    assert by_number["4"].verdict == ev.TaskVerdict(ev.OVERDUE, 76)
    # The approved extension replaces the deadline; the refused one does not.
    assert (by_number["5"].deadline, by_number["5"].extended) == (dt.date(2026, 8, 31), True)
    assert by_number["5"].verdict.kind == ev.ON_TIME
    assert by_number["4"].deadline == dt.date(2026, 9, 30)
    assert len(rows) == 3
