"""The task drill-down lists: the rows each tile counts, in plan order, a page read in a
fixed number of queries whatever the length of the list."""

import datetime as dt

import pytest

from dxtrack.agencies.models import Agency
from dxtrack.consolidation import colours
from dxtrack.consolidation import evaluation as ev
from dxtrack.dashboard.tasks import task_counts, task_lines
from dxtrack.reporting.models import ExtensionRequest, TaskUpdate

from .conftest import many_agencies
from .support import AS_OF

pytestmark = pytest.mark.django_db


def _extend(update: TaskUpdate, *, status: str, proposed_end: dt.date) -> None:
    ExtensionRequest.objects.create(
        task=update.task,
        agency=update.report.agency,
        kind=ExtensionRequest.Kind.EXTEND,
        reason="Chờ bố trí kinh phí",
        original_end=update.task.ends_on or proposed_end,
        proposed_end=proposed_end,
        status=status,
    )


@pytest.fixture
def extended(year):
    """Besides T10 (done 20/08, extended to 31/08: on time), T3 extended to 31/03/2027
    (in progress, no longer overdue: green) and Bình Sơn's recurring T5 (not started)
    waiting for a decision on its request (yellow)."""
    lead = TaskUpdate.objects.filter(report__period=year.period, role="lead")
    t3 = lead.get(report__agency=year.agencies.home, task__ends_on=dt.date(2026, 9, 30))
    t5 = lead.get(report__agency=year.agencies.binh_son)
    _extend(t3, status=ExtensionRequest.Status.APPROVED, proposed_end=dt.date(2027, 3, 31))
    _extend(t5, status=ExtensionRequest.Status.PENDING, proposed_end=dt.date(2027, 3, 31))
    return year, t3, t5


def test_each_colours_list_holds_the_rows_its_tile_counts(extended):
    year, t3, t5 = extended
    counts = task_counts(judged={year.period: AS_OF})

    listed = {}
    for colour in colours.COLOURS:
        lines = task_lines(period=year.period, as_of=AS_OF, colour=colour)
        assert len(lines) == sum(n for key, n in counts.items() if key[5] == colour)
        assert {line.colour for line in lines} <= {colour}
        listed.update({line.update.pk: line for line in lines})

    assert len(listed) == 11
    assert (listed[t3.pk].colour, listed[t3.pk].verdict.kind) == (colours.GREEN, ev.IN_PROGRESS)
    assert listed[t3.pk].deadline == dt.date(2027, 3, 31)
    assert (listed[t5.pk].colour, listed[t5.pk].verdict.kind) == (colours.YELLOW, ev.NOT_STARTED)
    t10 = next(line for line in listed.values() if line.deadline == dt.date(2026, 8, 31))
    assert (t10.colour, t10.verdict.kind) == (colours.GREEN, ev.ON_TIME)


def test_a_verdict_list_follows_the_extensions(extended):
    year, t3, _ = extended

    overdue = task_lines(period=year.period, as_of=AS_OF, verdict=ev.OVERDUE)

    # T6 only: T3 was extended.
    assert [line.verdict.label for line in overdue] == ["Quá hạn, chưa hoàn thành 349 ngày"]
    in_progress = task_lines(period=year.period, as_of=AS_OF, verdict=ev.IN_PROGRESS)
    assert t3.pk in {line.update.pk for line in in_progress}


def test_a_page_of_a_long_list_costs_a_fixed_number_of_queries(django_assert_max_num_queries):
    period = many_agencies(80, tasks_each=4)
    first = TaskUpdate.objects.filter(report__period=period).select_related(
        "task", "report__agency"
    )
    for update in first.order_by("pk")[:40:3]:
        _extend(update, status=ExtensionRequest.Status.PENDING, proposed_end=dt.date(2027, 6, 30))

    with django_assert_max_num_queries(4):
        lines = task_lines(period=period, as_of=AS_OF)
        page = lines[100:200]

    assert len(lines) == 320
    everything = list(lines)
    assert [line.update.pk for line in page] == [line.update.pk for line in everything[100:200]]
    # Plan order, then the agencies by name as the database orders them.
    rank = {
        pk: n for n, pk in enumerate(Agency.objects.order_by("name").values_list("pk", flat=True))
    }
    order = [(line.task.position, line.task.pk, rank[line.agency.pk]) for line in everything]
    assert order == sorted(order)
    with django_assert_max_num_queries(4):
        yellow = task_lines(period=period, as_of=AS_OF, colour=colours.YELLOW)
        assert all(line.colour == colours.YELLOW for line in yellow[:100])
    assert [line.update.pk for line in yellow] == [
        line.update.pk for line in everything if line.colour == colours.YELLOW
    ]
