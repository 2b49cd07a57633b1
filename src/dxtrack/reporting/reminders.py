"""Reminders (đôn đốc) e-mailed to agencies whose report is not sent yet.

`dxtrack remind` runs from cron, once or several times a day. For each open period it finds
the step reached today (7, 3 or 1 days before the due date; 1, 3 or 7 days after it) and
writes to every agency whose report is still a draft or was returned, at its contact
address (`dxtrack agencies contacts`) and its active reporters' addresses,
once per report and step: `ReminderSent` records each reminder (its unique constraint is
the guard), so a second run the same day, or the day after, sends nothing more. Only the
latest step reached is sent: a period opened two days before its due date sends the
"3 days before" reminder, not the "7 days before" one as well.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction

from dxtrack.accounts.models import Profile, Role
from dxtrack.reporting import workflow
from dxtrack.reporting.models import AgencyReport, ReminderSent, ReportingPeriod

logger = logging.getLogger(__name__)

DEFAULT_BEFORE = (7, 3, 1)
DEFAULT_AFTER = (1, 3, 7)


def reminder_step(
    *, due_on: dt.date, today: dt.date, before: Sequence[int], after: Sequence[int]
) -> str | None:
    """The step reached on `today`: "before-3" from 3 days before the due date until the
    next step, "after-1" from the day after it, …; None before the first step.

    >>> reminder_step(due_on=dt.date(2026, 11, 30), today=dt.date(2026, 11, 28),
    ...               before=[7, 3, 1], after=[1, 3, 7])
    'before-3'
    """
    days_left = (due_on - today).days
    if days_left >= 0:
        reached = [n for n in before if n >= days_left]
        return f"before-{min(reached)}" if reached else None
    reached = [n for n in after if n <= -days_left]
    return f"after-{max(reached)}" if reached else None


def _when(due_on: dt.date, today: dt.date) -> str:
    days_left = (due_on - today).days
    if days_left > 1:
        return f"còn {days_left} ngày"
    if days_left == 1:
        return "hạn là ngày mai"
    if days_left == 0:
        return "hạn là hôm nay"
    return f"đã trễ hạn {-days_left} ngày"


def reminder_message(*, report: AgencyReport, today: dt.date, link: str) -> tuple[str, str]:
    """(subject, body) of the reminder for `report`, in Vietnamese."""
    period, agency = report.period, report.agency
    due = period.due_on.strftime("%d/%m/%Y")
    when = _when(period.due_on, today)
    late = period.due_on < today
    subject = (
        f"[dxtrack] {'Báo cáo đã trễ hạn' if late else 'Nhắc gửi báo cáo'}: "
        f"“{period.name}” ({when})"
    )
    lines = [
        f"Kính gửi: {agency.name}",
        "",
        f"Hệ thống theo dõi chuyển đổi số tỉnh Quảng Ngãi đề nghị đơn vị hoàn thành và gửi "
        f"báo cáo kỳ “{period.name}”.",
        f"Hạn gửi báo cáo: {due} ({when}).",
        f"Tình trạng báo cáo của đơn vị: {report.get_status_display()}.",
    ]
    if report.status == AgencyReport.Status.RETURNED and report.review_comment:
        lines.append(f"Nội dung cần bổ sung: {report.review_comment}")
    if link:
        lines.append(f"Mở báo cáo của đơn vị: {link}")
    lines += [
        "",
        "Nếu đơn vị đã gửi báo cáo sau khi thư này được lập, xin bỏ qua thư này.",
        "Thư được gửi tự động; vui lòng không trả lời thư này.",
        "",
        "Sở Khoa học và Công nghệ tỉnh Quảng Ngãi — cơ quan thường trực chuyển đổi số.",
    ]
    return subject, "\n".join(lines)


@dataclass
class ReminderRow:
    report: AgencyReport
    step: str
    recipients: list[str]


@dataclass
class ReminderRun:
    today: dt.date
    dry_run: bool
    sent: list[ReminderRow] = field(default_factory=list)
    failed: list[ReminderRow] = field(default_factory=list)
    no_address: list[AgencyReport] = field(default_factory=list)
    already: int = 0
    waiting: int = 0
    periods: list[tuple[ReportingPeriod, str | None]] = field(default_factory=list)

    def summary(self) -> str:
        verb = "Sẽ gửi" if self.dry_run else "Đã gửi"
        lines = [f"Nhắc báo cáo ngày {self.today:%d/%m/%Y}{' (chạy thử)' if self.dry_run else ''}:"]
        for period, step in self.periods:
            label = step_label(step) if step else "chưa đến mốc nhắc"
            lines.append(f"  - Kỳ “{period.name}” (hạn {period.due_on:%d/%m/%Y}): {label}.")
        lines.append(
            f"{verb} {len(self.sent)} thư nhắc; {self.already} báo cáo đã được nhắc ở mốc này; "
            f"{len(self.no_address)} đơn vị chưa có địa chỉ e-mail (đơn vị, cán bộ báo cáo); "
            f"{len(self.failed)} thư gửi không được."
        )
        for row in self.sent:
            lines.append(f"  → {row.report.agency.name}: {', '.join(row.recipients)}")
        for report in self.no_address:
            lines.append(f"  ! {report.agency.name}: không có địa chỉ e-mail để nhắc.")
        for row in self.failed:
            lines.append(f"  ✗ {row.report.agency.name}: gửi không được, sẽ thử lại lần sau.")
        return "\n".join(lines)


def step_label(step: str) -> str:
    side, _, days = step.partition("-")
    return f"mốc {days} ngày {'trước' if side == 'before' else 'sau'} hạn"


def _base_url() -> str:
    return settings.DXTRACK_BASE_URL.rstrip("/")


def reminders_send(
    *,
    today: dt.date,
    before: Sequence[int] = DEFAULT_BEFORE,
    after: Sequence[int] = DEFAULT_AFTER,
    dry_run: bool = False,
    link_of: Callable[[AgencyReport], str] | None = None,
) -> ReminderRun:
    """Send the reminders due on `today`. A fixed number of queries, whatever the number
    of periods and reports. `link_of` gives the path of a report's page, which the message
    links to under DXTRACK_BASE_URL (the command passes the web's; None: no link)."""
    run = ReminderRun(today=today, dry_run=dry_run)
    steps: dict[int, str] = {}
    for period in ReportingPeriod.objects.filter(status=ReportingPeriod.Status.OPEN).order_by(
        "due_on", "pk"
    ):
        step = reminder_step(due_on=period.due_on, today=today, before=before, after=after)
        run.periods.append((period, step))
        if step:
            steps[period.pk] = step
    if not steps:
        return run
    reports = list(
        AgencyReport.objects.filter(period_id__in=steps, status__in=workflow.WAITING)
        .select_related("period", "agency")
        .order_by("period__due_on", "agency__name")
    )
    run.waiting = len(reports)
    done = set(
        ReminderSent.objects.filter(
            report__period_id__in=steps, step__in=set(steps.values())
        ).values_list("report_id", "step")
    )
    addresses: dict[int, list[str]] = defaultdict(list)
    for report in reports:
        if report.agency.email and report.agency.email not in addresses[report.agency_id]:
            addresses[report.agency_id].append(report.agency.email)
    for agency_id, email in (
        Profile.objects.filter(
            role=Role.REPORTER,
            agency_id__in={r.agency_id for r in reports},
            user__is_active=True,
        )
        .exclude(user__email="")
        .order_by("user__email")
        .values_list("agency_id", "user__email")
    ):
        if email not in addresses[agency_id]:
            addresses[agency_id].append(email)

    todo = []
    for report in reports:
        step = steps[report.period_id]
        if (report.pk, step) in done:
            run.already += 1
        elif not addresses.get(report.agency_id):
            run.no_address.append(report)
        else:
            todo.append(ReminderRow(report, step, addresses[report.agency_id]))
    if dry_run or not todo:
        run.sent = todo
        return run

    # Claim first, in one short transaction: a second run (or a second machine) that
    # starts meanwhile finds the claims and sends nothing twice.
    claims = [
        ReminderSent(report=row.report, step=row.step, recipients=", ".join(row.recipients))
        for row in todo
    ]
    try:
        with transaction.atomic():
            ReminderSent.objects.bulk_create(claims)
    except IntegrityError:
        logger.warning("Another reminder run claimed the same reports; this run stops.")
        return run
    base = _base_url()
    try:
        with get_connection() as connection:
            for row in todo:
                path = link_of(row.report) if link_of else ""
                subject, body = reminder_message(
                    report=row.report, today=today, link=base + path if path else ""
                )
                message = EmailMessage(subject, body, to=row.recipients, connection=connection)
                try:
                    message.send()
                except Exception:  # refused by the server: the next run tries again
                    logger.exception("Reminder to %s failed", ", ".join(row.recipients))
                    run.failed.append(row)
                else:
                    run.sent.append(row)
    finally:
        # What did not go out (refused, or the mail server unreachable) is not recorded.
        sent = {id(row) for row in run.sent}
        unsent = [claim.pk for row, claim in zip(todo, claims, strict=True) if id(row) not in sent]
        if unsent:
            ReminderSent.objects.filter(pk__in=unsent).delete()
    return run
