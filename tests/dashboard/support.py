"""Shared by the dashboard's tests (selectors, pages, API)."""

import datetime as dt

from django.utils import timezone

from dxtrack.accounts.models import Profile, Role
from dxtrack.reporting.models import (
    AgencyReport,
    IndicatorValue,
    ReportingPeriod,
    TaskStatus,
    TaskUpdate,
)
from factories import UserFactory

AS_OF = dt.date(2026, 12, 15)


def freeze_today(monkeypatch, day: dt.date = AS_OF) -> None:
    """Pages and the API judge as of today: make today `day` (dates of datetimes unchanged)."""
    original = timezone.localdate

    def localdate(value=None, timezone=None):
        return day if value is None else original(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


def user(role: str, agency=None, username: str | None = None):
    account = UserFactory(username=username or f"nguoidung.{role}")
    Profile.objects.create(user=account, role=role, agency=agency)
    return account


def leader():
    return user(Role.LEADER)


def _sent(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9, 30)))


def previous_year(year) -> ReportingPeriod:
    """The 2025 yearly period before `province_year`'s 2026 one, on the same plans.

    Compared as of 15/12/2025 (the same distance from its end as 15/12/2026 from 2026's):
      Sở KH&CN leads T1 (due 30/06/2026), in progress ... green (not yet near)
      Sở Nội vụ leads T3 (due 30/09/2026), not started .. grey
      Sở Y tế leads T6 (due 31/12/2025), in progress .... yellow (16 days left)
    Reports (due 30/11/2025): Sở KH&CN sent 20/11 (on time), Sở Nội vụ and Sở Y tế not
    sent (red). The signatures indicator: 40% against ≥ 50% (2026-2027): at risk, yellow.
    """
    period = ReportingPeriod.objects.create(
        name="Báo cáo năm 2025",
        kind=ReportingPeriod.Kind.YEARLY,
        starts_on=dt.date(2025, 1, 1),
        ends_on=dt.date(2025, 12, 31),
        due_on=dt.date(2025, 11, 30),
        status=ReportingPeriod.Status.CLOSED,
    )
    period.plans.set([year.plans.new, year.plans.old])
    a = year.agencies
    dost = AgencyReport.objects.create(
        period=period,
        agency=a.dost,
        status=AgencyReport.Status.APPROVED,
        submitted_at=_sent(dt.date(2025, 11, 20)),
    )
    home = AgencyReport.objects.create(period=period, agency=a.home)
    health = AgencyReport.objects.create(period=period, agency=a.health)
    tasks = {t.number: t for t in year.plans.new.tasks.all()}
    old = {t.number: t for t in year.plans.old.tasks.all()}
    TaskUpdate.objects.create(
        report=dost, task=tasks["1"], role="lead", status=TaskStatus.IN_PROGRESS
    )
    TaskUpdate.objects.create(
        report=home, task=tasks["4"], role="lead", status=TaskStatus.NOT_STARTED
    )
    TaskUpdate.objects.create(
        report=health, task=old["1"], role="lead", status=TaskStatus.IN_PROGRESS
    )
    IndicatorValue.objects.create(
        report=dost,
        indicator=year.indicators.signatures,
        role="lead",
        value_text="40%",
        value_number=40,
    )
    return period
