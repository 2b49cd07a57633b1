"""Reads over the agency directory: the directory on a date (`agency_roster`), one agency,
the list, who is in a group, which groups an agency is in, whose work an agency took over.

Who is active, who is a member and where work goes are decided in `roster.py` alone; the
functions here load its rows and turn its answers back into model objects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from dxtrack.accounts.models import Profile, Role
from dxtrack.agencies.models import Agency, AgencyAlias, AgencyGroup, Succession
from dxtrack.agencies.roster import AgencyRow, GroupRow, Roster, SuccessionRow
from dxtrack.agencies.services import directory_from_db
from dxtrack.vn_text import fold


class AgencyNotFound(LookupError):
    """No agency of the directory goes by the name; the message is for the user."""


def agency_roster(*, on: dt.date | None = None) -> Roster:
    """The directory as of `on` (default today), in three queries whatever its size."""
    agencies = [
        AgencyRow(id=pk, kind=kind, active_from=start, active_to=end)
        for pk, kind, start, end in Agency.objects.order_by().values_list(
            "pk", "kind", "active_from", "active_to"
        )
    ]
    groups: dict[int, dict] = {}
    # One row per (group, listed member): a LEFT JOIN, so groups without a list come too.
    for pk, kinds, successor_id, succeeded_on, active_to, member_id in AgencyGroup.objects.order_by(
        "pk", "members__id"
    ).values_list("pk", "member_kinds", "successor_id", "succeeded_on", "active_to", "members__id"):
        group = groups.setdefault(
            pk,
            {
                "id": pk,
                "member_kinds": tuple(kinds or ()),
                "members": [],
                "successor_id": successor_id,
                "succeeded_on": succeeded_on,
                "active_to": active_to,
            },
        )
        if member_id is not None:
            group["members"].append(member_id)
    successions = [
        SuccessionRow(id=pk, predecessor_id=before, successor_id=after, date=date, primary=primary)
        for pk, before, after, date, primary in Succession.objects.order_by().values_list(
            "pk", "predecessor_id", "successor_id", "date", "primary"
        )
    ]
    return Roster(
        on=on or timezone.localdate(),
        agencies=agencies,
        groups=[GroupRow(**{**g, "members": tuple(g["members"])}) for g in groups.values()],
        successions=successions,
    )


def agency_group_members(group: AgencyGroup, *, on: dt.date | None = None) -> QuerySet[Agency]:
    """The group's members as of `on` (default today): the active agencies of its member
    kinds, and whoever carries the work of each agency it lists. Four queries."""
    return Agency.objects.filter(pk__in=agency_roster(on=on).group_members(group.pk))


def agency_groups_of(agency: Agency, *, on: dt.date | None = None) -> QuerySet[AgencyGroup]:
    """The groups in force as of `on` (default today) that the agency is a member of. Four
    queries."""
    return AgencyGroup.objects.filter(pk__in=agency_roster(on=on).groups_of(agency.pk))


def agency_predecessors(
    agency: Agency, *, primary_only: bool = True, on: dt.date | None = None
) -> list[Agency]:
    """Agencies whose work passed to `agency` by `on` (default today), transitively, nearest
    first: its history, from every succession dated on or before that day.

    Only primary successions carry unfinished work unless `primary_only` is False
    (then also e.g. Sở Thông tin và Truyền thông for the press duties of Sở Văn hóa,
    Thể thao và Du lịch). Four queries whatever the depth.
    """
    order = [
        s.predecessor_id for s in agency_roster(on=on).lineage(agency.pk, primary_only=primary_only)
    ]
    if not order:
        return []
    found = Agency.objects.in_bulk(order)
    return [found[pk] for pk in order if pk in found]


@dataclass
class AgencyDetail:
    """An agency with what the agency page and API show about it.

    `active`, `groups` and `predecessors` are as of the day asked: whether it is active,
    the groups it is a member of, and the successions whose work it carries (nearest
    first). `successors` are the records of where its own work went, primary first,
    whatever their date.
    """

    agency: Agency
    active: bool
    aliases: list[AgencyAlias]
    groups: list[AgencyGroup]
    predecessors: list[Succession]
    successors: list[Succession]


def agency_detail(*, agency_id: int, on: dt.date | None = None) -> AgencyDetail:
    """One agency with aliases, groups, predecessors and successors as of `on` (default
    today), in at most eight queries.

    Raises `Agency.DoesNotExist` when there is no such agency.
    """
    agency = Agency.objects.get(pk=agency_id)
    roster = agency_roster(on=on)
    handed = [s.id for s in roster.handed_over_to(agency.pk)]
    successions = (
        Succession.objects.select_related("predecessor", "successor").in_bulk(handed)
        if handed
        else {}
    )
    group_ids = roster.groups_of(agency.pk)
    return AgencyDetail(
        agency=agency,
        active=roster.is_active(agency.pk),
        aliases=list(agency.aliases.order_by("name")),
        groups=list(AgencyGroup.objects.filter(pk__in=group_ids)) if group_ids else [],
        predecessors=[successions[pk] for pk in handed if pk in successions],
        successors=list(
            agency.successions.select_related("successor").order_by("-primary", "date", "pk")
        ),
    )


def agency_list(*, kind: str = "", query: str = "") -> QuerySet[Agency]:
    """Agencies by name, optionally of one kind and matching `query` (ignoring diacritics).

    Each row carries `successor_id` and `successor_name`: where its work went when it
    has ceased.
    """
    agencies = Agency.objects.all()
    if kind:
        agencies = agencies.filter(kind=kind)
    terms = fold(query).split()
    if terms:
        in_name = Q()
        for term in terms:
            in_name &= Q(search_name__contains=term)
        alias_matches = AgencyAlias.objects.filter(agency=OuterRef("pk"))
        for term in terms:
            alias_matches = alias_matches.filter(key__contains=term)
        agencies = agencies.filter(in_name | Exists(alias_matches))
    primary = Succession.objects.filter(predecessor=OuterRef("pk"), primary=True)
    return agencies.annotate(
        successor_id=Subquery(primary.values("successor_id")[:1]),
        successor_name=Subquery(primary.values("successor__name")[:1]),
    ).prefetch_related(Prefetch("aliases", queryset=AgencyAlias.objects.order_by("name")))


def agency_find(*, name: str) -> Agency:
    """The agency named `name` (its name, short name or an alias, any case or diacritics).

    Raises `AgencyNotFound` with a message for the user.
    """
    resolution = directory_from_db().resolve_name(name)
    if resolution.agency is None:
        raise AgencyNotFound(f"Không tìm thấy đơn vị “{name}” trong danh bạ.")
    return Agency.objects.get(name=resolution.agency)


def agencies_without_address(*, agency_ids: Iterable[int] | QuerySet) -> QuerySet[Agency]:
    """Of `agency_ids` (ids, or a query of ids), the agencies reminders cannot reach: no
    contact e-mail and no active reporter with an e-mail address, by name."""
    reachable = Profile.objects.filter(
        agency=OuterRef("pk"), role=Role.REPORTER, user__is_active=True
    ).exclude(user__email="")
    ids = agency_ids if isinstance(agency_ids, QuerySet) else list(agency_ids)
    return Agency.objects.filter(pk__in=ids, email="").exclude(Exists(reachable)).order_by("name")
