"""What a period's consolidation is read from, as one fingerprint that any change moves.

A kept consolidation (`kept.period_consolidation_kept`) is served only under the same
fingerprint, so it is never stale. The fingerprint reads, in one query (the period's own,
when the period is read `with_fingerprint`):

- the period's reports: how many, the sum of their versions (each save, submission,
  approval, return, review and decision adds one, in the same transaction as the rows it
  writes) and the last change; the row of the period itself (dates, status);
- the plans of the period, the plans (an import saves its plan), the agencies (every write
  of the directory sets `updated_at`, bulk ones too), the extension requests, the score
  weights, the indicator families: how many, the last change;
- the rows without a timestamp (sections, tasks, indicators, targets, assignments, family
  members): how many of each, so that a row deleted or added shows; and `CatalogueChange`,
  a count that `catalogue_changed` moves whenever one of them is saved (a signal, for the
  admin and any service saving one row) or written in bulk outside a plan import (the
  families' confirmation), or the plans of a period change.

A deletion needs no signal (the counts move), which keeps the fast bulk deletes of a plan
import: a receiver of `post_delete` would make Django fetch and signal every row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.db import connection
from django.db.models import F, QuerySet, TextField
from django.db.models.expressions import RawSQL
from django.db.models.signals import m2m_changed, post_save
from django.utils import timezone

from dxtrack.agencies.models import Agency
from dxtrack.consolidation.models import (
    CatalogueChange,
    IndicatorFamily,
    IndicatorFamilyMember,
    ScoreSettings,
)
from dxtrack.plans.models import Assignment, Indicator, Plan, Section, Target, Task
from dxtrack.reporting.models import AgencyReport, ExtensionRequest, ReportingPeriod
from dxtrack.reporting.workflow import minutes_late

# The attribute `with_fingerprint` gives each period.
FINGERPRINT = "consolidation_inputs"
# Between the catalogue's part of the fingerprint's text and the rest.
_CATALOGUE_END = "#"
# The rows without a timestamp whose saves move `CatalogueChange`.
WATCHED = (Section, Task, Indicator, Target, Assignment, IndicatorFamilyMember)


def catalogue_changed() -> None:
    """Move the count of `CatalogueChange`, inside the caller's transaction: rolled back
    with it, and seen by readers together with what changed."""
    moved = CatalogueChange.objects.filter(key="default").update(
        count=F("count") + 1, updated_at=timezone.now()
    )
    if not moved:  # a database emptied since its migrations (tests that flush)
        CatalogueChange.objects.get_or_create(key="default", defaults={"count": 1})


def catalogue_count() -> int:
    """How many times the rows without a timestamp have changed (`catalogue_changed`). One
    query: for a reader that keeps something built from those rows under its own key."""
    return CatalogueChange.objects.values_list("count", flat=True).first() or 0


def _saved(**_kwargs: Any) -> None:
    catalogue_changed()


def _plans_changed(*, action: str, **_kwargs: Any) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        catalogue_changed()


def watch_catalogue() -> None:
    """Connect the receivers (`ConsolidationConfig.ready`)."""
    for model in WATCHED:
        post_save.connect(_saved, sender=model, dispatch_uid=f"consolidation-{model.__name__}")
    m2m_changed.connect(
        _plans_changed,
        sender=ReportingPeriod.plans.through,
        dispatch_uid="consolidation-period-plans",
    )


def _quoted(model: Any) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _part(*, count: str, total: str = "0", last: str = "NULL", table: str, where: str = "") -> str:
    """One scalar subquery: the row count, a sum and a last change of `table`, as text."""
    text = " || ':' || ".join(
        f"COALESCE(CAST({expression} AS TEXT), '')" for expression in (count, total, last)
    )
    return f"(SELECT {text} FROM {table}{where})"  # noqa: S608 (names from the models)


def _fingerprint_sql() -> str:
    """The text every part of the fingerprint is made of, as one SQL expression over the
    row of the period (`reporting_reportingperiod`, not aliased): one query together
    with the period itself."""
    period = _quoted(ReportingPeriod)
    own_id = f"{period}.{connection.ops.quote_name('id')}"
    # What the plans' catalogue of the period (`catalogue.period_catalogue`) is read from.
    catalogue = [
        _part(
            count="COUNT(*)",
            total="SUM(plan_id)",
            table=_quoted(ReportingPeriod.plans.through),
            where=f" WHERE reportingperiod_id = {own_id}",
        ),
        _part(count="COUNT(*)", last="MAX(updated_at)", table=_quoted(Plan)),
        _part(
            count="COUNT(*)",
            total="SUM(count)",
            last="MAX(updated_at)",
            table=_quoted(CatalogueChange),
        ),
        *(_part(count="COUNT(*)", table=_quoted(m)) for m in (Section, Task, Indicator, Target)),
    ]
    stamped = (Agency, ExtensionRequest, ScoreSettings, IndicatorFamily)
    rest = [
        # The period's own row comes with the query: its last change is a column.
        f"COALESCE(CAST({period}.{connection.ops.quote_name('updated_at')} AS TEXT), '')",
        _part(
            count="COUNT(*)",
            total="SUM(version)",
            last="MAX(updated_at)",
            table=_quoted(AgencyReport),
            where=f" WHERE period_id = {own_id}",
        ),
        *(_part(count="COUNT(*)", last="MAX(updated_at)", table=_quoted(m)) for m in stamped),
        *(_part(count="COUNT(*)", table=_quoted(m)) for m in (Assignment, IndicatorFamilyMember)),
    ]
    return f" || '{_CATALOGUE_END}' || ".join(
        [" || '|' || ".join(catalogue), " || '|' || ".join(rest)]
    )


def with_fingerprint(periods: QuerySet[ReportingPeriod]) -> QuerySet[ReportingPeriod]:
    """`periods`, each read with the text of its consolidation's fingerprint (`FINGERPRINT`)
    in the same query: what `consolidation_fingerprint` digests without a query more."""
    # No parameter: table and column names from the models only.
    text = RawSQL(_fingerprint_sql(), (), output_field=TextField())  # noqa: S611
    return periods.annotate(**{FINGERPRINT: text})


def _fingerprint_text(period: ReportingPeriod) -> str:
    # Read again unless the period came with it: a period kept across writes must not
    # answer with the text of its first reading.
    text = getattr(period, FINGERPRINT, None)
    if text is None:
        text = with_fingerprint(ReportingPeriod.objects.filter(pk=period.pk)).values_list(
            FINGERPRINT, flat=True
        )[0]
    return text


def _digest(text: str) -> str:
    return hashlib.blake2s(text.encode(), digest_size=12).hexdigest()


def consolidation_fingerprints(*, period: ReportingPeriod) -> tuple[str, str]:
    """Two digests, from the period when it was read `with_fingerprint`, else one query:
    of every row `period_consolidation` of `period` reads, and of the rows its catalogue
    (`catalogue.period_catalogue`: plans, sections, indicators, targets) is read from,
    which a report saved leaves as they were."""
    text = _fingerprint_text(period)
    return _digest(text), _digest(text.partition(_CATALOGUE_END)[0])


def consolidation_fingerprint(*, period: ReportingPeriod) -> str:
    """The first of `consolidation_fingerprints`."""
    return consolidation_fingerprints(period=period)[0]


def consolidation_clock(*, period: ReportingPeriod, as_of: dt.date) -> str:
    """What of the clock the consolidation depends on besides `as_of`: with a deadline at a
    time of day and `as_of` today, a report not sent is late to the minute
    (`reporting.selectors.report_lateness_of`), so the minutes past the deadline; else
    nothing."""
    if period.due_time is None or as_of != timezone.localdate():
        return ""
    now = timezone.localtime().replace(tzinfo=None)
    due_at = dt.datetime.combine(period.due_on, period.due_time)
    return str(minutes_late(due_at=due_at, done_at=None, now=now))
