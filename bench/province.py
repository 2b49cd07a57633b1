"""A province of any size for the benchmarks, built in bulk.

`province_base()` installs the province as the product ships it (the agency directory, the 96
communes of Quảng Ngãi from ../shared/data/vn-admin-units.csv, the four bundled plans: about
130 agencies with work). `province_build(scale=N, years=Y)` builds on it a province N times
larger with Y years of quarterly periods:

- 130×N agencies: the directory's own, then "Đơn vị mẫu số …" (sample data, kind "Khác",
  a member of no group, so the bundled plans' group assignments keep their reach);
- about 5,000×N assignments (one agency named as lead, coordinator or implementer of a task
  or indicator): the bundled plans' own, then generated plans ("Kế hoạch mẫu số …", sample
  data) with sections, tasks (one lead, up to four coordinators, dated or recurring) and
  indicators (one lead, up to three implementers, a target for the plan's last year), every
  agency leading at least one task;
- 4×Y quarterly periods up to the quarter of today, every plan in each: a report per agency
  with work and a row per task and indicator it owes (`reporting.expectations`, the rules
  `period_open` follows), written by `bulk_create` with their content: the past periods
  closed, most of their reports approved, a few only sent or never sent, tasks done over
  time (a task done and approved is carried over afterwards); the last period open with
  reports in every state; one lead task in fifty extended, one in a hundred waiting for a
  decision on an extension;
- on PostgreSQL, the statistics of every table (ANALYZE), as autovacuum keeps them;
- a coordinator, a leader and a reporter per agency of the open period (nine in ten with
  an e-mail address), sharing one password (hashed once, Argon2 as in production).

It prints nothing; `Province.seconds` says how long it took. `consolidate.py`,
`dashboard.py` and `scale.py` build their data with it. Sample data only, never for users.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from shipped_province import extensions_add, province_base

AGENCIES_PER_SCALE = 130
ASSIGNMENTS_PER_SCALE = 5_000
BATCH = 5_000
SAMPLE = "dữ liệu mẫu"
TOPICS = [
    "Hạ tầng số",
    "Dữ liệu số",
    "Chính quyền số",
    "Kinh tế số",
    "Xã hội số",
    "An toàn thông tin mạng",
]


@dataclass(frozen=True)
class Reporter:
    username: str
    agency_id: int


@dataclass
class Province:
    """What `province_build` made, for a benchmark or a load test to use.

    `periods` oldest first, `open_period` the last one (status open, reports in every
    state); `agency_ids`: the agencies with a report in the open period, `reporters` one
    account per such agency (same order), `coordinator` and `leader` user names; every
    account signs in with `password` (web form or POST /api/v1/auth/token)."""

    scale: int
    years: int
    periods: list[Any]
    open_period: Any
    agency_ids: list[int]
    reporters: list[Reporter]
    coordinator: str
    leader: str
    password: str
    seconds: float
    counts: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        c = self.counts
        return (
            f"{c['agencies']} cơ quan, đơn vị ({len(self.agency_ids)} có báo cáo kỳ đang mở); "
            f"{c['plans']} kế hoạch, {c['tasks']} nhiệm vụ, {c['indicators']} chỉ tiêu, "
            f"{c['assignments']} phân công; {len(self.periods)} kỳ quý; {c['reports']} báo "
            f"cáo, {c['task_updates']} dòng nhiệm vụ, {c['indicator_values']} dòng chỉ tiêu, "
            f"{c['extensions']} đề nghị gia hạn"
        )


# ----------------------------------------------------------------------- a larger province


def _agencies_add(count: int) -> None:
    from dxtrack.agencies.models import Agency
    from dxtrack.vn_text import fold

    first = Agency.objects.filter(name__startswith="Đơn vị mẫu số ").count() + 1
    names = [f"Đơn vị mẫu số {n:04d} ({SAMPLE})" for n in range(first, first + count)]
    Agency.objects.bulk_create(
        (Agency(name=name, search_name=fold(name), kind=Agency.Kind.OTHER) for name in names),
        batch_size=BATCH,
    )


def _plans_generate(*, assignments: int, agency_ids: list[int], years: range, chance) -> None:
    """Plans holding about `assignments` assignments of the agencies: three in four on
    tasks, every agency leading at least one."""
    from dxtrack.plans.models import Assignment, Indicator, Plan, Section, Target, Task
    from dxtrack.vn_text import fold

    # A task names 1 lead + 0–4 coordinators (3 on average), an indicator 1 lead + 0–3
    # implementers (2.5 on average).
    task_count = max(len(agency_ids), round(assignments * 0.75 / 3))
    indicator_count = round(assignments * 0.25 / 2.5)
    plan_count = max(1, round((task_count + indicator_count) / 500))
    first = Plan.objects.filter(key__startswith="ke-hoach-mau-").count() + 1
    plans = Plan.objects.bulk_create(
        Plan(
            key=f"ke-hoach-mau-{n}",
            number=f"{n}/KH-UBND",
            title=f"Kế hoạch mẫu số {n} về chuyển đổi số ({SAMPLE})",
            kind="Kế hoạch",
            issuer="UBND tỉnh Quảng Ngãi",
            issued_on=dt.date(years.start, 1, 15),
        )
        for n in range(first, first + plan_count)
    )
    sections = Section.objects.bulk_create(
        Section(plan=plan, label=roman, title=topic, position=i)
        for plan in plans
        for i, (roman, topic) in enumerate(
            zip(["I", "II", "III", "IV", "V", "VI"], TOPICS, strict=True)
        )
    )
    by_plan: dict[int, list] = {}
    for section in sections:
        by_plan.setdefault(section.plan_id, []).append(section)
    leads = list(agency_ids)
    chance.shuffle(leads)
    tasks = []
    for n in range(task_count):
        plan = plans[n % plan_count]
        section = by_plan[plan.pk][n % len(TOPICS)]
        name = f"Nhiệm vụ mẫu {n + 1}: {section.title.lower()} ({SAMPLE})"
        start_year = chance.randrange(years.start, years.stop)
        recurrence = chance.choice(["", "", "", "", "quarterly", "yearly", "continuous"])
        starts_on = dt.date(start_year, chance.choice([1, 4, 7, 10]), 1)
        ends_on = None
        if not recurrence:
            ends_on = dt.date(start_year + chance.randint(0, 2), 12, 31)
        tasks.append(
            Task(
                plan=plan,
                section=section,
                number=str(n // plan_count + 1),
                name=name,
                search_text=fold(name),
                position=n // plan_count,
                result="Sản phẩm mẫu",
                lead_text="",
                timeframe_text=f"Từ năm {start_year}",
                starts_on=starts_on,
                ends_on=ends_on,
                recurrence=recurrence,
            )
        )
    tasks = Task.objects.bulk_create(tasks, batch_size=BATCH)
    indicators = []
    for n in range(indicator_count):
        plan = plans[n % plan_count]
        section = by_plan[plan.pk][n % len(TOPICS)]
        name = f"Chỉ tiêu mẫu {n + 1}: tỷ lệ {section.title.lower()} ({SAMPLE})"
        indicators.append(
            Indicator(
                plan=plan,
                section=section,
                number=str(n // plan_count + 1),
                name=name,
                search_text=fold(name),
                position=task_count + n // plan_count,
                unit="%",
            )
        )
    indicators = Indicator.objects.bulk_create(indicators, batch_size=BATCH)
    last = years.stop - 1
    Target.objects.bulk_create(
        (
            Target(
                indicator=indicator,
                milestone=str(last),
                year_from=last,
                year_to=last,
                text="≥ 80%",
                comparator=">=",
                value=80,
                unit="%",
            )
            for indicator in indicators
        ),
        batch_size=BATCH,
    )

    def named(role: str, item: str, obj, agency_id: int, position: int) -> Assignment:
        return Assignment(
            **{item: obj}, role=role, agency_id=agency_id, text=f"Đơn vị {agency_id}",
            position=position,
        )  # fmt: skip

    rows = []
    for n, task in enumerate(tasks):
        lead = leads[n % len(leads)]
        rows.append(named("lead", "task", task, lead, 0))
        others = chance.sample(agency_ids, k=chance.randint(0, 4))
        rows += [named("coordinating", "task", task, a, i + 1) for i, a in enumerate(others)]
    for indicator in indicators:
        rows.append(named("lead", "indicator", indicator, chance.choice(agency_ids), 0))
        others = chance.sample(agency_ids, k=chance.randint(0, 3))
        rows += [
            named("implementer", "indicator", indicator, a, i + 1) for i, a in enumerate(others)
        ]
    Assignment.objects.bulk_create(rows, batch_size=BATCH)


def _quarters(*, years: int, today: dt.date) -> list[tuple[int, int]]:
    """(year, quarter) of the last `years` years, up to the quarter holding `today`."""
    now = (today.year, (today.month - 1) // 3 + 1)
    return [
        (year, quarter)
        for year in range(today.year - years + 1, today.year + 1)
        for quarter in (1, 2, 3, 4)
        if (year, quarter) <= now
    ]


@dataclass
class _Outcome:
    """What each row of a period says, drawn once per period."""

    chance: random.Random
    is_open: bool
    done: dict[tuple[int, int], tuple[str, dt.date]] = field(default_factory=dict)


def _report_state(chance: random.Random, *, is_open: bool) -> str:
    roll = chance.random()
    if is_open:
        # The period being reported: some approved, some waiting for review, some sent
        # back, many still drafts.
        return (
            "approved" if roll < 0.2 else
            "submitted" if roll < 0.5 else
            "returned" if roll < 0.55 else "draft"
        )  # fmt: skip
    return "approved" if roll < 0.93 else "submitted" if roll < 0.97 else "draft"


def _period_build(*, period, plan_ids, tasks, outcome: _Outcome, actor_id: int) -> None:
    """The period's reports and rows, with their content, in bulk."""
    from django.utils import timezone

    from dxtrack.reporting.expectations import period_expectations
    from dxtrack.reporting.models import (
        AgencyReport,
        IndicatorValue,
        ReportingPeriod,
        TaskStatus,
        TaskUpdate,
    )

    chance = outcome.chance
    expectations = period_expectations(
        plan_ids=plan_ids, starts_on=period.starts_on, ends_on=period.ends_on, on=period.due_on
    )
    states = {
        agency_id: _report_state(chance, is_open=outcome.is_open) for agency_id in expectations
    }
    reports = []
    for agency_id, state in states.items():
        sent_at = reviewed_at = None
        if state != "draft":
            if outcome.is_open:
                sent = period.starts_on + dt.timedelta(days=chance.randint(0, 60))
            else:
                sent = period.due_on + dt.timedelta(days=chance.randint(-8, 5))
            sent_at = timezone.make_aware(dt.datetime.combine(sent, dt.time(chance.randint(7, 17))))
            if state in ("approved", "returned"):
                reviewed_at = sent_at + dt.timedelta(days=chance.randint(1, 10))
        reports.append(
            AgencyReport(
                period=period,
                agency_id=agency_id,
                status=state,
                version=1 if state == "draft" else chance.randint(2, 6),
                submitted_at=sent_at,
                reviewed_at=reviewed_at,
                reviewed_by_id=actor_id if reviewed_at else None,
                review_comment="Đề nghị bổ sung minh chứng." if state == "returned" else "",
                assessment={
                    "ha_tang": {"issues": "Hạ tầng mạng vùng sâu còn yếu.", "proposals": ""}
                }
                if state != "draft"
                else {},
            )
        )
    reports = AgencyReport.objects.bulk_create(reports, batch_size=BATCH)
    report_of = {r.agency_id: r for r in reports}
    updates, values = [], []
    span = (period.ends_on - period.starts_on).days
    for agency_id, expectation in expectations.items():
        report = report_of[agency_id]
        # A draft of the open period is half written; one never sent in the past is blank.
        blank = report.status == "draft" and (not outcome.is_open or chance.random() < 0.5)
        for position, (task_id, role) in enumerate(sorted(expectation.tasks.items())):
            update = TaskUpdate(report_id=report.pk, task_id=task_id, role=role, position=position)
            earlier = outcome.done.get((agency_id, task_id))
            if earlier is not None:
                update.status, update.completed_on = earlier
                update.description = "Đã hoàn thành."
                update.carried_over = True
            elif not blank:
                ends_on, recurring = tasks[task_id]
                past_due = not recurring and ends_on is not None and ends_on <= period.ends_on
                roll = chance.random()
                if past_due:
                    status = (
                        TaskStatus.DONE if roll < 0.6 else
                        TaskStatus.DONE_LATE if roll < 0.75 else
                        TaskStatus.NOT_DONE if roll < 0.8 else TaskStatus.IN_PROGRESS
                    )  # fmt: skip
                else:
                    status = (
                        TaskStatus.DONE if roll < 0.15 and not recurring else
                        TaskStatus.NOT_STARTED if roll < 0.3 else TaskStatus.IN_PROGRESS
                    )  # fmt: skip
                update.status = status
                update.description = "Đang triển khai theo kế hoạch."
                if status in (TaskStatus.DONE, TaskStatus.DONE_LATE):
                    update.completed_on = period.starts_on + dt.timedelta(
                        days=chance.randrange(span + 1)
                    )
                    update.description = "Đã hoàn thành, đưa vào vận hành."
                    if report.status == "approved" and role == "lead" and not recurring:
                        outcome.done[(agency_id, task_id)] = (status, update.completed_on)
            updates.append(update)
        for position, (indicator_id, role) in enumerate(sorted(expectation.indicators.items())):
            value = IndicatorValue(
                report_id=report.pk, indicator_id=indicator_id, role=role, position=position
            )
            if not blank:
                if chance.random() < 0.1:
                    value.value_met, value.value_text = True, "Đạt"
                else:
                    number = round(chance.uniform(20, 100), 1)
                    value.value_number, value.value_text = number, f"{number}".replace(".", ",")
            values.append(value)
    TaskUpdate.objects.bulk_create(updates, batch_size=BATCH)
    IndicatorValue.objects.bulk_create(values, batch_size=BATCH)
    status = ReportingPeriod.Status.OPEN if outcome.is_open else ReportingPeriod.Status.CLOSED
    ReportingPeriod.objects.filter(pk=period.pk).update(status=status)
    period.status = status


def _accounts(*, agency_ids: Iterable[int], password: str) -> tuple[str, str, list[Reporter]]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from dxtrack.accounts.models import Profile, Role

    hashed = make_password(password)
    User = get_user_model()
    staff = User.objects.bulk_create(
        [
            User(username="sokhcn.bench", password=hashed),
            User(username="lanhdao.bench", password=hashed),
        ]
    )
    agency_ids = list(agency_ids)
    # Reminders reach most agencies: one in ten has no address yet.
    users = User.objects.bulk_create(
        (
            User(
                username=f"baocao.{agency_id}",
                password=hashed,
                email="" if n % 10 == 9 else f"baocao.{agency_id}@example.invalid",
            )
            for n, agency_id in enumerate(agency_ids)
        ),
        batch_size=BATCH,
    )
    Profile.objects.bulk_create(
        [
            Profile(user=staff[0], role=Role.COORDINATOR),
            Profile(user=staff[1], role=Role.LEADER),
            *(
                Profile(user=user, role=Role.REPORTER, agency_id=agency_id)
                for user, agency_id in zip(users, agency_ids, strict=True)
            ),
        ],
        batch_size=BATCH,
    )
    reporters = [Reporter(u.username, a) for u, a in zip(users, agency_ids, strict=True)]
    return staff[0].username, staff[1].username, reporters


def province_build(
    *,
    scale: int = 1,
    years: int = 5,
    today: dt.date | None = None,
    password: str | None = None,
    seed: int = 2026,
) -> Province:
    """Build, in the current (empty, migrated) database, a province `scale` times the size
    of the shipped one with `years` years of quarterly periods up to the quarter of `today`
    (the last one open). See the module's docstring; returns a `Province`."""
    from django.db import connection, transaction
    from django.utils import timezone

    from dxtrack.agencies.models import Agency
    from dxtrack.plans.models import Assignment, Indicator, Plan, Task
    from dxtrack.reporting.models import (
        AgencyReport,
        ExtensionRequest,
        IndicatorValue,
        ReportingPeriod,
        TaskUpdate,
    )
    from dxtrack.reporting.period_rules import default_due_dates, period_bounds

    if scale < 1 or years < 1:
        raise ValueError("scale and years are at least 1")
    started = time.perf_counter()
    today = today or timezone.localdate()
    chance = random.Random(seed)  # noqa: S311 - sample data, not security
    password = password or secrets.token_urlsafe(12)
    actor = province_base()
    with transaction.atomic():
        missing = AGENCIES_PER_SCALE * scale - Agency.objects.count()
        if missing > 0:
            _agencies_add(missing)
        active = list(
            Agency.objects.exclude(active_to__lt=today).order_by("pk").values_list("pk", flat=True)
        )
        wanted = ASSIGNMENTS_PER_SCALE * scale - Assignment.objects.count()
        if wanted > 0:
            first_year = today.year - years + 1
            _plans_generate(
                assignments=wanted,
                agency_ids=active,
                years=range(first_year, today.year + 1),
                chance=chance,
            )
    plan_ids = list(Plan.objects.values_list("pk", flat=True))
    tasks = {
        pk: (ends_on, bool(recurrence))
        for pk, ends_on, recurrence in Task.objects.values_list("pk", "ends_on", "recurrence")
    }
    quarters = _quarters(years=years, today=today)
    roman = {1: "I", 2: "II", 3: "III", 4: "IV"}
    done: dict = {}
    periods = []
    for index, (year, quarter) in enumerate(quarters):
        starts_on, ends_on = period_bounds(kind="quarterly", year=year, number=quarter)
        due_on, consolidated_due_on = default_due_dates(kind="quarterly", ends_on=ends_on)
        with transaction.atomic():
            period = ReportingPeriod.objects.create(
                name=f"Báo cáo quý {roman[quarter]}/{year}",
                kind="quarterly",
                starts_on=starts_on,
                ends_on=ends_on,
                due_on=due_on,
                consolidated_due_on=consolidated_due_on,
                created_by=actor,
                opened_at=timezone.make_aware(dt.datetime.combine(starts_on, dt.time(8))),
            )
            period.plans.set(plan_ids)
            outcome = _Outcome(chance=chance, is_open=index == len(quarters) - 1, done=done)
            _period_build(
                period=period, plan_ids=plan_ids, tasks=tasks, outcome=outcome, actor_id=actor.pk
            )
        periods.append(period)
    open_period = periods[-1]
    with transaction.atomic():
        extensions_add(open_period, chance)
        extensions_add(open_period, chance, share=100, pending=True)
        agency_ids = list(
            AgencyReport.objects.filter(period=open_period)
            .order_by("agency__name")
            .values_list("agency_id", flat=True)
        )
        coordinator, leader, reporters = _accounts(agency_ids=agency_ids, password=password)
    if connection.vendor == "postgresql":
        # A server has analysed tables loaded in bulk (autovacuum) long before anyone reads
        # them; without statistics the planner guesses one row per period and joins badly.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    counts = {
        "agencies": Agency.objects.count(),
        "plans": len(plan_ids),
        "tasks": len(tasks),
        "indicators": Indicator.objects.count(),
        "assignments": Assignment.objects.count(),
        "reports": AgencyReport.objects.count(),
        "task_updates": TaskUpdate.objects.count(),
        "indicator_values": IndicatorValue.objects.count(),
        "extensions": ExtensionRequest.objects.count(),
    }
    return Province(
        scale=scale,
        years=years,
        periods=periods,
        open_period=open_period,
        agency_ids=agency_ids,
        reporters=reporters,
        coordinator=coordinator,
        leader=leader,
        password=password,
        seconds=time.perf_counter() - started,
        counts=counts,
    )
