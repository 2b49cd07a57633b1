"""Reads over periods and reports on the province's own plans."""

import datetime as dt

import pytest
from django.utils import timezone

from dxtrack.accounts.models import Role
from dxtrack.reporting.models import (
    AgencyReport,
)
from dxtrack.reporting.report_services import (
    report_return,
)
from dxtrack.reporting.selectors import (
    period_progress,
)
from reporting.province import (
    account,
    submitted,
)

pytestmark = pytest.mark.django_db

# ----------------------------------------------------------------------- progress


def _sent_on(report: AgencyReport, day: dt.date) -> None:
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(16, 45)))
    AgencyReport.objects.filter(pk=report.pk).update(submitted_at=moment)


def test_progress_counts_days_late_until_sent_or_until_today(year, django_assert_max_num_queries):
    late = submitted(year, year.dost, year.dost_reporter)
    _sent_on(late, dt.date(2026, 12, 3))
    on_time = submitted(year, year.health, year.health_reporter)
    _sent_on(on_time, dt.date(2026, 11, 25))
    tinh_khe = year.communes.get(name="UBND phường Trương Quang Trọng")
    reporter = account("baocao.tqt", Role.REPORTER, tinh_khe)
    returned = submitted(year, tinh_khe, reporter)
    _sent_on(returned, dt.date(2026, 11, 20))
    report_return(report=returned, actor=year.coordinator, comment="Bổ sung số liệu chỉ tiêu.")

    with django_assert_max_num_queries(3):
        rows = period_progress(
            period=year.period, user=year.coordinator, today=dt.date(2026, 12, 10)
        )

    late_by = {r.agency.name: r.days_late for r in rows}
    # Two agencies report only on key projects, two only on a plan's duties (0174).
    assert len(rows) == 128
    assert late_by["Sở Khoa học và Công nghệ"] == 3
    assert late_by["Sở Y tế"] == 0
    # Returned: owed again, so late until today however early it was first sent.
    assert late_by["UBND phường Trương Quang Trọng"] == 10
    assert late_by["Sở Nội vụ"] == 10  # never sent
    assert [
        r.agency.name
        for r in period_progress(
            period=year.period, user=year.dost_reporter, today=dt.date(2026, 12, 10)
        )
    ] == ["Sở Khoa học và Công nghệ"]
