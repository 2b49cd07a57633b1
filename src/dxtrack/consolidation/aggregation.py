"""The consolidation of a reporting period: tasks by plan, section, area and agency;
indicators with the province's value and verdict; the agencies' scorecard and ranking.

Each part has its module: the task rules in SQL (`verdict_queries`), the task roll-up
(`task_rollup`), the indicators (`indicator_rollup`), the agencies' timeliness and score
(`agency_scores`). Counting happens in the database: one grouped query over the period's
task updates, one over indicator values, one over reports; a fixed number of queries
whatever the size of the province.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from dxtrack.collector import collector_paused
from dxtrack.consolidation import evaluation as ev
from dxtrack.consolidation.agency_scores import (
    AgencyScore,
    AreaRow,
    ReportTally,
    agency_scores,
    area_rows,
    report_tally,
    scores_rank,
)
from dxtrack.consolidation.catalogue import Catalogue, period_plans
from dxtrack.consolidation.indicator_rollup import IndicatorRow, indicator_rows
from dxtrack.consolidation.selectors import score_weights_current
from dxtrack.consolidation.task_rollup import PlanRow, TaskTally, plan_sections, task_rollup
from dxtrack.consolidation.verdict_queries import task_verdict_counts
from dxtrack.reporting.models import ReportingPeriod


@dataclass
class Consolidation:
    period: ReportingPeriod
    as_of: dt.date
    total: TaskTally
    plans: list[PlanRow]
    areas: list[AreaRow]
    agencies: list[AgencyScore]  # ranked, best first
    indicators: list[IndicatorRow]
    reports: ReportTally
    score_weights: ev.ScoreWeights = ev.DEFAULT_SCORE_WEIGHTS

    @property
    def score_method(self) -> str:
        """How the scores of `agencies` were computed, with the weights used."""
        return ev.score_method(self.score_weights)

    @property
    def indicator_counts(self) -> dict[str, int]:
        counts = {kind: 0 for kind in ev.INDICATOR_VERDICT_LABELS}
        for row in self.indicators:
            counts[row.verdict] += 1
        return counts

    @property
    def indicator_verdict_rows(self) -> list[tuple[str, str, int]]:
        """(verdict, label, count) for every verdict, "no target" included."""
        counts = self.indicator_counts
        return [(kind, label, counts[kind]) for kind, label in ev.INDICATOR_VERDICT_LABELS.items()]


def period_consolidation(
    *,
    period: ReportingPeriod,
    as_of: dt.date | None = None,
    weights: ev.ScoreWeights | None = None,
    catalogue: Catalogue | None = None,
) -> Consolidation:
    """Everything the consolidated report says about `period`, judged as of `as_of` (today
    by default: a task still in progress is overdue once its deadline has passed), the
    agencies scored with `weights` (by default the ones the province set). `catalogue`:
    the period's plans, sections, indicators and targets when the caller has them
    (`catalogue.period_catalogue`; eleven queries without, seven with)."""
    # Thousands of rows, tallies and scores that all live on: the collector waits for them.
    with collector_paused():
        return _consolidation(period=period, as_of=as_of, weights=weights, catalogue=catalogue)


def _consolidation(
    *,
    period: ReportingPeriod,
    as_of: dt.date | None,
    weights: ev.ScoreWeights | None,
    catalogue: Catalogue | None,
) -> Consolidation:
    as_of = as_of or timezone.localdate()
    weights = weights or score_weights_current()
    if catalogue is not None:
        plans, sections = catalogue.plans, catalogue.sections
    else:
        plans = period_plans(period=period)
        # Read once for the tasks' headings and the indicators' sections.
        sections = plan_sections(plan_ids=[p.pk for p in plans])
    tasks = task_rollup(
        period=period,
        plans=plans,
        grouped=task_verdict_counts(period=period, as_of=as_of),
        sections=sections,
    )
    scores = agency_scores(period=period, as_of=as_of)
    for agency_id, score in scores.items():
        tally = tasks.agencies.get(agency_id)
        if tally is not None:
            score.tally = tally
    ranked = scores_rank(scores=list(scores.values()), weights=weights)
    return Consolidation(
        period=period,
        as_of=as_of,
        total=tasks.total,
        plans=tasks.plans,
        areas=area_rows(scores=ranked),
        agencies=ranked,
        indicators=indicator_rows(
            period=period, plans=plans, sections=sections, catalogue=catalogue
        ),
        reports=report_tally(scores=ranked),
        score_weights=weights,
    )
