"""The agencies of a period: whether each sent its report on time, its tasks' tally, its
score with the province's weights (`evaluation.agency_score`) and its rank; the same by
kind of agency (areas) and for the province."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dxtrack.agencies.models import Agency
from dxtrack.consolidation import evaluation as ev
from dxtrack.consolidation.task_rollup import TaskTally
from dxtrack.reporting.models import AgencyReport, ReportingPeriod
from dxtrack.reporting.selectors import report_lateness_of


@dataclass
class ReportTally:
    on_time: int = 0
    late: int = 0
    missing: int = 0

    @property
    def total(self) -> int:
        return self.on_time + self.late + self.missing

    def add(self, verdict: ev.ReportVerdict) -> None:
        if verdict.kind == ev.REPORT_ON_TIME:
            self.on_time += 1
        elif verdict.kind == ev.REPORT_LATE:
            self.late += 1
        else:
            self.missing += 1


@dataclass
class AreaRow:
    """A kind of agency (Sở, ban, ngành; UBND xã, phường, đặc khu; doanh nghiệp...)."""

    kind: str
    label: str
    agency_count: int = 0
    tally: TaskTally = field(default_factory=TaskTally)
    reports: ReportTally = field(default_factory=ReportTally)


@dataclass
class AgencyScore:
    """One line of the scorecard."""

    agency: Agency
    report: AgencyReport
    report_verdict: ev.ReportVerdict
    tally: TaskTally = field(default_factory=TaskTally)
    score: float = 0.0
    rank: int = 0


def agency_scores(*, period: ReportingPeriod, as_of: dt.date) -> dict[int, AgencyScore]:
    """agency id → its line of the scorecard, with its report's timeliness as of `as_of`
    and an empty tally, in the agencies' name order. One query."""
    reports = list(
        AgencyReport.objects.filter(period=period)
        .select_related("agency")
        # The report's written assessment: a JSON document per agency no score reads.
        .defer("assessment")
        .order_by("agency__name")
    )
    return {
        r.agency_id: AgencyScore(
            agency=r.agency,
            report=r,
            report_verdict=report_lateness_of(report=r, period=period, as_of=as_of),
        )
        for r in reports
    }


def scores_rank(*, scores: list[AgencyScore], weights: ev.ScoreWeights) -> list[AgencyScore]:
    """`scores` scored with `weights`, best first; equal scores share a rank: 1, 2, 2, 4."""
    for score in scores:
        score.score = ev.agency_score(
            verdict_counts=dict(score.tally.by_verdict),
            report=score.report_verdict,
            weights=weights,
        )
    scores.sort(key=lambda s: (-s.score, s.agency.name))
    previous, rank = None, 0
    for position, score in enumerate(scores, start=1):
        if score.score != previous:
            rank, previous = position, score.score
        score.rank = rank
    return scores


def area_rows(*, scores: list[AgencyScore]) -> list[AreaRow]:
    """The agencies grouped by kind, in the order of `Agency.Kind`."""
    areas: dict[str, AreaRow] = {}
    labels = dict(Agency.Kind.choices)
    for score in scores:
        kind = score.agency.kind
        area = areas.setdefault(kind, AreaRow(kind=kind, label=labels.get(kind, kind)))
        area.agency_count += 1
        area.tally.merge(score.tally)
        area.reports.add(score.report_verdict)
    order = list(labels)
    return sorted(areas.values(), key=lambda a: order.index(a.kind) if a.kind in order else 99)


def report_tally(*, scores: list[AgencyScore]) -> ReportTally:
    """The province's reports: on time, late, missing."""
    tally = ReportTally()
    for score in scores:
        tally.add(score.report_verdict)
    return tally
