"""The dashboard's numbers, kept between requests until something they depend on changes.

A key names what is shown (period, plan, agency scope), the judgement day (colours move
with the date) and a fingerprint of every row the numbers are read from: the reports of
the periods of the chosen kind (each save, submission, return, approval adds one to a
report's `version` and moves its `updated_at`), the periods themselves (opened, closed,
due dates), extension requests (asked, decided), the score weights, the plans
(re-imported) and the count every save of a row without a timestamp moves (a target edited
in the admin: `consolidation.freshness.catalogue_changed`). One cheap grouped query reads
it; any change gives a new key at once, so a stale number is never served.

The scope comes from `dashboard_scope`, which has already checked access; the agency is in
the key, so a reporter only ever meets the entry of its own agency.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from dxtrack.consolidation.models import CatalogueChange, ScoreSettings
from dxtrack.dashboard.selectors import Dashboard, Scope, dashboard_data
from dxtrack.kept import kept_in_process
from dxtrack.plans.models import Plan
from dxtrack.reporting.models import AgencyReport, ExtensionRequest, ReportingPeriod

# Bumped when what is cached changes shape, so that a shared cache never serves an old form.
CACHE_FORMAT = 1

T = TypeVar("T")


def _fingerprint_sql() -> str:
    report = AgencyReport._meta.db_table
    period = ReportingPeriod._meta.db_table
    extension = ExtensionRequest._meta.db_table
    weights = ScoreSettings._meta.db_table
    plan = Plan._meta.db_table
    catalogue = CatalogueChange._meta.db_table
    # Table names from the models, never from input.
    return f"""
SELECT COUNT(*), COALESCE(SUM(r.version), 0), MAX(r.updated_at)
  FROM {report} r JOIN {period} p ON p.id = r.period_id WHERE p.kind = %s
UNION ALL SELECT COUNT(*), 0, MAX(updated_at) FROM {period}
UNION ALL SELECT COUNT(*), 0, MAX(updated_at) FROM {extension}
UNION ALL SELECT COUNT(*), 0, MAX(updated_at) FROM {weights}
UNION ALL SELECT COUNT(*), 0, MAX(updated_at) FROM {plan}
UNION ALL SELECT COUNT(*), COALESCE(SUM(count), 0), MAX(updated_at) FROM {catalogue}
"""  # noqa: S608


def dashboard_fingerprint(*, scope: Scope) -> str:
    """A digest of what the scope's numbers are read from. One query."""
    with connection.cursor() as cursor:
        cursor.execute(_fingerprint_sql(), [scope.period.kind])
        rows = cursor.fetchall()
    return hashlib.blake2s(repr(rows).encode(), digest_size=12).hexdigest()


@dataclass(frozen=True)
class DashboardCache:
    """The cache entries of one scope on one day, under one fingerprint read once."""

    scope: Scope
    as_of: dt.date
    fingerprint: str

    def key(self, part: str) -> str:
        scope = self.scope
        plan = scope.plan.pk if scope.plan else "all"
        agency = scope.agency.pk if scope.agency else "all"
        return (
            f"dashboard:{CACHE_FORMAT}:{part}:{scope.period.pk}:{plan}:{agency}:"
            f"{self.as_of.isoformat()}:{self.fingerprint}"
        )

    def get(self, part: str, compute: Callable[[], T]) -> T:
        """The cached `part` (the page's body, the API's JSON), computed when absent."""
        key = self.key(part)
        found = cache.get(key)
        if found is None:
            found = compute()
            cache.set(key, found, settings.DXTRACK_DASHBOARD_CACHE_SECONDS)
        return found

    def data(self) -> Dashboard:
        """`dashboard_data` for the scope, from the cache while nothing it reads changed:
        kept in the process, a token in the cache (`kept.kept_in_process`)."""
        key = self.key("data")
        return kept_in_process(
            slot=key.rsplit(":", 1)[0],  # the key without the fingerprint
            key=key,
            build=lambda: dashboard_data(scope=self.scope, as_of=self.as_of),
        )


def dashboard_cache(*, scope: Scope, as_of: dt.date | None = None) -> DashboardCache:
    """The dashboard's cache for the scope, judged as of `as_of` (today). One query."""
    as_of = as_of or timezone.localdate()
    return DashboardCache(scope=scope, as_of=as_of, fingerprint=dashboard_fingerprint(scope=scope))


def dashboard_data_cached(*, scope: Scope, as_of: dt.date | None = None) -> Dashboard:
    """`dashboard_data` for the scope, cached (one query when nothing changed)."""
    return dashboard_cache(scope=scope, as_of=as_of).data()
