"""The catalogue search: indicators, tasks, key projects and agencies found by a few words
typed without diacritics, on the search page and in the read API."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When

from dxtrack.agencies.models import Agency
from dxtrack.agencies.selectors import agency_list
from dxtrack.plans.models import Indicator, KeyProject, Task
from dxtrack.plans.selectors import CatalogueItem
from dxtrack.vn_text import fold


@dataclass
class SearchResults:
    """What a catalogue search found; `*_more` says a list was cut at the limit."""

    query: str
    terms: list[str]
    indicators: list[Indicator] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    projects: list[KeyProject] = field(default_factory=list)
    agencies: list[Agency] = field(default_factory=list)
    indicators_more: bool = False
    tasks_more: bool = False
    projects_more: bool = False
    agencies_more: bool = False

    @property
    def total(self) -> int:
        return len(self.indicators) + len(self.tasks) + len(self.projects) + len(self.agencies)


def _take(queryset: QuerySet, limit: int) -> tuple[list, bool]:
    # One row beyond the limit tells whether there are more, without a COUNT query.
    rows = list(queryset[: limit + 1])
    return rows[:limit], len(rows) > limit


def catalogue_search(*, query: str, limit: int = 50) -> SearchResults:
    """Indicators, tasks, key projects and agencies matching `query`.

    Case and diacritics are ignored ("chu ky so" finds "chữ ký số"): the query is
    folded like the stored `search_text`. Every word of the query must start a word of
    the name; names holding the whole phrase come first. At most `limit` rows of each kind.
    """
    phrase = fold(query)
    terms = phrase.split()
    results = SearchResults(query=query, terms=terms)
    if not terms:
        return results

    in_text = Q()
    for term in terms:
        in_text &= Q(search_text__startswith=term) | Q(search_text__contains=" " + term)

    def items(model: type[CatalogueItem]) -> QuerySet:
        return (
            model.objects.filter(in_text)
            .annotate(
                phrase_rank=Case(
                    When(search_text__contains=phrase, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .select_related("plan", "section")
            .order_by(
                "phrase_rank",
                F("plan__issued_on").desc(nulls_last=True),
                "plan__title",
                "plan_id",
                "position",
                "pk",
            )
        )

    results.indicators, results.indicators_more = _take(items(Indicator), limit)
    results.tasks, results.tasks_more = _take(items(Task), limit)
    results.projects, results.projects_more = _take(items(KeyProject), limit)
    results.agencies, results.agencies_more = _take(agency_list(query=query), limit)
    return results
