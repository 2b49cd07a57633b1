"""Who must report what in a period: assignments expanded to today's agencies.

An assignment to a group reaches every member; an assignment to an agency that no
longer exists reaches its successor (Sở Thông tin và Truyền thông → Sở Khoa học và
Công nghệ); a group that ended passes to its successor group (UBND cấp huyện → UBND
các xã, phường, đặc khu). A fixed number of queries, whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Max

from dxtrack.agencies.models import Agency, AgencyGroup, Succession
from dxtrack.plans.models import Assignment, Indicator, Target, Task
from dxtrack.reporting.period_rules import task_active

MAX_SUCCESSION_DEPTH = 10


@dataclass
class Expectation:
    """What one agency reports in a period: task id → role, indicator id → role."""

    tasks: dict[int, str] = field(default_factory=dict)
    indicators: dict[int, str] = field(default_factory=dict)


class _Agencies:
    """Today's agency for any agency or group named in an assignment, as of `on`."""

    def __init__(self, on: dt.date) -> None:
        self.on = on
        agencies = list(Agency.objects.only("pk", "kind", "active_from", "active_to"))
        self.active = {a.pk for a in agencies if self._is_active(a)}
        self.by_kind: dict[str, list[int]] = defaultdict(list)
        for agency in agencies:
            if agency.pk in self.active:
                self.by_kind[agency.kind].append(agency.pk)
        self.successor: dict[int, int] = {
            s.predecessor_id: s.successor_id
            for s in Succession.objects.filter(primary=True, date__lte=on)
        }
        self.groups = {g.pk: g for g in AgencyGroup.objects.all()}
        self.listed: dict[int, list[int]] = defaultdict(list)
        for group_id, agency_id in AgencyGroup.members.through.objects.values_list(
            "agencygroup_id", "agency_id"
        ):
            self.listed[group_id].append(agency_id)

    def _is_active(self, agency: Agency) -> bool:
        return (agency.active_from is None or agency.active_from <= self.on) and (
            agency.active_to is None or agency.active_to >= self.on
        )

    def current(self, agency_id: int) -> int | None:
        seen = 0
        while agency_id not in self.active and agency_id in self.successor:
            agency_id = self.successor[agency_id]
            seen += 1
            if seen > MAX_SUCCESSION_DEPTH:
                return None
        return agency_id if agency_id in self.active else None

    def members(self, group_id: int) -> set[int]:
        group = self.groups.get(group_id)
        for _step in range(MAX_SUCCESSION_DEPTH):
            if group is None or group.active_to is None or group.active_to >= self.on:
                break
            group = self.groups.get(group.successor_id) if group.successor_id else None
        if group is None:
            return set()
        found = {a for kind in group.member_kinds or [] for a in self.by_kind.get(kind, ())}
        found.update(current for a in self.listed.get(group.pk, ()) if (current := self.current(a)))
        return found

    def reached(self, assignment: Assignment) -> set[int]:
        if assignment.agency_id:
            current = self.current(assignment.agency_id)
            return {current} if current else set()
        if assignment.group_id:
            return self.members(assignment.group_id)
        return set()


_TASK_ROLES = {Assignment.Role.LEAD: "lead", Assignment.Role.COORDINATING: "coordinating"}
_INDICATOR_ROLES = {Assignment.Role.LEAD: "lead", Assignment.Role.IMPLEMENTER: "implementer"}
_RANK = {"lead": 0, "implementer": 1, "coordinating": 1}


def _keep(roles: dict[int, str], item_id: int, role: str) -> None:
    # An agency named both as lead and as coordinator of one item reports as lead.
    if item_id not in roles or _RANK[role] < _RANK[roles[item_id]]:
        roles[item_id] = role


def _within_span(
    start: dt.date | None, end: dt.date | None, *, starts_on: dt.date, ends_on: dt.date
) -> bool:
    # A recurring task with years ("Hằng năm, từ năm 2028", "Năm 2022 - 2025 (hằng năm)")
    # recurs only within them; unlike a one-off task, nothing is owed once they are over.
    return (start is None or start <= ends_on) and (end is None or end >= starts_on)


def active_task_ids(*, plan_ids: list[int], starts_on: dt.date, ends_on: dt.date) -> list[int]:
    rows = Task.objects.filter(plan_id__in=plan_ids).values_list(
        "pk", "starts_on", "ends_on", "recurrence"
    )
    return [
        pk
        for pk, start, end, recurrence in rows
        if task_active(starts_on=start, recurrence=recurrence, period_end=ends_on)
        and (not recurrence or _within_span(start, end, starts_on=starts_on, ends_on=ends_on))
    ]


def active_indicator_ids(*, plan_ids: list[int], starts_on: dt.date) -> list[int]:
    """Indicators with a target in or after the period's year, and those with no dated target
    (nothing says they are over)."""
    last_year = {
        row["indicator_id"]: row["last"]
        for row in Target.objects.filter(indicator__plan_id__in=plan_ids)
        .values("indicator_id")
        .annotate(last=Max("year_to"))
    }
    return [
        pk
        for pk in Indicator.objects.filter(plan_id__in=plan_ids).values_list("pk", flat=True)
        if last_year.get(pk) is None or last_year[pk] >= starts_on.year
    ]


def period_expectations(
    *, plan_ids: list[int], starts_on: dt.date, ends_on: dt.date, on: dt.date
) -> dict[int, Expectation]:
    """agency id → what it reports, for the plans' tasks and indicators active in the period."""
    task_ids = active_task_ids(plan_ids=plan_ids, starts_on=starts_on, ends_on=ends_on)
    indicator_ids = active_indicator_ids(plan_ids=plan_ids, starts_on=starts_on)
    agencies = _Agencies(on)
    found: dict[int, Expectation] = defaultdict(Expectation)
    for assignment in Assignment.objects.filter(task_id__in=task_ids).only(
        "task_id", "agency_id", "group_id", "role"
    ):
        role = _TASK_ROLES.get(assignment.role)
        for agency_id in agencies.reached(assignment) if role else ():
            _keep(found[agency_id].tasks, assignment.task_id, role)
    for assignment in Assignment.objects.filter(indicator_id__in=indicator_ids).only(
        "indicator_id", "agency_id", "group_id", "role"
    ):
        role = _INDICATOR_ROLES.get(assignment.role)
        for agency_id in agencies.reached(assignment) if role else ():
            _keep(found[agency_id].indicators, assignment.indicator_id, role)
    return dict(found)
