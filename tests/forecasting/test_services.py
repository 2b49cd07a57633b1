"""Warnings made, kept up to date and handled."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from dxtrack.audit.models import AuditEntry
from dxtrack.forecasting.models import Warning
from dxtrack.forecasting.selectors import warning_counts, warnings_visible
from dxtrack.forecasting.services import (
    WarningError,
    forecasts_refresh,
    warning_acknowledge,
    warnings_refresh,
)
from dxtrack.reporting.models import AgencyReport
from forecasting.histories import AS_OF, open_year, user_with


@pytest.fixture
def year(province):
    return open_year(province)


def _by_kind(period):
    return {w.kind: w for w in Warning.objects.filter(period=period, resolved_at__isnull=True)}


def test_the_three_kinds_of_warning(province, year):
    result = warnings_refresh(period=year.period, as_of=AS_OF)
    assert result.created == 3
    warnings = _by_kind(year.period)
    assert set(warnings) == {"indicator_off_track", "task_at_risk", "report_late"}

    indicator = warnings["indicator_off_track"]
    assert indicator.object_id == province.signature.pk
    assert indicator.agency == province.dost
    assert indicator.severity == "high"
    assert indicator.title.startswith("Chỉ tiêu “Tỷ lệ dân số trưởng thành có chữ ký số”")
    assert indicator.reasons[0].startswith("Dự báo đến 31/12/2030: ")
    assert indicator.reasons[1] == "Mục tiêu 2030: ≥ 80%; xác suất đạt dưới 1%"
    assert indicator.url == f"/du-bao/chi-tieu/{province.signature.pk}/"

    task = warnings["task_at_risk"]
    assert task.object_id == year.warehouse.pk
    assert task.severity == "high"
    assert task.reasons == ["Còn 16 ngày đến hạn (31/12/2026) mà chưa báo cáo tiến độ"]

    late = warnings["report_late"]
    assert late.object_id == year.dost_report.pk
    assert late.severity == "high"
    assert late.reasons[0] == "Hạn gửi báo cáo: 30/11/2026; đã quá 15 ngày"
    assert late.url == reverse("report-detail", args=[year.period.pk, province.dost.pk])


def test_refreshing_again_updates_and_never_duplicates(year):
    warnings_refresh(period=year.period, as_of=AS_OF)
    before = set(Warning.objects.values_list("pk", "key"))
    again = warnings_refresh(period=year.period, as_of=AS_OF)
    assert (again.created, again.updated, again.unchanged, again.resolved) == (0, 0, 3, 0)
    later = warnings_refresh(period=year.period, as_of=AS_OF.replace(day=16))
    assert later.created == 0 and later.updated == 2  # days late, days left
    assert set(Warning.objects.values_list("pk", "key")) == before


def test_a_warning_that_no_longer_applies_is_resolved_and_keeps_who_handled_it(year):
    warnings_refresh(period=year.period, as_of=AS_OF)
    leader = user_with("leader", username="lanhdao")
    late = Warning.objects.get(kind="report_late")
    warning_acknowledge(warning=late, actor=leader, note="Đã gọi điện đôn đốc")
    AgencyReport.objects.filter(pk=year.dost_report.pk).update(status=AgencyReport.Status.SUBMITTED)
    result = warnings_refresh(period=year.period, as_of=AS_OF)
    assert result.resolved == 1
    late.refresh_from_db()
    assert late.resolved_at is not None
    assert late.acknowledged_by == leader
    assert late not in warnings_visible(user=leader, period=year.period)
    assert late in warnings_visible(user=leader, period=year.period, include_resolved=True)


def test_a_leader_acknowledges_with_a_note_and_it_is_audited(year):
    warnings_refresh(period=year.period, as_of=AS_OF)
    leader = user_with("leader", username="lanhdao")
    warning = Warning.objects.get(kind="task_at_risk")
    warning_acknowledge(warning=warning, actor=leader, note="  Giao Sở KH&CN báo cáo trước 20/12 ")
    warning.refresh_from_db()
    assert warning.acknowledged_by == leader
    assert warning.acknowledged_at is not None
    assert warning.acknowledgement_note == "Giao Sở KH&CN báo cáo trước 20/12"
    entry = AuditEntry.objects.get(action="warning.acknowledge")
    assert entry.target_id == warning.pk and entry.actor == leader
    assert warning_counts(user=leader, period=year.period)["unhandled"] == 2


def test_a_reporter_cannot_acknowledge_even_its_own_agencys_warning(province, year):
    warnings_refresh(period=year.period, as_of=AS_OF)
    reporter = user_with("reporter", agency=province.dost, username="baocao.skhcn")
    with pytest.raises(PermissionDenied):
        warning_acknowledge(
            warning=Warning.objects.get(kind="report_late"), actor=reporter, note="Đã gửi"
        )


def test_a_note_too_long_is_refused(year):
    warnings_refresh(period=year.period, as_of=AS_OF)
    coordinator = user_with("coordinator", username="sokhcn")
    with pytest.raises(WarningError, match="2000"):
        warning_acknowledge(warning=Warning.objects.first(), actor=coordinator, note="x" * 2001)


def test_a_reporter_sees_only_its_agencys_warnings(province, year):
    warnings_refresh(period=year.period, as_of=AS_OF)
    dost = user_with("reporter", agency=province.dost, username="baocao.skhcn")
    health = user_with("reporter", agency=province.health, username="baocao.syt")
    coordinator = user_with("coordinator", username="sokhcn")
    assert warnings_visible(user=dost).count() == 3
    assert warnings_visible(user=health).count() == 0
    assert warnings_visible(user=coordinator, period=year.period).count() == 3
    # Most severe first.
    assert [w.severity for w in warnings_visible(user=coordinator)] == ["high"] * 3


def test_forecasts_refresh_stores_every_indicator_of_the_period(province, year):
    done = forecasts_refresh(period=year.period)
    assert done.indicators == 2
    assert done.forecast == 2
    assert sum(done.methods.values()) == 2


def test_approving_a_report_fits_the_forecasts_its_values_feed(province, year):
    from dxtrack.forecasting.models import IndicatorForecast
    from dxtrack.forecasting.services import forecasts_refresh_for_report

    assert not IndicatorForecast.objects.exists()
    assert forecasts_refresh_for_report(report=year.dost_report) == 2
    assert set(IndicatorForecast.objects.values_list("indicator_id", flat=True)) == {
        province.online.pk,
        province.signature.pk,
    }
