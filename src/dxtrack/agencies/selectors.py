"""Reads over the agency directory: who is in a group, which groups an agency is in, whose
work an agency took over."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from dxtrack.agencies.models import Agency, AgencyGroup, Succession


def _active_on(on: dt.date) -> Q:
    return (Q(active_from__isnull=True) | Q(active_from__lte=on)) & (
        Q(active_to__isnull=True) | Q(active_to__gte=on)
    )


def agency_group_members(group: AgencyGroup, *, on: dt.date | None = None) -> QuerySet[Agency]:
    """The group's members as of `on` (default today): the active agencies of its member
    kinds and every agency listed explicitly. One query when evaluated."""
    on = on or timezone.localdate()
    listed = AgencyGroup.members.through.objects.filter(
        agencygroup_id=group.pk, agency_id=OuterRef("pk")
    )
    by_kind = Q(kind__in=list(group.member_kinds or [])) & _active_on(on)
    return Agency.objects.filter(by_kind | Q(Exists(listed)))


def agency_groups_of(agency: Agency, *, on: dt.date | None = None) -> QuerySet[AgencyGroup]:
    """Groups the agency belongs to as of `on` (default today): those whose member kinds
    include its kind (while it is active) and those that list it. One query when evaluated."""
    on = on or timezone.localdate()
    listed = AgencyGroup.members.through.objects.filter(
        agencygroup_id=OuterRef("pk"), agency_id=agency.pk
    )
    active = (agency.active_from is None or agency.active_from <= on) and (
        agency.active_to is None or agency.active_to >= on
    )
    condition = Q(Exists(listed))
    if active:
        # member_kinds is a JSON list of plain words; its text holds the kind in quotes on
        # every backend, and JSON `contains` is not available on SQLite.
        condition |= Q(member_kinds__icontains=f'"{agency.kind}"')
    return AgencyGroup.objects.filter(condition)


def agency_predecessors(agency: Agency, *, primary_only: bool = True) -> list[Agency]:
    """Agencies whose work passed to `agency`, transitively, nearest first.

    Only primary successions carry unfinished work unless `primary_only` is False
    (then also e.g. Sở Thông tin và Truyền thông for the press duties of Sở Văn hóa,
    Thể thao và Du lịch). Two queries whatever the depth.
    """
    successions = Succession.objects.all()
    if primary_only:
        successions = successions.filter(primary=True)
    into: dict[int, list[int]] = {}
    for predecessor_id, successor_id in successions.order_by("date", "pk").values_list(
        "predecessor_id", "successor_id"
    ):
        into.setdefault(successor_id, []).append(predecessor_id)
    order: list[int] = []
    seen = {agency.pk}
    frontier = [agency.pk]
    while frontier:
        level = []
        for successor_id in frontier:
            for predecessor_id in into.get(successor_id, ()):
                if predecessor_id not in seen:
                    seen.add(predecessor_id)
                    level.append(predecessor_id)
        order.extend(level)
        frontier = level
    if not order:
        return []
    found = Agency.objects.in_bulk(order)
    return [found[pk] for pk in order if pk in found]
