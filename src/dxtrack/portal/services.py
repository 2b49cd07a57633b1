"""Publication: the coordinator marks key indicators public and publishes a period's approved
figures to the portal and the open data, or withdraws them.

Every function checks access itself (`accounts.access`), runs in one transaction, writes the
audit trail and moves the portal's edition on, so that cached pages and the open data's
ETag follow at once in every worker.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from dxtrack.accounts.access import Action, Actor, account_of, require
from dxtrack.audit.services import audit_record
from dxtrack.plans.models import Indicator
from dxtrack.portal.models import (
    PortalEdition,
    Publication,
    PublishedIndicatorValue,
    PublishedTaskSummary,
)
from dxtrack.portal.snapshot import period_snapshot
from dxtrack.reporting.errors import ReportingError
from dxtrack.reporting.models import AgencyReport, ReportingPeriod


class PublicationError(ReportingError):
    """A publication refused for a reason the coordinator can fix (Vietnamese message)."""


def _edition_bump() -> None:
    PortalEdition.objects.get_or_create(pk=1)
    PortalEdition.objects.filter(pk=1).update(number=F("number") + 1, changed_at=timezone.now())


@transaction.atomic
def indicator_public_set(*, indicator: Indicator, public: bool, actor: Actor) -> Indicator:
    """Mark a key indicator public, or no longer public. Its values become public only when
    a period is published; making it private withdraws every value of it published so far."""
    require(actor, Action.PUBLICATION_MANAGE)
    indicator = Indicator.objects.get(pk=indicator.pk)
    if indicator.public == public:
        return indicator
    Indicator.objects.filter(pk=indicator.pk).update(public=public)
    indicator.public = public
    withdrawn = 0
    if not public:
        withdrawn, _ = PublishedIndicatorValue.objects.filter(indicator=indicator).delete()
    audit_record(
        actor=actor,
        action="indicator.public" if public else "indicator.private",
        target=indicator,
        details={"withdrawn_values": withdrawn},
    )
    _edition_bump()
    return indicator


@transaction.atomic
def period_publish(*, period: ReportingPeriod, actor: Actor) -> Publication:
    """Publish the approved values of the period's public indicators and its task progress
    per plan (approved reports only). Publishing again replaces what was published, with
    the reports approved since."""
    require(actor, Action.PUBLICATION_MANAGE)
    period = ReportingPeriod.objects.get(pk=period.pk)
    if period.status == ReportingPeriod.Status.DRAFT:
        raise PublicationError(f"Kỳ “{period}” chưa mở: chưa có số liệu nào để công khai.")
    if not AgencyReport.objects.filter(period=period, status=AgencyReport.Status.APPROVED).exists():
        raise PublicationError(
            f"Kỳ “{period}” chưa có báo cáo nào được duyệt: chỉ số liệu đã duyệt mới được "
            "công khai."
        )
    snapshot = period_snapshot(period=period)
    replaced = Publication.objects.filter(period=period).delete()[0] > 0
    publication = Publication.objects.create(
        period=period,
        period_name=period.name,
        period_kind=period.kind,
        period_starts_on=period.starts_on,
        period_ends_on=period.ends_on,
        published_at=timezone.now(),
        published_by=account_of(actor),
    )
    for row in snapshot.indicators:
        row.publication = publication
    for task_row in snapshot.tasks:
        task_row.publication = publication
    PublishedIndicatorValue.objects.bulk_create(snapshot.indicators, batch_size=500)
    PublishedTaskSummary.objects.bulk_create(snapshot.tasks, batch_size=500)
    audit_record(
        actor=actor,
        action="period.publish",
        target=period,
        details={
            "indicators": len(snapshot.indicators),
            "tasks": sum(row.total for row in snapshot.tasks),
            "as_of": snapshot.as_of.isoformat(),
            "replaced": replaced,
        },
    )
    _edition_bump()
    return publication


@transaction.atomic
def period_unpublish(*, period: ReportingPeriod, actor: Actor) -> int:
    """Withdraw a period from the portal and the open data; returns how many indicator
    values were withdrawn."""
    require(actor, Action.PUBLICATION_MANAGE)
    publication = Publication.objects.filter(period=period).first()
    if publication is None:
        raise PublicationError(f"Kỳ “{period}” chưa được công khai.")
    withdrawn = publication.indicator_values.count()
    published_at = publication.published_at
    publication.delete()
    audit_record(
        actor=actor,
        action="period.unpublish",
        target=period,
        details={"indicators": withdrawn, "published_at": published_at.isoformat()},
    )
    _edition_bump()
    return withdrawn
