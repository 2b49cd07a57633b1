"""What goes up, read from the database as plain rows: a period, its plans and indicators
(with their national codes), and its approved reports only. A constant number of queries
whatever the number of agencies. And the delivery log of the packets pushed up."""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.db.models import Count, Q

from dxtrack.documents.services import issuing_body_current
from dxtrack.exchange import packets as p
from dxtrack.exchange.models import DeliveryAttempt, NationalIndicatorCode, OutboxPacket
from dxtrack.plans.models import Indicator, Target
from dxtrack.reporting.assessment import TOPICS
from dxtrack.reporting.models import AgencyReport, IndicatorValue, ReportingPeriod, TaskUpdate


def sender_current() -> p.Sender:
    body = issuing_body_current()
    return p.Sender(code=settings.DXTRACK_PROVINCE_CODE, name=body.province_line.title())


def approved_reports(*, period: ReportingPeriod):
    return AgencyReport.objects.filter(period=period, status=AgencyReport.Status.APPROVED)


def period_data(*, period: ReportingPeriod, report_ids: list[int] | None = None) -> p.PeriodData:
    """The period's catalogue, and the approved reports (of `report_ids`, when given)."""
    plans = [
        p.PlanRow(
            pk=plan.pk,
            number=plan.number,
            title=plan.title,
            issuer=plan.issuer,
            issued_on=plan.issued_on,
        )
        for plan in period.plans.order_by("issued_on", "pk")
    ]
    plan_ids = [plan.pk for plan in plans]
    targets: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for indicator_id, milestone, text in (
        Target.objects.filter(indicator__plan_id__in=plan_ids)
        .order_by("indicator_id", "position", "pk")
        .values_list("indicator_id", "milestone", "text")
    ):
        targets[indicator_id].append((milestone, text))
    codes = {
        row.indicator_id: row
        for row in NationalIndicatorCode.objects.filter(indicator__plan_id__in=plan_ids)
    }
    indicators = []
    for row in (
        Indicator.objects.filter(plan_id__in=plan_ids)
        .order_by("plan_id", "position", "pk")
        .values("pk", "plan_id", "number", "name", "unit", "section__title")
    ):
        code = codes.get(row["pk"])
        indicators.append(
            p.IndicatorRow(
                pk=row["pk"],
                plan_id=row["plan_id"],
                number=row["number"],
                name=row["name"],
                unit=row["unit"],
                section=row["section__title"] or "",
                national_code=code.code if code else "",
                national_name=code.name if code else "",
                group_code=code.group_code if code else "",
                group_name=code.group_name if code else "",
                targets=tuple(targets.get(row["pk"], ())),
            )
        )
    reports = approved_reports(period=period)
    if report_ids is not None:
        reports = reports.filter(pk__in=report_ids)
    heads = list(
        reports.order_by("agency__name", "pk").values(
            "pk",
            "agency_id",
            "agency__name",
            "agency__code",
            "agency__kind",
            "submitted_at",
            "reviewed_at",
            "assessment",
        )
    )
    ids = [head["pk"] for head in heads]
    tasks: dict[int, list[p.TaskRow]] = defaultdict(list)
    for task_row in (
        TaskUpdate.objects.filter(report_id__in=ids)
        .order_by("report_id", "role", "position", "pk")
        .values_list(
            "report_id",
            "task_id",
            "task__number",
            "task__name",
            "role",
            "status",
            "description",
            "evidence",
            "completed_on",
            "difficulties",
            "proposals",
        )
        .iterator(chunk_size=5000)
    ):
        tasks[task_row[0]].append(p.TaskRow(*task_row[1:]))
    values: dict[int, list[p.ValueRow]] = defaultdict(list)
    for value_row in (
        IndicatorValue.objects.filter(report_id__in=ids)
        .order_by("report_id", "position", "pk")
        .values_list(
            "report_id",
            "indicator_id",
            "value_text",
            "value_number",
            "value_met",
            "note",
            "source",
        )
        .iterator(chunk_size=5000)
    ):
        values[value_row[0]].append(p.ValueRow(*value_row[1:]))
    labels = dict(TOPICS)
    rows = [
        p.ReportRow(
            pk=head["pk"],
            agency_id=head["agency_id"],
            agency_name=head["agency__name"],
            agency_code=head["agency__code"],
            agency_kind=head["agency__kind"],
            submitted_at=head["submitted_at"],
            approved_at=head["reviewed_at"],
            assessment=tuple(
                (
                    labels[key],
                    (head["assessment"] or {}).get(key, {}).get("issues", ""),
                    (head["assessment"] or {}).get(key, {}).get("proposals", ""),
                )
                for key, _label in TOPICS
                if (head["assessment"] or {}).get(key)
            ),
            tasks=tuple(tasks.get(head["pk"], ())),
            values=tuple(values.get(head["pk"], ())),
        )
        for head in heads
    ]
    period_row = p.PeriodRow(
        pk=period.pk,
        name=period.name,
        kind=period.kind,
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        due_on=period.due_on,
    )
    return p.PeriodData(
        sender=sender_current(),
        period=period_row,
        plans=plans,
        indicators=indicators,
        reports=rows,
    )


# ----------------------------------------------------------------------- the delivery log

OUTBOX_STATES = {
    "cho-gui": "Chờ gửi lần đầu",
    "loi": "Gửi lỗi, chờ gửi lại",
    "da-nhan": "Bên nhận đã xác nhận",
}


def _outbox_state_filter(state: str) -> Q:
    if state == "cho-gui":
        return Q(delivered_at__isnull=True, attempts=0)
    if state == "loi":
        return Q(delivered_at__isnull=True, attempts__gt=0)
    if state == "da-nhan":
        return Q(delivered_at__isnull=False)
    return Q()


def outbox_list(*, state: str = "", period_id: int | None = None):
    """The outbox for the delivery log, newest first, as plain rows (no body): one query
    per page whatever the number of packets."""
    rows = OutboxPacket.objects.filter(_outbox_state_filter(state))
    if period_id is not None:
        rows = rows.filter(period_id=period_id)
    return rows.order_by("-pk").values(
        "pk",
        "kind",
        "key",
        "period_id",
        "period__name",
        "report__agency__name",
        "created_at",
        "delivered_at",
        "attempts",
        "next_attempt_at",
        "last_status",
        "last_error",
        "alerted_at",
    )


def outbox_counts(*, period_id: int | None = None) -> dict[str, int]:
    """How many packets are in each state of OUTBOX_STATES, in one query."""
    rows = OutboxPacket.objects.all()
    if period_id is not None:
        rows = rows.filter(period_id=period_id)
    return rows.aggregate(
        **{
            state.replace("-", "_"): Count("pk", filter=_outbox_state_filter(state))
            for state in OUTBOX_STATES
        }
    )


def outbox_packet_detail(*, packet_id: int) -> tuple[OutboxPacket, list[DeliveryAttempt]] | None:
    """A packet with its period and report, and every delivery attempt (oldest first)."""
    packet = (
        OutboxPacket.objects.select_related("period", "report__agency")
        .defer("body")
        .filter(pk=packet_id)
        .first()
    )
    if packet is None:
        return None
    return packet, list(DeliveryAttempt.objects.filter(packet_id=packet_id).order_by("at", "pk"))
