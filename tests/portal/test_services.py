import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from dxtrack.audit.models import AuditEntry
from dxtrack.plans.models import Indicator
from dxtrack.portal.models import Publication, PublishedIndicatorValue, PublishedTaskSummary
from dxtrack.portal.selectors import portal_edition
from dxtrack.portal.services import (
    PublicationError,
    indicator_public_set,
    period_publish,
    period_unpublish,
)
from dxtrack.reporting.models import ReportingPeriod
from portal.scenario import published_scenario

pytestmark = pytest.mark.django_db


def _published(publication):
    return {v.indicator_id: v for v in publication.indicator_values.all()}


def test_publish_copies_only_approved_values_of_public_indicators(scenario):
    values = _published(scenario.publication)
    ind = scenario.indicators
    assert set(values) == {ind.signatures.pk, ind.short.pk, ind.later.pk}
    signatures = values[ind.signatures.pk]
    assert signatures.value_text == "61,37%"
    assert signatures.value_number == pytest.approx(61.37)
    assert signatures.verdict == "met"
    assert signatures.colour == "green"
    assert (signatures.milestone, signatures.target_text) == ("2025", "≥ 50%")
    assert signatures.agency == "Sở Khoa học và Công nghệ"
    assert signatures.plan_name.startswith("38/KH-UBND")


def test_published_colours_follow_the_colour_rule(scenario):
    values = _published(scenario.publication)
    # Short of the 2025 target in the 2025 report: the milestone has passed.
    assert (
        values[scenario.indicators.short.pk].verdict,
        values[scenario.indicators.short.pk].colour,
    ) == (
        "not_met",
        "red",
    )
    # Short of the 2030 target in 2025: still at risk, not missed.
    assert values[scenario.indicators.later.pk].colour == "yellow"


def test_task_summary_counts_approved_reports_only(scenario):
    (summary,) = PublishedTaskSummary.objects.filter(publication=scenario.publication)
    # The sent-but-not-approved "done" and the draft's "in progress" are not counted.
    assert summary.by_status == {"done": 1, "in_progress": 1, "not_started": 1}
    assert summary.total == 3
    assert sum(summary.by_colour.values()) == 3
    # Judged on the period's last day: the June deadline has passed.
    assert summary.by_colour["green"] == 1  # done on time
    assert summary.by_colour["red"] == 2  # overdue


def test_publish_and_unpublish_are_audited_with_the_date(scenario):
    entry = AuditEntry.objects.get(action="period.publish", target_id=scenario.year.pk)
    assert entry.actor == scenario.users.coordinator
    assert entry.details["indicators"] == 3
    assert scenario.publication.published_at is not None
    withdrawn = period_unpublish(period=scenario.year, actor=scenario.users.coordinator)
    assert withdrawn == 3
    assert not Publication.objects.exists()
    assert not PublishedIndicatorValue.objects.exists()
    entry = AuditEntry.objects.get(action="period.unpublish", target_id=scenario.year.pk)
    assert entry.details["published_at"] == scenario.publication.published_at.isoformat()


def test_publishing_again_replaces_the_snapshot(scenario):
    again = period_publish(period=scenario.year, actor=scenario.users.coordinator)
    assert Publication.objects.count() == 1
    assert again.indicator_values.count() == 3
    assert AuditEntry.objects.filter(action="period.publish").count() == 2


@pytest.mark.parametrize("role", ["leader", "reporter", "anonymous"])
def test_only_the_coordinator_publishes(scenario, role):
    actor = AnonymousUser() if role == "anonymous" else getattr(scenario.users, role)
    with pytest.raises(PermissionDenied):
        period_publish(period=scenario.quarter, actor=actor)
    with pytest.raises(PermissionDenied):
        period_unpublish(period=scenario.year, actor=actor)
    with pytest.raises(PermissionDenied):
        indicator_public_set(indicator=scenario.indicators.private, public=True, actor=actor)
    assert Publication.objects.count() == 1
    assert not Indicator.objects.get(pk=scenario.indicators.private.pk).public


def test_a_draft_period_or_one_without_approved_report_is_not_published(scenario):
    coordinator = scenario.users.coordinator
    scenario.quarter.status = ReportingPeriod.Status.DRAFT
    scenario.quarter.save()
    with pytest.raises(PublicationError, match="chưa mở"):
        period_publish(period=scenario.quarter, actor=coordinator)
    scenario.quarter.status = ReportingPeriod.Status.OPEN
    scenario.quarter.save()
    scenario.quarter.reports.update(status="submitted")
    with pytest.raises(PublicationError, match="chưa có báo cáo nào được duyệt"):
        period_publish(period=scenario.quarter, actor=coordinator)


def test_unpublishing_a_period_not_published_is_refused(scenario):
    with pytest.raises(PublicationError, match="chưa được công khai"):
        period_unpublish(period=scenario.quarter, actor=scenario.users.coordinator)


def test_making_an_indicator_private_withdraws_its_published_values(scenario):
    signatures = scenario.indicators.signatures
    before = portal_edition()
    indicator_public_set(indicator=signatures, public=False, actor=scenario.users.coordinator)
    assert not PublishedIndicatorValue.objects.filter(indicator=signatures).exists()
    assert PublishedIndicatorValue.objects.count() == 2
    assert portal_edition().number == before.number + 1
    entry = AuditEntry.objects.get(action="indicator.private")
    assert entry.details == {"withdrawn_values": 1}


def test_a_newly_public_indicator_shows_only_after_publishing(scenario):
    private = scenario.indicators.private
    indicator_public_set(indicator=private, public=True, actor=scenario.users.coordinator)
    assert not PublishedIndicatorValue.objects.filter(indicator=private).exists()
    period_publish(period=scenario.year, actor=scenario.users.coordinator)
    assert PublishedIndicatorValue.objects.get(indicator=private).value_text == "55,67%"


def test_every_change_moves_the_edition_on(db):
    scenario = published_scenario(publish=False)
    assert portal_edition().number == 0
    period_publish(period=scenario.year, actor=scenario.users.coordinator)
    first = portal_edition()
    period_unpublish(period=scenario.year, actor=scenario.users.coordinator)
    second = portal_edition()
    assert (first.number, second.number) == (1, 2)
    assert first.etag != second.etag
