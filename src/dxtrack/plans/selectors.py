"""Reads behind the catalogue pages and the read API.

The web pages and the API call these same functions, so they cannot disagree.
Every function runs a fixed number of queries whatever the number of rows:
related rows are fetched with `select_related` / `prefetch_related` and grouped
in Python, counts are done in the database.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, TypeVar

from django.db import models
from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from dxtrack.agencies.models import Agency, AgencyGroup
from dxtrack.agencies.selectors import agency_roster
from dxtrack.plans.models import Assignment, Indicator, KeyProject, Plan, Section, Target, Task

ItemType = Literal["indicator", "task", "project"]
CatalogueItem = Indicator | Task | KeyProject

_ROLE_ORDER = {role: index for index, role in enumerate(Assignment.Role.values)}
_ITEM_ORDER: dict[str, int] = {"indicator": 0, "task": 1, "project": 2}


# --------------------------------------------------------------------------- plans


def _count_of(model: type[CatalogueItem]) -> Coalesce:
    # A correlated subquery per kind: three JOINs with Count(distinct=True) would
    # multiply indicators × tasks × projects rows before counting.
    counted = (
        model.objects.filter(plan=OuterRef("pk"))
        .order_by()
        .values("plan")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def plan_list() -> QuerySet[Plan]:
    """All plans, newest first, with `indicator_count`, `task_count`, `project_count`."""
    return Plan.objects.annotate(
        indicator_count=_count_of(Indicator),
        task_count=_count_of(Task),
        project_count=_count_of(KeyProject),
    )


@dataclass
class SectionNode:
    """A section in the plan's heading tree; `anchored` when a table shows its heading."""

    section: Section
    depth: int
    children: list[SectionNode] = field(default_factory=list)
    anchored: bool = False


@dataclass
class HeadingRow:
    """A section heading inside an item table (as the appendices print them)."""

    is_heading: ClassVar[bool] = True
    section: Section
    depth: int
    anchor: bool


@dataclass
class IndicatorRow:
    is_heading: ClassVar[bool] = False
    indicator: Indicator
    targets: list[Target | None]
    leads: list[Assignment]
    implementers: list[Assignment]


@dataclass
class TaskRow:
    is_heading: ClassVar[bool] = False
    task: Task
    leads: list[Assignment]
    coordinators: list[Assignment]


@dataclass
class ProjectRow:
    is_heading: ClassVar[bool] = False
    project: KeyProject
    leads: list[Assignment]
    year_marks: list[bool]


@dataclass
class PlanDetail:
    """A plan with everything its appendices list, shaped for the plan page and the API.

    `milestones` are the indicator table's target columns, `years` the key-project
    table's year columns; each row's `targets` / `year_marks` line up with them.
    """

    plan: Plan
    sections: list[Section]
    section_tree: list[SectionNode]
    indicators: list[Indicator]
    tasks: list[Task]
    projects: list[KeyProject]
    milestones: list[str]
    years: list[int]
    indicator_rows: list[HeadingRow | IndicatorRow]
    task_rows: list[HeadingRow | TaskRow]
    project_rows: list[HeadingRow | ProjectRow]
    # The catalogue's plans this one replaces or repeals, and those that replace it (asked
    # for by the plan page: `with_replacements`).
    replaced: list[Plan] = field(default_factory=list)
    replaced_by: list[Plan] = field(default_factory=list)

    @property
    def duty_count(self) -> int:
        """How many of the tasks are duties under "Tổ chức thực hiện", not table rows."""
        return sum(1 for task in self.tasks if task.origin == Task.Origin.DUTY)

    @property
    def unresolved_count(self) -> int:
        """How many agency names in the plan match no agency or group of the directory."""
        items: list[CatalogueItem] = [*self.indicators, *self.tasks, *self.projects]
        return sum(
            1
            for item in items
            for assignment in item.assignments.all()
            if assignment.agency_id is None and assignment.group_id is None
        )


def _assignments_prefetch() -> Prefetch:
    return Prefetch(
        "assignments",
        queryset=Assignment.objects.select_related("agency", "group").order_by("position", "pk"),
    )


def _by_role(item: CatalogueItem, role: str) -> list[Assignment]:
    return [a for a in item.assignments.all() if a.role == role]


def _milestones(indicators: Iterable[Indicator]) -> list[str]:
    # Columns in time order; a milestone without years keeps the order it was first seen.
    first_seen: dict[str, tuple[int, int, int]] = {}
    for indicator in indicators:
        for target in indicator.targets.all():
            if target.milestone not in first_seen:
                first_seen[target.milestone] = (
                    target.year_from or 9999,
                    target.year_to or target.year_from or 9999,
                    len(first_seen),
                )
    return sorted(first_seen, key=first_seen.__getitem__)


def _project_years(projects: Iterable[KeyProject]) -> list[int]:
    years: set[int] = set()
    for project in projects:
        years.update(_as_years(project.years))
    return sorted(years)


def _as_years(values: object) -> set[int]:
    if not isinstance(values, list):
        return set()
    return {int(v) for v in values if isinstance(v, int) or (isinstance(v, str) and v.isdigit())}


Row = TypeVar("Row", "IndicatorRow", "TaskRow", "ProjectRow")


class _HeadingEmitter:
    """Turns items in document order into rows, inserting the headings of their sections.

    A heading is printed when an item's section path departs from the previous item's,
    as the appendices do; each section gets a page anchor the first time it is printed.
    """

    def __init__(self, sections: dict[int, Section], anchored: set[int]) -> None:
        self._sections = sections
        self._anchored = anchored

    def _path(self, section_id: int | None) -> list[Section]:
        path: list[Section] = []
        seen: set[int] = set()
        while section_id is not None and section_id in self._sections and section_id not in seen:
            seen.add(section_id)
            section = self._sections[section_id]
            path.append(section)
            section_id = section.parent_id
        return path[::-1]

    def rows(
        self, items: Sequence[CatalogueItem], make_row: Callable[[Any], Row]
    ) -> list[HeadingRow | Row]:
        rows: list[HeadingRow | Row] = []
        previous: list[Section] = []
        for item in items:
            path = self._path(item.section_id)
            common = 0
            while common < min(len(path), len(previous)) and path[common].pk == previous[common].pk:
                common += 1
            for depth, section in enumerate(path[common:], start=common):
                anchor = section.pk not in self._anchored
                self._anchored.add(section.pk)
                rows.append(HeadingRow(section=section, depth=depth, anchor=anchor))
            previous = path
            rows.append(make_row(item))
        return rows


def _section_tree(sections: list[Section], anchored: set[int]) -> list[SectionNode]:
    nodes = {s.pk: SectionNode(section=s, depth=0, anchored=s.pk in anchored) for s in sections}
    roots: list[SectionNode] = []
    for section in sections:
        node = nodes[section.pk]
        parent = nodes.get(section.parent_id) if section.parent_id else None
        if parent is None or parent is node:
            roots.append(node)
        else:
            parent.children.append(node)

    def set_depth(node: SectionNode, depth: int) -> None:
        node.depth = depth
        for child in node.children:
            set_depth(child, depth + 1)

    for root in roots:
        set_depth(root, 0)
    return roots


_REFERENCE_NUMBER = re.compile(r"\bsố\s+(\d[^\s,;]*)", re.IGNORECASE)


def plan_reference_numbers(*, replaces: str) -> list[str]:
    """The numbers ("45/KH-UBND") of the documents a plan's `replaces` names, as written."""
    return [m.group(1).rstrip(".") for m in _REFERENCE_NUMBER.finditer(replaces)]


def plan_replacements(*, plan: Plan) -> tuple[list[Plan], list[Plan]]:
    """(the catalogue's plans `plan` replaces or repeals, the plans that replace it), matched
    by number as the importer marks them; two queries at most."""
    numbers = plan_reference_numbers(replaces=plan.replaces)
    replaced = (
        list(Plan.objects.filter(number__in=numbers).exclude(pk=plan.pk).order_by("number"))
        if numbers
        else []
    )
    replaced_by: list[Plan] = []
    if plan.number:
        replaced_by = [
            other
            for other in Plan.objects.filter(replaces__icontains=plan.number)
            .exclude(pk=plan.pk)
            .order_by("-issued_on", "pk")
            if plan.number in plan_reference_numbers(replaces=other.replaces)
        ]
    return replaced, replaced_by


def plans_replaced(*, replaces: Sequence[str], issuer: str, exclude: int | None) -> QuerySet[Plan]:
    """The catalogue's plans a plan replaces or repeals, by the references it writes ("Kế
    hoạch số 45/KH-UBND"): the same number and, when both name one, the same issuer."""
    numbers = [name.split(" số ", 1)[-1] for name in replaces]
    found = Plan.objects.filter(number__in=numbers).order_by("number")
    if exclude is not None:
        found = found.exclude(pk=exclude)
    if issuer:
        found = found.filter(Q(issuer="") | Q(issuer=issuer))
    return found


def plan_detail(*, plan_id: int, with_replacements: bool = False) -> PlanDetail:
    """The plan with its section tree, indicators, tasks and key projects, in nine queries;
    `with_replacements`, also the plans it replaces and those replacing it (two more).

    Raises `Plan.DoesNotExist` when there is no such plan.
    """
    plan = Plan.objects.get(pk=plan_id)
    sections = list(Section.objects.filter(plan=plan).order_by("position", "pk"))
    indicators = list(
        Indicator.objects.filter(plan=plan)
        .order_by("position", "pk")
        .prefetch_related(
            Prefetch("targets", queryset=Target.objects.order_by("position", "pk")),
            _assignments_prefetch(),
        )
    )
    tasks = list(
        Task.objects.filter(plan=plan)
        .order_by("position", "pk")
        .prefetch_related(_assignments_prefetch())
    )
    projects = list(
        KeyProject.objects.filter(plan=plan)
        .order_by("position", "pk")
        .prefetch_related(_assignments_prefetch())
    )

    sections_by_id = {s.pk: s for s in sections}
    for item in (*indicators, *tasks, *projects):
        if item.section_id in sections_by_id:
            # Reuse the sections already loaded instead of one query per item.
            item.section = sections_by_id[item.section_id]

    milestones = _milestones(indicators)
    years = _project_years(projects)

    def indicator_row(indicator: Indicator) -> IndicatorRow:
        by_milestone = {t.milestone: t for t in indicator.targets.all()}
        return IndicatorRow(
            indicator=indicator,
            targets=[by_milestone.get(m) for m in milestones],
            leads=_by_role(indicator, Assignment.Role.LEAD),
            implementers=_by_role(indicator, Assignment.Role.IMPLEMENTER),
        )

    def task_row(task: Task) -> TaskRow:
        return TaskRow(
            task=task,
            leads=_by_role(task, Assignment.Role.LEAD),
            coordinators=_by_role(task, Assignment.Role.COORDINATING),
        )

    def project_row(project: KeyProject) -> ProjectRow:
        runs = _as_years(project.years)
        return ProjectRow(
            project=project,
            leads=_by_role(project, Assignment.Role.LEAD),
            year_marks=[year in runs for year in years],
        )

    replaced, replaced_by = plan_replacements(plan=plan) if with_replacements else ([], [])
    anchored: set[int] = set()
    emitter = _HeadingEmitter(sections_by_id, anchored)
    indicator_rows = emitter.rows(indicators, indicator_row)
    task_rows = emitter.rows(tasks, task_row)
    project_rows = emitter.rows(projects, project_row)

    return PlanDetail(
        plan=plan,
        sections=sections,
        section_tree=_section_tree(sections, anchored),
        indicators=indicators,
        tasks=tasks,
        projects=projects,
        milestones=milestones,
        years=years,
        indicator_rows=indicator_rows,
        task_rows=task_rows,
        project_rows=project_rows,
        replaced=replaced,
        replaced_by=replaced_by,
    )


# ------------------------------------------------------------------------ agencies


class Via(models.TextChoices):
    """How an assignment reaches an agency."""

    DIRECT = "direct", _("trực tiếp")
    GROUP = "group", _("qua nhóm")
    PREDECESSOR = "predecessor", _("qua đơn vị tiền nhiệm")
    PREDECESSOR_GROUP = "predecessor_group", _("qua nhóm tiền nhiệm")


# When one item reaches an agency in the same role by several paths, the most
# specific path is kept.
_VIA_PRIORITY = {Via.DIRECT: 0, Via.PREDECESSOR: 1, Via.GROUP: 2, Via.PREDECESSOR_GROUP: 3}


@dataclass(frozen=True)
class AgencyAssignment:
    """An assignment as seen from one agency: what, in which role, and by which path.

    `via_group` names the group for GROUP / PREDECESSOR_GROUP (for the latter,
    `through_group` is the agency's current group that inherited it); `via_agency`
    names the predecessor for PREDECESSOR.
    """

    assignment: Assignment
    via: Via
    via_group: AgencyGroup | None = None
    through_group: AgencyGroup | None = None
    via_agency: Agency | None = None

    @property
    def item_type(self) -> ItemType:
        if self.assignment.task_id:
            return "task"
        if self.assignment.indicator_id:
            return "indicator"
        return "project"

    @property
    def item(self) -> CatalogueItem:
        a = self.assignment
        item = a.task or a.indicator or a.project
        if item is None:
            raise Assignment.DoesNotExist("An assignment names a task, indicator or project.")
        return item

    @property
    def plan(self) -> Plan:
        return self.item.plan

    @property
    def role(self) -> str:
        return self.assignment.role

    def get_role_display(self) -> str:
        return self.assignment.get_role_display()


def _plan_sort_key(plan: Plan) -> tuple:
    # The same order as Plan.Meta.ordering: newest first, undated last.
    issued = plan.issued_on
    return (issued is None, -(issued.toordinal()) if issued else 0, plan.title, plan.pk)


def agency_assignments(
    *, agency: Agency, on: datetime.date | None = None
) -> list[AgencyAssignment]:
    """Every task, indicator and key project that reaches `agency` as of `on` (default today),
    across all plans: the assignments the directory on that day routes to it
    (`agencies.roster`), as the period's expectations do.

    An item reaches the agency directly, through a group it belongs to, through a group
    that group succeeded (district-level work now with the communes), or through a
    predecessor agency (Sở Thông tin và Truyền thông's tasks show on Sở Khoa học và
    Công nghệ). One row per item and role, keeping the most direct path; sorted by
    plan (newest first), role, item kind and position. At most seven queries.
    """
    roster = agency_roster(on=on)
    own_groups = roster.groups_of(agency.pk)
    # A predecessor group → the agency's own group that carries its work now.
    inherited_by = {p: g for g in own_groups for p in roster.group_predecessors(g)}
    predecessors = {s.predecessor_id for s in roster.handed_over_to(agency.pk)}
    agency_ids = predecessors | ({agency.pk} if roster.is_active(agency.pk) else set())
    group_ids = set(own_groups) | set(inherited_by)
    if not agency_ids and not group_ids:
        return []
    assignments = list(
        Assignment.objects.filter(Q(agency_id__in=agency_ids) | Q(group_id__in=group_ids))
        .select_related(
            "agency",
            "group",
            "task__plan",
            "task__section",
            "indicator__plan",
            "indicator__section",
            "project__plan",
            "project__section",
        )
        .prefetch_related(
            Prefetch("indicator__targets", queryset=Target.objects.order_by("position", "pk"))
        )
    )
    # The listed member whose place the agency takes in a group, when it is not one itself.
    replaced = {g: roster.member_through(g, agency.pk) for g in own_groups}
    needed_groups = set(inherited_by.values())
    groups = AgencyGroup.objects.in_bulk(needed_groups) if needed_groups else {}
    needed_agencies = {a for a in replaced.values() if a is not None}
    agencies = Agency.objects.in_bulk(needed_agencies) if needed_agencies else {}

    best: dict[tuple[str, int, str], AgencyAssignment] = {}
    for assignment in assignments:
        if assignment.agency_id == agency.pk:
            reach = AgencyAssignment(assignment=assignment, via=Via.DIRECT)
        elif assignment.agency_id in predecessors:
            reach = AgencyAssignment(
                assignment=assignment, via=Via.PREDECESSOR, via_agency=assignment.agency
            )
        elif assignment.group_id in replaced:
            through = replaced[assignment.group_id]
            reach = AgencyAssignment(
                assignment=assignment,
                via=Via.GROUP,
                via_group=assignment.group,
                via_agency=agencies.get(through) if through else None,
            )
        elif assignment.group_id in inherited_by:
            reach = AgencyAssignment(
                assignment=assignment,
                via=Via.PREDECESSOR_GROUP,
                via_group=assignment.group,
                through_group=groups.get(inherited_by[assignment.group_id]),
            )
        else:
            continue
        key = (reach.item_type, reach.item.pk, assignment.role)
        kept = best.get(key)
        if kept is None or _VIA_PRIORITY[reach.via] < _VIA_PRIORITY[kept.via]:
            best[key] = reach

    return sorted(
        best.values(),
        key=lambda r: (
            _plan_sort_key(r.plan),
            _ROLE_ORDER.get(r.role, 99),
            _ITEM_ORDER[r.item_type],
            r.item.position,
            r.item.pk,
        ),
    )
