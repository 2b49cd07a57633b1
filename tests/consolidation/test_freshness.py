"""A kept consolidation is never stale: every kind of write it depends on moves the
fingerprint, and what is served afterwards is what a consolidation built from scratch says."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dxtrack.accounts.models import Profile, Role
from dxtrack.agencies.models import Agency
from dxtrack.agencies.services import directory_install
from dxtrack.consolidation.aggregation import Consolidation, period_consolidation
from dxtrack.consolidation.freshness import (
    consolidation_clock,
    consolidation_fingerprint,
    with_fingerprint,
)
from dxtrack.consolidation.kept import period_consolidation_kept
from dxtrack.consolidation.models import IndicatorFamily, IndicatorFamilyMember
from dxtrack.consolidation.services import (
    indicator_family_confirm,
    indicator_family_reject,
    score_weights_update,
)
from dxtrack.plans.models import Assignment, Section, Target, Task
from dxtrack.reporting.extension_services import extension_decide, extension_request
from dxtrack.reporting.models import AgencyReport, ExtensionRequest, ReportingPeriod
from dxtrack.reporting.report_input import ReportInput, TaskInput
from dxtrack.reporting.report_services import report_approve, report_return, report_save
from factories import UserFactory

AS_OF = dt.date(2026, 12, 15)


def _user(role, agency=None):
    user = UserFactory()
    Profile.objects.create(user=user, role=role, agency=agency)
    return user


def _summary(result: Consolidation) -> dict:
    """What the page and the API show, in plain values."""
    return {
        "total": dict(result.total.by_verdict),
        "statuses": dict(result.total.by_status),
        "plans": [
            (row.plan.pk, row.plan.title, row.task_count, dict(row.tally.by_verdict))
            for row in result.plans
        ],
        "sections": [[s.title for s in row.sections] for row in result.plans],
        "agencies": [
            (s.agency.name, s.agency.kind, s.rank, s.score, s.report_verdict.kind)
            for s in result.agencies
        ],
        "areas": [(a.kind, a.agency_count, dict(a.tally.by_verdict)) for a in result.areas],
        "indicators": [
            (
                row.indicator.pk,
                row.indicator.unit,
                row.value,
                row.verdict,
                row.target.value if row.target else None,
                row.family_id,
                row.from_indicator_id,
            )
            for row in result.indicators
        ],
        "reports": (result.reports.on_time, result.reports.late, result.reports.missing),
        "weights": result.score_weights,
    }


def _reported(year, agency) -> AgencyReport:
    return AgencyReport.objects.get(period=year.period, agency=agency)


def _save_report(year):
    report = _reported(year, year.agencies.health)
    task = report.task_updates.filter(role="lead").order_by("pk").first()
    report_save(
        report=report,
        actor=_user(Role.REPORTER, year.agencies.health),
        data=ReportInput(tasks={task.task_id: TaskInput(status="in_progress", description="x")}),
        version=report.version,
    )


def _approve_report(year):
    report_approve(report=_reported(year, year.agencies.dost), actor=_user(Role.COORDINATOR))


def _return_report(year):
    report_return(
        report=_reported(year, year.agencies.home),
        actor=_user(Role.COORDINATOR),
        comment="Bổ sung minh chứng.",
    )


def _edit_task(year):
    task = Task.objects.filter(plan=year.plans.new, recurrence="").order_by("pk").first()
    task.ends_on = dt.date(2026, 5, 31)
    task.save()


def _rename_section(year):
    section = Section.objects.get(pk=year.sections.society.pk)
    section.title = "Phát triển xã hội số toàn dân"
    section.save()


def _edit_indicator(year):
    indicator = year.indicators.signatures
    indicator.unit = "% dân số"
    indicator.save()


def _edit_target(year):
    target = Target.objects.filter(indicator=year.indicators.enterprises).first()
    target.value = 10
    target.save()


def _delete_target(year):
    Target.objects.filter(indicator=year.indicators.digitised).delete()


def _add_assignment(year):
    task = Task.objects.filter(plan=year.plans.new).order_by("pk").first()
    Assignment.objects.create(task=task, role=Assignment.Role.COORDINATING, text="Sở Nội vụ")


def _add_assignments_in_bulk(year):
    # As a plan import writes them: no signal, the count moves.
    task = Task.objects.filter(plan=year.plans.new).order_by("pk").first()
    Assignment.objects.bulk_create(
        [Assignment(task=task, role=Assignment.Role.COORDINATING, text="Sở Y tế")]
    )


def _rename_agency(year):
    agency = Agency.objects.get(pk=year.agencies.home.pk)
    agency.name = "Sở Nội vụ tỉnh Quảng Ngãi"
    agency.save()


def _directory_install(year):
    # The shipped directory's bulk update: a kind changed.
    directory_install(records={"agencies": [{"name": "Sở Y tế", "kind": Agency.Kind.OTHER}]})


def _move_due_date(year):
    period = ReportingPeriod.objects.get(pk=year.period.pk)
    period.due_on = dt.date(2026, 12, 10)
    period.save()


def _remove_plan(year):
    ReportingPeriod.objects.get(pk=year.period.pk).plans.remove(year.plans.old)


def _decide_extension(year):
    task = Task.objects.get(plan=year.plans.new, number="4")
    request = extension_request(
        task=task,
        agency_id=year.agencies.home.pk,
        actor=_user(Role.REPORTER, year.agencies.home),
        kind=ExtensionRequest.Kind.EXTEND,
        reason="Chờ kinh phí.",
        proposed_end=dt.date(2027, 3, 31),
    )
    extension_decide(request=request, actor=_user(Role.COORDINATOR), approve=True)


def _update_weights(year):
    score_weights_update(
        actor=_user(Role.COORDINATOR), task_points=50, report_points=50, grace_days=10
    )


def _confirm_family(year):
    family = IndicatorFamily.objects.create(name="Chữ ký số")
    members = [
        IndicatorFamilyMember.objects.create(family=family, indicator=indicator, confirmed=False)
        for indicator in (year.indicators.enterprises, year.indicators.digitised)
    ]
    period_consolidation_kept(period=year.period, as_of=AS_OF)  # kept while unconfirmed
    indicator_family_confirm(actor=_user(Role.COORDINATOR), members=members)


WRITES = {
    "report saved": _save_report,
    "report approved": _approve_report,
    "report returned": _return_report,
    "task edited": _edit_task,
    "section renamed": _rename_section,
    "indicator edited": _edit_indicator,
    "target edited": _edit_target,
    "target deleted": _delete_target,
    "assignment added": _add_assignment,
    "assignments written in bulk": _add_assignments_in_bulk,
    "agency renamed": _rename_agency,
    "directory installed": _directory_install,
    "period due date moved": _move_due_date,
    "plan taken out of the period": _remove_plan,
    "extension approved": _decide_extension,
    "score weights changed": _update_weights,
    "family confirmed": _confirm_family,
}


@pytest.mark.parametrize("write", list(WRITES), ids=list(WRITES))
def test_every_write_moves_the_fingerprint_and_the_kept_result_follows(year, write):
    before = consolidation_fingerprint(period=year.period)
    period_consolidation_kept(period=year.period, as_of=AS_OF)

    WRITES[write](year)

    period = ReportingPeriod.objects.get(pk=year.period.pk)
    assert consolidation_fingerprint(period=period) != before
    kept = period_consolidation_kept(period=period, as_of=AS_OF)
    assert _summary(kept) == _summary(period_consolidation(period=period, as_of=AS_OF))


def test_a_report_submitted_moves_the_fingerprint(year):
    from dxtrack.reporting.report_services import report_submit

    # Bình Sơn's report was returned: filled in, it may be sent again.
    report = _reported(year, year.agencies.binh_son)
    before = consolidation_fingerprint(period=year.period)
    kept_before = _summary(period_consolidation_kept(period=year.period, as_of=AS_OF))

    report_submit(report=report, actor=_user(Role.REPORTER, year.agencies.binh_son))

    assert consolidation_fingerprint(period=year.period) != before
    kept = _summary(period_consolidation_kept(period=year.period, as_of=AS_OF))
    assert kept == _summary(period_consolidation(period=year.period, as_of=AS_OF))
    assert kept["reports"] != kept_before["reports"]


def test_the_kept_consolidation_is_served_from_the_process(year):
    first = period_consolidation_kept(period=year.period, as_of=AS_OF)
    period = with_fingerprint(ReportingPeriod.objects.filter(pk=year.period.pk)).get()

    with CaptureQueriesContext(connection) as read_with_the_period:
        again = period_consolidation_kept(period=period, as_of=AS_OF)
    with CaptureQueriesContext(connection) as read_alone:
        plain = period_consolidation_kept(period=year.period, as_of=AS_OF)

    assert again is first and plain is first
    assert len(read_with_the_period) == 0
    assert len(read_alone) == 1
    # Another day is another consolidation.
    assert period_consolidation_kept(period=period, as_of=dt.date(2026, 12, 1)) is not first


def test_a_write_in_another_period_leaves_the_kept_one(year):
    first = period_consolidation_kept(period=year.period, as_of=AS_OF)
    other = ReportingPeriod.objects.create(
        name="Quý I/2027",
        kind=ReportingPeriod.Kind.QUARTERLY,
        starts_on=dt.date(2027, 1, 1),
        ends_on=dt.date(2027, 3, 31),
        due_on=dt.date(2027, 4, 10),
    )
    AgencyReport.objects.create(period=other, agency=year.agencies.dost)

    assert period_consolidation_kept(period=year.period, as_of=AS_OF) is first


def test_a_deadline_with_a_time_keeps_the_minutes_in_the_key(year, settings):
    from django.utils import timezone

    period = year.period
    today = timezone.localdate()
    assert consolidation_clock(period=period, as_of=today) == ""  # no time of day
    period.due_time = dt.time(17, 0)
    assert consolidation_clock(period=period, as_of=AS_OF) == ""  # not judged today
    period.due_on = today - dt.timedelta(days=1)
    # Past the deadline: a report not sent is late by the minutes run so far.
    assert int(consolidation_clock(period=period, as_of=today)) > 7 * 60
    period.due_on = today + dt.timedelta(days=1)
    assert consolidation_clock(period=period, as_of=today) == "0"


def test_rows_deleted_move_the_fingerprint(year):
    task = Task.objects.filter(plan=year.plans.new).order_by("pk").first()
    assignment = Assignment.objects.create(task=task, role=Assignment.Role.LEAD, text="Sở Y tế")
    family = IndicatorFamily.objects.create(name="Chữ ký số")
    members = [
        IndicatorFamilyMember.objects.create(family=family, indicator=indicator, confirmed=True)
        for indicator in (year.indicators.enterprises, year.indicators.digitised)
    ]
    seen = {consolidation_fingerprint(period=year.period)}
    period_consolidation_kept(period=year.period, as_of=AS_OF)

    Assignment.objects.filter(pk=assignment.pk).delete()
    seen.add(consolidation_fingerprint(period=year.period))
    indicator_family_reject(actor=_user(Role.ADMIN), members=members[:1])
    seen.add(consolidation_fingerprint(period=year.period))

    assert len(seen) == 3
    kept = period_consolidation_kept(period=year.period, as_of=AS_OF)
    assert _summary(kept) == _summary(period_consolidation(period=year.period, as_of=AS_OF))
    assert all(row.family_id is None for row in kept.indicators)


def test_after_a_report_is_saved_the_plans_catalogue_is_not_read_again(year):
    period_consolidation_kept(period=year.period, as_of=AS_OF)
    _save_report(year)
    period = with_fingerprint(ReportingPeriod.objects.filter(pk=year.period.pk)).get()

    with CaptureQueriesContext(connection) as after_a_save:
        kept = period_consolidation_kept(period=period, as_of=AS_OF)

    # The weights, the tasks (three), the reports, the values, the families: not the
    # plans, sections, indicators and targets.
    assert len(after_a_save) == 7
    assert _summary(kept) == _summary(period_consolidation(period=period, as_of=AS_OF))

    _edit_target(year)
    period = with_fingerprint(ReportingPeriod.objects.filter(pk=year.period.pk)).get()
    with CaptureQueriesContext(connection) as after_a_target:
        kept = period_consolidation_kept(period=period, as_of=AS_OF)

    assert len(after_a_target) == 11
    assert _summary(kept) == _summary(period_consolidation(period=period, as_of=AS_OF))
