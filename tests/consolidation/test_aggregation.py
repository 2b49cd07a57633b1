import datetime as dt
import itertools
from collections import Counter

import pytest

from dxtrack.consolidation import evaluation as ev
from dxtrack.consolidation.aggregation import (
    period_consolidation,
    period_task_rows,
    task_deadline_expression,
    task_verdict_counts,
)
from dxtrack.consolidation.models import IndicatorFamily, IndicatorFamilyMember
from dxtrack.plans.models import Task
from dxtrack.reporting.deadlines import task_deadline
from dxtrack.reporting.models import AgencyReport, ExtensionRequest, ReportingPeriod, TaskUpdate
from dxtrack.reporting.selectors import task_deadlines
from factories import AgencyFactory, IndicatorFactory, PlanFactory, TargetFactory

from .conftest import AS_OF, many_agencies

pytestmark = pytest.mark.django_db


def _link(*indicators, confirmed=True):
    family = IndicatorFamily.objects.create(name=indicators[0].name)
    for indicator in indicators:
        IndicatorFamilyMember.objects.create(
            family=family, indicator=indicator, confirmed=confirmed
        )
    return family


def _verdicts(tally):
    return {kind: n for kind, n in tally.by_verdict.items() if n}


def test_the_province_total_counts_each_lead_agencys_task_once(year):
    result = period_consolidation(period=year.period, as_of=AS_OF)

    assert result.total.total == 11
    assert _verdicts(result.total) == {
        ev.ON_TIME: 2,
        ev.DONE_LATE: 2,
        ev.OVERDUE: 2,
        ev.IN_PROGRESS: 2,
        ev.NOT_STARTED: 1,
        ev.NOT_DONE: 1,
        ev.NO_REPORT: 1,
    }
    assert result.total.on_time_share == 18.2
    assert result.total.done_share == 36.4
    assert result.total.by_status["done"] == 3
    assert result.total.by_status[""] == 1


def test_plans_and_their_top_level_headings(year):
    result = period_consolidation(period=year.period, as_of=AS_OF)

    old, new = result.plans  # oldest plan first
    assert old.plan == year.plans.old and new.plan == year.plans.new
    assert (new.tally.total, new.task_count) == (9, 8)  # the recurring task has two leads
    assert (old.tally.total, old.tally.overdue, old.tally.not_done) == (2, 1, 1)
    government, society = new.sections
    # The sub-heading "1. Nền tảng, hệ thống dùng chung" rolls up into "I".
    assert government.section == year.sections.government
    assert _verdicts(government.tally) == {ev.ON_TIME: 2, ev.DONE_LATE: 2, ev.OVERDUE: 1}
    assert government.tally.on_time_share == 40.0
    assert society.section == year.sections.society
    assert _verdicts(society.tally) == {ev.IN_PROGRESS: 2, ev.NOT_STARTED: 1, ev.NO_REPORT: 1}
    assert [s.title for s in old.sections] == ["Nhiệm vụ khác"]


def test_areas_group_agencies_by_kind(year):
    result = period_consolidation(period=year.period, as_of=AS_OF)

    departments, communes = result.areas
    assert (departments.label, departments.agency_count, departments.tally.total) == (
        "Sở, ban, ngành tỉnh",
        3,
        9,
    )
    assert (departments.reports.on_time, departments.reports.late) == (1, 1)
    assert departments.reports.missing == 1
    assert (communes.agency_count, communes.tally.total, communes.reports.on_time) == (2, 2, 1)


def test_scorecard_and_ranking(year):
    result = period_consolidation(period=year.period, as_of=AS_OF)

    ranking = [(s.rank, s.agency.name, s.score) for s in result.agencies]
    assert ranking == [
        (1, "UBND xã Tịnh Khê", 100.0),
        (2, "Sở Khoa học và Công nghệ", 76.7),
        (3, "Sở Nội vụ", 71.7),
        (4, "UBND xã Bình Sơn", 70.0),
        (5, "Sở Y tế", 0.0),
    ]
    home = result.agencies[2]
    assert (home.tally.on_time, home.tally.overdue, home.tally.in_progress) == (1, 1, 1)
    assert home.report_verdict == ev.ReportVerdict(ev.REPORT_LATE, 5)
    health = result.agencies[4]
    assert health.report_verdict == ev.ReportVerdict(ev.REPORT_MISSING, 15)
    # Returned for revision: owed again, whatever was sent before.
    assert result.agencies[3].report_verdict.kind == ev.REPORT_MISSING
    assert (result.reports.on_time, result.reports.late, result.reports.missing) == (2, 1, 2)


def test_indicators_use_the_lead_value_or_the_sum_or_average_of_implementers(year):
    result = period_consolidation(period=year.period, as_of=AS_OF)
    rows = {row.indicator.pk: row for row in result.indicators}
    i = year.indicators

    assert (rows[i.signatures.pk].value, rows[i.signatures.pk].verdict) == (62.5, ev.MET)
    assert rows[i.signatures.pk].target.milestone == "2026-2027"
    enterprises = rows[i.enterprises.pk]
    assert (enterprises.value, enterprises.verdict) == (75, ev.NOT_MET)
    assert (enterprises.reported, enterprises.expected) == (2, 4)
    assert (rows[i.digitised.pk].value, rows[i.digitised.pk].verdict) == (81, ev.MET)
    assert (rows[i.datacenter.pk].met, rows[i.datacenter.pk].verdict) == (True, ev.MET)
    assert rows[i.pilot.pk].verdict == ev.NO_TARGET
    assert rows[i.fibre.pk].verdict == ev.NO_DATA
    # Not linked yet: the old plan's copy has no value of its own.
    assert rows[i.old_signatures.pk].verdict == ev.NO_DATA
    assert result.indicator_counts == {
        ev.MET: 3,
        ev.NOT_MET: 1,
        ev.NO_DATA: 2,
        ev.NO_TARGET: 1,
    }


def test_a_linked_indicator_serves_all_its_plans_each_against_its_own_target(year):
    _link(year.indicators.signatures, year.indicators.old_signatures)

    result = period_consolidation(period=year.period, as_of=AS_OF)
    rows = {row.indicator.pk: row for row in result.indicators}

    old = rows[year.indicators.old_signatures.pk]
    assert old.value == 62.5
    assert old.shared and old.from_indicator_id == year.indicators.signatures.pk
    # Plan 38 sets 2025 and 2030 only: a 2026 value is judged against the 2030 target.
    assert (old.target.milestone, old.verdict) == ("2030", ev.NOT_MET)
    assert rows[year.indicators.signatures.pk].verdict == ev.MET


def test_an_unconfirmed_link_shares_nothing(year):
    _link(year.indicators.signatures, year.indicators.old_signatures, confirmed=False)

    result = period_consolidation(period=year.period, as_of=AS_OF)
    rows = {row.indicator.pk: row for row in result.indicators}

    assert rows[year.indicators.old_signatures.pk].verdict == ev.NO_DATA


def test_a_later_day_turns_tasks_in_progress_into_overdue(year):
    result = period_consolidation(period=year.period, as_of=dt.date(2027, 1, 5))

    # T4 (due 31/12) is now overdue; the recurring task in progress never is, but the one
    # not started is once the period is over.
    assert result.total.overdue == 4
    assert result.total.in_progress == 1


@pytest.mark.parametrize("count", [10, 100])
def test_the_number_of_queries_does_not_grow_with_agencies(db, count, django_assert_num_queries):
    period = many_agencies(count)

    # Ten for the period, one for the score weights in force.
    with django_assert_num_queries(11):
        result = period_consolidation(period=period, as_of=AS_OF)

    assert result.total.total == 3 * count
    assert len(result.agencies) == count


def test_task_rows_carry_the_deadline_and_the_days_late(year):
    rows = period_task_rows(period=year.period, as_of=AS_OF, agency_id=year.agencies.home.pk)

    by_number = {row.task.number: row for row in rows}
    assert by_number["4"].verdict == ev.TaskVerdict(ev.OVERDUE, 76)
    # The approved extension replaces the deadline; the refused one does not.
    assert (by_number["5"].deadline, by_number["5"].extended) == (dt.date(2026, 8, 31), True)
    assert by_number["5"].verdict.kind == ev.ON_TIME
    assert by_number["4"].deadline == dt.date(2026, 9, 30)
    assert len(rows) == 3


STATUSES = ["", "done", "done_late", "in_progress", "not_started", "not_done"]
DEADLINES = [None, dt.date(2025, 12, 31), dt.date(2026, 6, 30), AS_OF, dt.date(2026, 12, 31)]
COMPLETED = [None, dt.date(2026, 6, 20), dt.date(2026, 6, 30), dt.date(2026, 8, 15)]


def test_the_sql_verdict_agrees_with_the_evaluation_rules_on_every_case(db):
    """The consolidation counts with a CASE expression; it must judge as task_verdict does."""
    plan = PlanFactory()
    agency = AgencyFactory(name="Sở Tư pháp")
    period = ReportingPeriod.objects.create(
        name="Báo cáo năm 2026",
        kind=ReportingPeriod.Kind.YEARLY,
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
        due_on=dt.date(2026, 11, 30),
    )
    period.plans.set([plan])
    report = AgencyReport.objects.create(period=period, agency=agency)
    cases = list(itertools.product(STATUSES, DEADLINES, COMPLETED, ["", "continuous"]))
    tasks = Task.objects.bulk_create(
        Task(plan=plan, name=f"Nhiệm vụ {n}", ends_on=deadline, recurrence=recurrence, position=n)
        for n, (_status, deadline, _done, recurrence) in enumerate(cases)
    )
    TaskUpdate.objects.bulk_create(
        TaskUpdate(report=report, task=task, role="lead", status=status, completed_on=done)
        for task, (status, _deadline, done, _recurrence) in zip(tasks, cases, strict=True)
    )
    # Every third dated task had its deadline moved by an approved extension.
    ExtensionRequest.objects.bulk_create(
        ExtensionRequest(
            task=task,
            agency=agency,
            kind=ExtensionRequest.Kind.EXTEND,
            reason="Chờ hướng dẫn",
            original_end=task.ends_on,
            proposed_end=task.ends_on + dt.timedelta(days=60),
            status=ExtensionRequest.Status.APPROVED,
        )
        for task in tasks[::3]
        if task.ends_on
    )

    rows = period_task_rows(period=period, as_of=AS_OF)

    assert len(rows) == len(cases)
    disagreements = [
        (row.task.name, row.update.verdict, row.verdict.kind)
        for row in rows
        if row.update.verdict != row.verdict.kind
    ]
    assert disagreements == []
    assert sum(row.extended for row in rows) > 10
    # The grouped count (rows with and without extensions apart) gives the same verdicts.
    counted = Counter()
    for (_plan, _section, _agency, status, verdict), n in task_verdict_counts(
        period=period, as_of=AS_OF
    ).items():
        counted[(status, verdict)] += n
    assert counted == Counter((row.update.status, row.verdict.kind) for row in rows)


def test_the_sql_deadline_is_the_deadline_rule_on_every_case(db):
    """task_deadline_expression must give what reporting.deadlines.task_deadline gives:
    several extensions (the latest counts), refused and pending ones and another agency's
    (ignored), an adjustment (not a deadline), recurring tasks, tasks without a date."""
    plan = PlanFactory()
    agency, other = AgencyFactory(name="Sở Tư pháp"), AgencyFactory(name="Sở Nội vụ")
    period = ReportingPeriod.objects.create(
        name="Báo cáo năm 2026",
        kind=ReportingPeriod.Kind.YEARLY,
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
        due_on=dt.date(2026, 11, 30),
    )
    report = AgencyReport.objects.create(period=period, agency=agency)
    approved, refused, pending = (
        ExtensionRequest.Status.APPROVED,
        ExtensionRequest.Status.REFUSED,
        ExtensionRequest.Status.PENDING,
    )
    extend, adjust = ExtensionRequest.Kind.EXTEND, ExtensionRequest.Kind.ADJUST
    # (plan's deadline, recurrence, [(agency, kind, status, new deadline)])
    cases = [
        (dt.date(2026, 6, 30), "", []),
        (None, "", []),
        (dt.date(2026, 6, 30), "", [(agency, extend, approved, dt.date(2026, 9, 30))]),
        (
            dt.date(2026, 6, 30),
            "",
            [
                (agency, extend, approved, dt.date(2026, 8, 31)),
                (agency, extend, approved, dt.date(2026, 10, 31)),
                (agency, extend, refused, dt.date(2027, 3, 31)),
            ],
        ),
        (dt.date(2026, 6, 30), "", [(agency, extend, pending, dt.date(2026, 9, 30))]),
        (dt.date(2026, 6, 30), "", [(other, extend, approved, dt.date(2026, 9, 30))]),
        (dt.date(2026, 6, 30), "", [(agency, adjust, approved, None)]),
        (None, "", [(agency, extend, approved, dt.date(2026, 9, 30))]),
        (dt.date(2030, 12, 31), "yearly", []),
        (dt.date(2030, 12, 31), "yearly", [(agency, extend, approved, dt.date(2031, 6, 30))]),
        (None, "continuous", []),
    ]
    expected = {}
    for n, (ends_on, recurrence, extensions) in enumerate(cases):
        task = Task.objects.create(
            plan=plan, name=f"Nhiệm vụ {n}", ends_on=ends_on, recurrence=recurrence, position=n
        )
        update = TaskUpdate.objects.create(report=report, task=task, role="lead")
        for by, kind, status, new_end in extensions:
            ExtensionRequest.objects.create(
                task=task,
                agency=by,
                kind=kind,
                reason="Chờ hướng dẫn",
                original_end=ends_on,
                proposed_end=new_end,
                proposed_content="Điều chỉnh" if kind == adjust else "",
                status=status,
            )
        in_force = task_deadlines(agency_id=agency.pk, task_ids=[task.pk]).get(task.pk)
        expected[update.pk] = task_deadline(
            ends_on=ends_on,
            extended_to=in_force,
            recurring=bool(recurrence),
            period_end=period.ends_on,
        )

    found = dict(
        TaskUpdate.objects.filter(report=report)
        .annotate(deadline=task_deadline_expression(period=period))
        .values_list("pk", "deadline")
    )

    assert found == expected
    end = dt.date(2026, 12, 31)
    assert [found[pk] for pk in sorted(found)] == [
        *(dt.date(2026, 6, 30), None, dt.date(2026, 9, 30), dt.date(2026, 10, 31)),
        *(dt.date(2026, 6, 30), dt.date(2026, 6, 30), dt.date(2026, 6, 30)),
        *(dt.date(2026, 9, 30), end, end, end),
    ]


def test_an_indicator_not_asked_in_the_period_is_left_out(year):
    finished = IndicatorFactory(
        plan=year.plans.old, number="9", name="Tỷ lệ hộ gia đình có đường truyền cáp quang"
    )
    TargetFactory(indicator=finished, milestone="2025", text="80%", comparator=">=", value=80)

    result = period_consolidation(period=year.period, as_of=AS_OF)

    assert finished.pk not in {row.indicator.pk for row in result.indicators}
    assert len(result.indicators) == 7
