"""The leaders' dashboard: one selector for the page and the API, and the drill-down reads.

`dashboard_data` reads a period (and the previous period of the same kind, and the history
of that kind) in a fixed number of grouped queries whatever the number of agencies and
periods; Python folds the grouped rows. Every verdict and colour comes from
`consolidation.evaluation` and `consolidation.colours`.

Judgement day: the chosen period is judged as of today (as the consolidation page). To
compare like with like, every other period is judged at the same distance from its end,
never after today: on 15/10 the third quarter is compared with the second as of 15/07.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models as m
from django.db.models import Case, CharField, Q, Value, When
from django.http import Http404
from django.utils import timezone

from dxtrack.accounts.access import (
    Action,
    Actor,
    agency_id_of,
    own_agency_only,
    require,
)
from dxtrack.agencies.models import Agency
from dxtrack.consolidation import colours
from dxtrack.consolidation import evaluation as ev
from dxtrack.consolidation.colour_queries import verdict_of
from dxtrack.consolidation.freshness import catalogue_count
from dxtrack.consolidation.indicator_values import plan_indicators
from dxtrack.consolidation.selectors import score_weights_current
from dxtrack.consolidation.series import (
    Judged,
    SeriesValue,
    indicator_judge,
    indicator_series,
    targets_of,
)
from dxtrack.dashboard.history import EarlierPoints, earlier_history
from dxtrack.dashboard.tasks import section_roots, task_counts
from dxtrack.kept import kept_in_process
from dxtrack.plans.models import Indicator, Plan, Section, Target
from dxtrack.reporting import workflow
from dxtrack.reporting.models import AgencyReport, ReportingPeriod, TaskStatus

# Bumped when what `_catalogue` keeps changes shape.
CATALOGUE_FORMAT = 1

# Periods of a kind shown in the history (the quarters of three years).
HISTORY_LENGTH = 12

NOT_REPORTED = ""  # the status of a task update not yet filled in

TASK_STATUS_LABELS: dict[str, str] = {
    **dict(TaskStatus.choices),
    NOT_REPORTED: ev.TASK_VERDICT_LABELS[ev.NO_REPORT],
}

# What each colour means for each kind of thing, as the tiles say it.
INDICATOR_COLOUR_LABELS = {
    colours.GREEN: "Đạt",
    colours.YELLOW: "Có nguy cơ không đạt",
    colours.RED: "Không đạt",
    colours.GREY: "Chưa có số liệu",
}
REPORT_COLOUR_LABELS = {
    colours.GREEN: "Gửi đúng hạn",
    colours.YELLOW: "Gửi muộn",
    colours.RED: "Quá hạn chưa gửi",
    colours.GREY: "Chưa đến hạn",
}
TASK_COLOUR_LABELS = {
    colours.GREEN: "Đúng tiến độ",
    colours.YELLOW: "Có nguy cơ chậm",
    colours.RED: "Chậm, quá hạn",
    colours.GREY: "Chưa triển khai",
}


# ----------------------------------------------------------------------- scope


@dataclass(frozen=True)
class Scope:
    """What the dashboard shows: a period, perhaps one plan, perhaps one agency."""

    period: ReportingPeriod
    plan: Plan | None
    agency: Agency | None
    plans: list[Plan]  # the period's plans, for the filter

    @property
    def plan_ids(self) -> list[int]:
        return [self.plan.pk] if self.plan else [p.pk for p in self.plans]

    def query(self, **extra: Any) -> dict[str, Any]:
        """The filters as URL parameters, to carry into drill-down links."""
        params: dict[str, Any] = {"period": self.period.pk}
        if self.plan:
            params["plan"] = self.plan.pk
        if self.agency:
            params["agency"] = self.agency.pk
        params.update({k: v for k, v in extra.items() if v not in (None, "")})
        return params


def dashboard_periods() -> list[ReportingPeriod]:
    """The periods with reports (opened or closed), newest first."""
    return list(
        ReportingPeriod.objects.exclude(status=ReportingPeriod.Status.DRAFT).order_by(
            "-ends_on", "-pk"
        )
    )


def dashboard_scope(
    *,
    user: Actor,
    period_id: int | None = None,
    plan_id: int | None = None,
    agency_id: int | None = None,
) -> Scope:
    """Check the user may read the dashboard of what it asks and resolve the filters.

    A reporter sees its own agency: without `agency_id` it gets its own, with another
    agency's PermissionDenied. Unknown ids raise Http404 (a period without reports, a plan
    not in the period, an agency without a report in it).
    """
    require(user, Action.DASHBOARD_READ, agency_id=agency_id)
    if agency_id is None and own_agency_only(user, Action.DASHBOARD_READ):
        agency_id = agency_id_of(user)
        if agency_id is None:
            raise PermissionDenied
    periods = ReportingPeriod.objects.exclude(status=ReportingPeriod.Status.DRAFT)
    if period_id is None:
        period = periods.order_by("-ends_on", "-pk").first()
    else:
        period = periods.filter(pk=period_id).first()
    if period is None:
        raise Http404("Không tìm thấy kỳ báo cáo.")
    plans = list(period.plans.order_by("issued_on", "pk"))
    plan = None
    if plan_id is not None:
        plan = next((p for p in plans if p.pk == plan_id), None)
        if plan is None:
            raise Http404("Kế hoạch này không thuộc kỳ báo cáo.")
    agency = None
    if agency_id is not None:
        agency = Agency.objects.filter(pk=agency_id).first()
        if agency is None:
            raise Http404("Không tìm thấy cơ quan, đơn vị.")
    return Scope(period=period, plan=plan, agency=agency, plans=plans)


def period_agencies(*, period: ReportingPeriod) -> list[Agency]:
    """The agencies with a report in the period, for the filter. One query."""
    return list(Agency.objects.filter(reports__period=period).order_by("name"))


def comparable_day(*, period: ReportingPeriod, chosen: ReportingPeriod, as_of: dt.date) -> dt.date:
    """The day `period` is judged on to compare it with `chosen` judged as of `as_of`."""
    if period.pk == chosen.pk:
        return as_of
    return min(as_of, period.ends_on + (as_of - chosen.ends_on))


def period_history(*, period: ReportingPeriod) -> list[ReportingPeriod]:
    """The periods of the same kind up to `period`, oldest first (at most HISTORY_LENGTH)."""
    earlier = (
        ReportingPeriod.objects.exclude(status=ReportingPeriod.Status.DRAFT)
        .filter(kind=period.kind)
        .filter(Q(ends_on__lt=period.ends_on) | Q(ends_on=period.ends_on, pk__lt=period.pk))
        .order_by("-ends_on", "-pk")[: HISTORY_LENGTH - 1]
    )
    return [*reversed(list(earlier)), period]


# ----------------------------------------------------------------------- results


def _colour_counts() -> dict[str, int]:
    return {colour: 0 for colour in colours.COLOURS}


@dataclass
class Count:
    """A number this period and in the previous period of the same kind."""

    value: int = 0
    previous: int | None = None

    @property
    def change(self) -> int | None:
        return None if self.previous is None else self.value - self.previous


@dataclass
class AreaBar:
    """A lĩnh vực: the top heading of a plan's task table (None: tasks outside headings)."""

    plan: Plan
    section: Section | None
    by_colour: dict[str, int] = field(default_factory=_colour_counts)

    @property
    def title(self) -> str:
        return str(self.section) if self.section else "Nhiệm vụ khác"

    @property
    def total(self) -> int:
        return sum(self.by_colour.values())


@dataclass
class AgencyLine:
    """An agency: its report's timeliness and its lead tasks by colour, with its score."""

    agency_id: int
    name: str
    kind: str
    report_status: str
    report_verdict: ev.ReportVerdict
    report_colour: str
    by_colour: dict[str, int] = field(default_factory=_colour_counts)
    by_verdict: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    score: float = 0.0
    rank: int = 0

    @property
    def total(self) -> int:
        return sum(self.by_colour.values())


@dataclass
class IndicatorLine:
    indicator: Indicator
    value: SeriesValue | None
    judged: Judged
    # The chosen and the previous period; the earlier ones are made when read (`history`).
    recent: list[tuple[ReportingPeriod, SeriesValue | None, Judged]]
    earlier: list[ReportingPeriod] = field(default_factory=list)
    earlier_points: EarlierPoints = field(default_factory=EarlierPoints)

    @property
    def history(self) -> list[tuple[ReportingPeriod, SeriesValue | None, Judged]]:
        """(period, value, verdict) in every period of the history, oldest first."""
        earlier = [
            (then, *self.earlier_points.point(indicator_id=self.indicator.pk, period_id=then.pk))
            for then in self.earlier
        ]
        return earlier + self.recent

    @property
    def target(self) -> Target | None:
        return self.judged.target

    @property
    def colour(self) -> str:
        return self.judged.colour

    @property
    def achievement(self) -> float | None:
        """The value as a share of the target (100 = the target), for the chart."""
        return achievement(self.judged.target, self.value)


def achievement(target: Target | None, value: SeriesValue | None) -> float | None:
    if target is None or value is None:
        return None
    if target.comparator == Target.Comparator.DONE or value.value is None:
        return None if value.met is None else (100.0 if value.met else 0.0)
    if not target.value:
        return None
    if target.comparator in (Target.Comparator.LE, Target.Comparator.LT):
        return round(100 * target.value / value.value, 1) if value.value else None
    return round(100 * value.value / target.value, 1)


@dataclass
class Timeliness:
    """The agencies' reports of one period by colour (on time, late, missing, not due)."""

    period: ReportingPeriod
    as_of: dt.date
    by_colour: dict[str, int] = field(default_factory=_colour_counts)


@dataclass
class Dashboard:
    scope: Scope
    as_of: dt.date
    previous: ReportingPeriod | None
    history: list[ReportingPeriod]
    tasks_by_colour: dict[str, Count]
    tasks_by_status: dict[str, Count]
    tasks_total: Count
    areas: list[AreaBar]
    agencies: list[AgencyLine]  # ranked, best first
    indicators: list[IndicatorLine]
    indicators_by_colour: dict[str, Count]
    reports_by_colour: dict[str, Count]
    timeliness: list[Timeliness]

    @property
    def period(self) -> ReportingPeriod:
        return self.scope.period


# ----------------------------------------------------------------------- the dashboard


def dashboard_data(*, scope: Scope, as_of: dt.date | None = None) -> Dashboard:
    """Everything the dashboard shows for `scope`, judged as of `as_of` (today).

    Queries: the history of periods; extension requests; the tasks of the period and of
    the previous one (one grouped query); the sections; reports; score weights;
    indicators, families, values, targets; the earlier periods' values, kept per period
    until their reports change (`history`: two more): thirteen at most, whatever the size
    of the province or the length of the history.
    """
    as_of = as_of or timezone.localdate()
    period = scope.period
    agency_id = scope.agency.pk if scope.agency else None
    history = period_history(period=period)
    previous = history[-2] if len(history) > 1 else None
    day_of = {p.pk: comparable_day(period=p, chosen=period, as_of=as_of) for p in history}

    plan_id = scope.plan.pk if scope.plan else None
    # One grouped query for both periods: this one in full, the previous one by status and
    # colour only (the tiles' change since then).
    compared = {period: as_of}
    if previous is not None:
        compared[previous] = day_of[previous.pk]
    counts = task_counts(
        judged=compared, plan_id=plan_id, agency_id=agency_id, detailed=[period.pk]
    )
    tasks_by_colour = {c: Count(previous=0 if previous else None) for c in colours.COLOURS}
    tasks_by_status = {s: Count(previous=0 if previous else None) for s in TASK_STATUS_LABELS}
    tasks_total = Count(previous=0 if previous else None)
    root_of, tops = section_roots(plan_ids=scope.plan_ids)
    plans = {p.pk: p for p in scope.plans}
    areas: dict[tuple[int, int | None], AreaBar] = {}
    per_agency: dict[int, tuple[dict[str, int], dict[str, int]]] = defaultdict(
        lambda: (_colour_counts(), defaultdict(int))
    )
    for (period_id, plan_of, section_id, agency, status, colour), n in counts.items():
        if period_id != period.pk:
            # Each `previous` starts at 0 when there is a previous period.
            tasks_by_colour[colour].previous = (tasks_by_colour[colour].previous or 0) + n
            tasks_by_status[status].previous = (tasks_by_status[status].previous or 0) + n
            tasks_total.previous = (tasks_total.previous or 0) + n
            continue
        if plan_of is None or agency is None:  # only in a period counted in part
            continue
        tasks_by_colour[colour].value += n
        tasks_by_status[status].value += n
        tasks_total.value += n
        top = root_of.get(section_id) if section_id else None
        key = (plan_of, top)
        if key not in areas:
            areas[key] = AreaBar(plan=plans[plan_of], section=tops.get(top) if top else None)
        areas[key].by_colour[colour] += n
        by_colour, by_verdict = per_agency[agency]
        by_colour[colour] += n
        by_verdict[verdict_of(status=status, colour=colour)] += n

    reports, timeliness = _reports(history=history, day_of=day_of, agency_id=agency_id)
    weights = score_weights_current()
    agencies = []
    for report in reports.get(period.pk, []):
        by_colour, by_verdict = per_agency.get(report.agency_id, (_colour_counts(), {}))
        report.by_colour.update(by_colour)
        report.by_verdict.update(by_verdict)
        report.score = ev.agency_score(
            verdict_counts=dict(by_verdict), report=report.report_verdict, weights=weights
        )
        agencies.append(report)
    _rank(agencies)
    reports_by_colour = {c: Count(previous=None) for c in colours.COLOURS}
    for point in timeliness:
        for colour, n in point.by_colour.items():
            if point.period.pk == period.pk:
                reports_by_colour[colour].value = n
            elif previous is not None and point.period.pk == previous.pk:
                reports_by_colour[colour].previous = n

    indicators, before = _indicators(scope=scope, history=history, agency_id=agency_id)
    indicators_by_colour = {c: Count(previous=0 if previous else None) for c in colours.COLOURS}
    for line in indicators:
        indicators_by_colour[line.colour].value += 1
    for colour in before:
        indicators_by_colour[colour].previous = (indicators_by_colour[colour].previous or 0) + 1

    def area_order(item: AreaBar) -> tuple:
        plan = item.plan
        return (plan.issued_on or dt.date.min, plan.pk, item.section is None,
                item.section.position if item.section else 0)  # fmt: skip

    return Dashboard(
        scope=scope,
        as_of=as_of,
        previous=previous,
        history=history,
        tasks_by_colour=tasks_by_colour,
        tasks_by_status=tasks_by_status,
        tasks_total=tasks_total,
        areas=sorted(areas.values(), key=area_order),
        agencies=agencies,
        indicators=indicators,
        indicators_by_colour=indicators_by_colour,
        reports_by_colour=reports_by_colour,
        timeliness=timeliness,
    )


def _sent_on(status: str, submitted_at: dt.datetime | None) -> dt.date | None:
    # A report sent back for revision is owed again, as on the consolidation page.
    if status in (AgencyReport.Status.DRAFT, AgencyReport.Status.RETURNED) or not submitted_at:
        return None
    return timezone.localdate(submitted_at)


def _due_end(period: ReportingPeriod) -> dt.datetime:
    """The first instant after a period's deadline in the province's time: the due time of
    day when the period has one ("trước 16 giờ"), else the end of the due day."""
    if period.due_time is not None:
        return timezone.make_aware(dt.datetime.combine(period.due_on, period.due_time))
    return timezone.make_aware(
        dt.datetime.combine(period.due_on + dt.timedelta(days=1), dt.time.min)
    )


def _reports(
    *, history: list[ReportingPeriod], day_of: dict[int, dt.date], agency_id: int | None
) -> tuple[dict[int, list[AgencyLine]], list[Timeliness]]:
    """The chosen period's reports, judged one by one (the agencies' table), and the earlier
    periods' reports counted by timeliness in the database: two queries."""
    chosen = history[-1]
    reports = AgencyReport.objects.all()
    if agency_id is not None:
        reports = reports.filter(agency_id=agency_id)
    periods = {p.pk: p for p in history}
    points = {p.pk: Timeliness(period=p, as_of=day_of[p.pk]) for p in history}
    lines: dict[int, list[AgencyLine]] = defaultdict(list)
    rows = (
        reports.filter(period=chosen)
        .order_by("agency__name")
        .values_list("agency_id", "agency__name", "agency__kind", "status", "submitted_at")
    )
    as_of = day_of[chosen.pk]
    for agency, name, kind, status, submitted_at in rows:
        verdict = ev.report_verdict(
            due_on=chosen.due_on,
            submitted_on=_sent_on(status, submitted_at),
            as_of=as_of,
            due_time=chosen.due_time,
            submitted_at=(
                timezone.localtime(submitted_at).replace(tzinfo=None)
                if _sent_on(status, submitted_at)
                else None
            ),
        )
        colour = colours.report_colour(verdict=verdict, due_on=chosen.due_on, as_of=as_of)
        points[chosen.pk].by_colour[colour] += 1
        lines[chosen.pk].append(
            AgencyLine(
                agency_id=agency,
                name=name,
                kind=kind,
                report_status=status,
                report_verdict=verdict,
                report_colour=colour,
            )
        )
    earlier = history[:-1]
    if earlier:
        # The rule of `_sent_on` and `report_verdict` in SQL: a report waiting (a draft,
        # one sent back) is owed; one sent before the end of its due day is on time.
        owed = Q(status__in=sorted(workflow.WAITING)) | Q(submitted_at__isnull=True)
        verdict_of_report = Case(
            When(owed, then=Value(ev.REPORT_MISSING)),
            *[
                When(
                    period_id=p.pk,
                    submitted_at__lt=_due_end(p),
                    then=Value(ev.REPORT_ON_TIME),
                )
                for p in earlier
            ],
            default=Value(ev.REPORT_LATE),
            output_field=CharField(),
        )
        counted = (
            reports.filter(period_id__in=[p.pk for p in earlier])
            .annotate(kind=verdict_of_report)
            .values("period_id", "kind")
            .annotate(n=m.Count("pk"))
            .order_by()
            .values_list("period_id", "kind", "n")
        )
        for period_id, verdict, n in counted:
            period = periods[period_id]
            colour = colours.report_colour(
                verdict=verdict, due_on=period.due_on, as_of=day_of[period_id]
            )
            points[period_id].by_colour[colour] += n
    return lines, [points[p.pk] for p in history]


def _rank(lines: list[AgencyLine]) -> None:
    """Best score first; equal scores share a rank (1, 2, 2, 4), as the scorecard."""
    lines.sort(key=lambda line: (-line.score, line.name))
    previous, rank = None, 0
    for position, line in enumerate(lines, start=1):
        if line.score != previous:
            rank, previous = position, line.score
        line.rank = rank


def _catalogue(*, plans: list[Plan]) -> tuple[list[Indicator], dict[int, list[Target]]]:
    """The plans' indicators (in plan order) and their targets, kept in the process while
    the plans do not change (`kept`): a save changes values, not the catalogue. Targets
    edited in the admin carry no timestamp: their save moves the catalogue's count
    (`consolidation.freshness.catalogue_changed`), read here in one small query. Two
    queries more when built."""

    def build() -> tuple[list[Indicator], dict[int, list[Target]]]:
        indicators = plan_indicators(plans=plans)
        return indicators, targets_of(indicator_ids={i.pk for i in indicators})

    ids = ",".join(str(p.pk) for p in plans)
    changed = max((str(p.updated_at) for p in plans), default="")
    changed += f":{catalogue_count()}"
    slot = f"dashboard-catalogue:{CATALOGUE_FORMAT}:{_digest(ids)}"
    return kept_in_process(slot=slot, key=f"{slot}:{_digest(changed)}", build=build)


def _digest(text: str) -> str:
    return hashlib.blake2s(text.encode(), digest_size=8).hexdigest()


def _indicators(
    *, scope: Scope, history: list[ReportingPeriod], agency_id: int | None
) -> tuple[list[IndicatorLine], list[str]]:
    """The indicators asked in the period with their history; and the colours of those
    asked in the previous period."""
    indicators, targets = _catalogue(plans=[scope.plan] if scope.plan else scope.plans)
    period = scope.period
    # The chosen period is read and counted in full; the previous one (the tiles compare
    # it) and the earlier ones are kept per period until their reports change (`history`):
    # a save in the chosen period leaves them as they were.
    previous = history[-2] if len(history) > 1 else None
    recent, earlier = history[-2:], history[:-2]
    series = indicator_series(periods=[period], indicators=indicators, agency_id=agency_id)
    asked = [i for i in indicators if (i.pk, period.pk) in series]
    kept = earlier_history(
        periods=history[:-1],
        indicators=indicators,
        plans=scope.plans,
        agency_id=agency_id,
        targets=targets,
        counted=[previous.pk] if previous else [],
    )
    before = [
        kept.point(indicator_id=i.pk, period_id=previous.pk)[1].colour
        for i in indicators
        if previous is not None and kept.asked(indicator_id=i.pk, period_id=previous.pk)
    ]
    lines = []
    for indicator in asked:
        own = targets.get(indicator.pk, [])
        latest: list[tuple[ReportingPeriod, SeriesValue | None, Judged]] = []
        for then in recent:
            if then.pk != period.pk:
                latest.append((then, *kept.point(indicator_id=indicator.pk, period_id=then.pk)))
                continue
            value = series.get((indicator.pk, then.pk))
            judged = indicator_judge(indicator=indicator, targets=own, period=then, value=value)
            latest.append((then, value, judged))
        value, judged = latest[-1][1], latest[-1][2]
        lines.append(
            IndicatorLine(
                indicator=indicator,
                value=value,
                judged=judged,
                recent=latest,
                earlier=earlier,
                earlier_points=kept,
            )
        )
    return lines, before
