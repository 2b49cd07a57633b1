"""The agency directory on one date: who is active, who is in a group, and who carries the
work of an agency or a group that is gone.

This is the one statement of those rules. The agency page, the period's expectations (and so
the reports and the documents made from them) all read a `Roster`, so they cannot disagree
about who owes a task. Pure Python (no Django): `agencies.selectors.agency_roster` loads the
rows; tests may build a roster by hand.

The rules, as of the roster's date `on`:

- An agency is active when `active_from <= on <= active_to` (an open end is no limit).
- Work passes along the *primary* succession only (the others record where a part of the
  duties went), and only once the succession is dated on or before `on`; it passes from an
  agency that is no longer active, step by step, to the first active agency of the chain.
  An inactive agency whose work has nowhere to go carries nothing.
- A group's members are the active agencies of its kinds and, for each agency it lists,
  whoever carries that agency's work (a listed department that was merged is replaced by
  the department it merged into).
- A group passes its work to its successor group from `succeeded_on` (or, when that is not
  given, from the day after `active_to`); a group that has ended with nowhere to go reaches
  nobody. A successor group with neither date is not in force yet.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

# Real chains are one or two steps (Sở Bưu chính, Viễn thông → Sở TT&TT → Sở KH&CN); the
# cap only stops a cycle in bad data from looping forever.
MAX_SUCCESSION_DEPTH = 10


@dataclass(frozen=True, slots=True)
class AgencyRow:
    id: int
    kind: str
    active_from: dt.date | None = None
    active_to: dt.date | None = None


@dataclass(frozen=True, slots=True)
class GroupRow:
    id: int
    member_kinds: tuple[str, ...] = ()
    members: tuple[int, ...] = ()
    successor_id: int | None = None
    succeeded_on: dt.date | None = None
    active_to: dt.date | None = None


@dataclass(frozen=True, slots=True)
class SuccessionRow:
    id: int
    predecessor_id: int
    successor_id: int
    date: dt.date
    primary: bool = True


def _active(agency: AgencyRow, on: dt.date) -> bool:
    return (agency.active_from is None or agency.active_from <= on) and (
        agency.active_to is None or agency.active_to >= on
    )


class Roster:
    """The directory as of `on`: forward ("who does this assignment reach") and backward
    ("what reaches this agency") questions, answered from the same rules."""

    def __init__(
        self,
        *,
        on: dt.date,
        agencies: Iterable[AgencyRow],
        groups: Iterable[GroupRow],
        successions: Iterable[SuccessionRow],
    ) -> None:
        self.on = on
        self._agencies = {a.id: a for a in agencies}
        self._groups = {g.id: g for g in groups}
        self._active = frozenset(pk for pk, a in self._agencies.items() if _active(a, on))
        self._by_kind: dict[str, list[int]] = defaultdict(list)
        for pk in sorted(self._active):
            self._by_kind[self._agencies[pk].kind].append(pk)
        # Only what is in force on `on`: a succession dated later has not happened yet.
        self._successions = sorted(
            (s for s in successions if s.date <= on), key=lambda s: (s.date, s.id)
        )
        self._handover = {s.predecessor_id: s for s in self._successions if s.primary}
        self._members: dict[int, frozenset[int]] = {}

    # ---------------------------------------------------------------- agencies

    def is_active(self, agency_id: int) -> bool:
        return agency_id in self._active

    def agency_current(self, agency_id: int) -> int | None:
        """The active agency that carries `agency_id`'s work: itself while it is active,
        else the end of its chain of primary successions; None when there is none."""
        seen: set[int] = set()
        current = agency_id
        while current not in self._active:
            step = self._handover.get(current)
            if step is None or current in seen or len(seen) >= MAX_SUCCESSION_DEPTH:
                return None
            seen.add(current)
            current = step.successor_id
        return current

    def handed_over_to(self, agency_id: int) -> list[SuccessionRow]:
        """The successions whose agency's work `agency_id` now carries (the predecessor's own
        primary succession, for every agency whose chain ends here), nearest first."""
        if agency_id not in self._active:
            return []
        into: dict[int, list[SuccessionRow]] = defaultdict(list)
        for succession in self._handover.values():
            into[succession.successor_id].append(succession)
        found: list[SuccessionRow] = []
        seen = {agency_id}
        frontier = [agency_id]
        for _level in range(MAX_SUCCESSION_DEPTH):
            level = [
                s
                for pk in frontier
                for s in into.get(pk, ())
                if s.predecessor_id not in seen and s.predecessor_id not in self._active
            ]
            if not level:
                break
            level.sort(key=lambda s: (s.date, s.id))
            found.extend(level)
            seen.update(s.predecessor_id for s in level)
            frontier = [s.predecessor_id for s in level]
        return found

    def lineage(self, agency_id: int, *, primary_only: bool = True) -> list[SuccessionRow]:
        """Every succession in force that led to `agency_id`, transitively, nearest first:
        its history, whether or not a predecessor still carries work of its own."""
        into: dict[int, list[SuccessionRow]] = defaultdict(list)
        for succession in self._successions:
            if succession.primary or not primary_only:
                into[succession.successor_id].append(succession)
        found: list[SuccessionRow] = []
        seen = {agency_id}
        frontier = [agency_id]
        while frontier:
            level = []
            for pk in frontier:
                for succession in into.get(pk, ()):
                    if succession.predecessor_id not in seen:
                        seen.add(succession.predecessor_id)
                        level.append(succession)
            found.extend(level)
            frontier = [s.predecessor_id for s in level]
        return found

    # ---------------------------------------------------------------- groups

    def group_current(self, group_id: int) -> int | None:
        """The group that carries `group_id`'s work: itself until it passes to its successor
        group; None when it has ended with nowhere to go."""
        seen: set[int] = set()
        group = self._groups.get(group_id)
        while group is not None:
            handed, ended = self._group_passed(group)
            if not handed:
                return None if ended else group.id
            if group.id in seen or len(seen) >= MAX_SUCCESSION_DEPTH:
                return None
            seen.add(group.id)
            group = self._groups.get(group.successor_id) if group.successor_id else None
        return None

    def _group_passed(self, group: GroupRow) -> tuple[bool, bool]:
        """(handed over to its successor, ended) on the roster's date."""
        ended = group.active_to is not None and group.active_to < self.on
        starts = group.succeeded_on or (
            group.active_to + dt.timedelta(days=1) if group.active_to else None
        )
        handed = group.successor_id is not None and starts is not None and starts <= self.on
        return handed, ended or handed

    def group_members(self, group_id: int) -> frozenset[int]:
        """The group's own members on the date (whether or not the group is still in force)."""
        if group_id not in self._members:
            group = self._groups.get(group_id)
            found: set[int] = set()
            if group is not None:
                for kind in group.member_kinds:
                    found.update(self._by_kind.get(kind, ()))
                for listed in group.members:
                    current = self.agency_current(listed)
                    if current is not None:
                        found.add(current)
            self._members[group_id] = frozenset(found)
        return self._members[group_id]

    def member_through(self, group_id: int, agency_id: int) -> int | None:
        """The listed agency whose place `agency_id` takes in the group (its predecessor);
        None when it is a member in its own right."""
        group = self._groups.get(group_id)
        if group is None or agency_id not in self._active:
            return None
        agency = self._agencies[agency_id]
        if agency.kind in group.member_kinds or agency_id in group.members:
            return None
        return next((a for a in group.members if self.agency_current(a) == agency_id), None)

    def groups_of(self, agency_id: int) -> list[int]:
        """The groups in force whose members include `agency_id`."""
        return [
            pk
            for pk in self._groups
            if self.group_current(pk) == pk and agency_id in self.group_members(pk)
        ]

    def group_predecessors(self, group_id: int) -> list[int]:
        """The groups whose work `group_id` now carries (UBND cấp huyện → UBND các xã)."""
        return [pk for pk in self._groups if pk != group_id and self.group_current(pk) == group_id]

    # ---------------------------------------------------------------- assignments

    def reached(
        self, *, agency_id: int | None = None, group_id: int | None = None
    ) -> frozenset[int]:
        """The active agencies an assignment to `agency_id` or `group_id` reaches."""
        if agency_id is not None:
            current = self.agency_current(agency_id)
            return frozenset() if current is None else frozenset({current})
        if group_id is not None:
            current_group = self.group_current(group_id)
            return frozenset() if current_group is None else self.group_members(current_group)
        return frozenset()
