"""Writing plans into the catalogue."""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from dxtrack.accounts.access import Action, Actor, require
from dxtrack.agencies.models import Agency, AgencyGroup
from dxtrack.audit.services import audit_record
from dxtrack.plans.diff import KINDS, Kind, PlanDiff, Ref, RowSnapshot, draft_rows, plan_diff
from dxtrack.plans.drafts import (
    AgencyRef,
    IndicatorDraft,
    ItemDraft,
    PlanDraft,
    ProjectDraft,
    TaskDraft,
)
from dxtrack.plans.models import Assignment, Indicator, KeyProject, Plan, Section, Target, Task
from dxtrack.plans.numbering import parse_number
from dxtrack.plans.selectors import plans_replaced
from dxtrack.vn_text import collapse_spaces, fold


class PlanAlreadyImported(Exception):
    """The plan is in the catalogue with different content; the message is for the user."""


@dataclass(frozen=True)
class ImportResult:
    plan: Plan
    status: str  # "created", "updated" or "unchanged"
    indicators: int
    tasks: int
    projects: int


def plan_key(*, number: str | None, title: str | None, source: str) -> str:
    """What identifies a plan across imports: its number, else its title, else its file."""
    if number:
        return "so:" + fold(number).replace(" ", "")
    if title:
        return "tieu-de:" + fold(title)[:240]
    return "tep:" + fold(source)[:240]


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@transaction.atomic
def plan_import(
    *, draft: PlanDraft, sha256: str, actor: Actor, update: bool = False
) -> ImportResult:
    """Create the plan of `draft` with its sections, indicators, tasks and key projects.

    Importing the same file again changes nothing; a different version of a plan
    already in the catalogue is refused unless `update` is given, and then
    revises the plan in the same transaction: rows matched to stored ones (see
    `plans.diff`) are updated in place and keep their reports, new rows are
    created and rows the new version no longer has are deleted.

    Raises PermissionDenied when `actor` may not import plans; a plan created or revised
    writes an audit row naming the file.
    """
    require(actor, Action.PLAN_IMPORT)
    title = draft.title or draft.source
    key = plan_key(number=draft.number, title=draft.title, source=draft.source)
    plan = Plan.objects.select_for_update().filter(key=key).first()
    status = "created"
    stored: StoredRows = {kind: [] for kind in KINDS}
    if plan is not None:
        if plan.source_sha256 == sha256:
            return _result(plan, "unchanged")
        if not update:
            raise PlanAlreadyImported(
                f"Kế hoạch “{plan}” đã có trong hệ thống (nhập từ tệp “{plan.source_file}” "
                f"ngày {timezone.localtime(plan.updated_at):%d/%m/%Y}). Tệp “{draft.source}” "
                "có nội dung khác: dùng tùy chọn --update để cập nhật."
            )
        stored = _stored_rows(plan)
        status = "updated"
    else:
        plan = Plan(key=key)
    plan.number = draft.number or ""
    plan.title = title
    plan.kind = draft.kind or ""
    plan.issuer = draft.issuer or ""
    plan.issued_on = draft.date
    plan.status = Plan.Status.DRAFT if draft.status == "draft" else Plan.Status.IN_FORCE
    plan.implements = draft.implements or ""
    if draft.report_kind:
        # A regime the text does not state stays as the coordinator set it.
        plan.report_kind = draft.report_kind
        plan.report_due_rule = draft.report_due_rule or ""
    plan.replaces = "; ".join(draft.replaces)
    plan.source_file = draft.source
    plan.source_sha256 = sha256
    plan.save()
    diff = _write_content(plan, draft, stored)
    details: dict[str, Any] = {"file": draft.source, "sha256": sha256, "status": status}
    replaced = _mark_replaced(plan, draft)
    if replaced:
        details["replaces"] = replaced
    if status == "updated":
        details["changes"] = diff.counts
    audit_record(actor=actor, action="plan.import", target=plan, details=details)
    return _result(plan, status)


def _mark_replaced(plan: Plan, draft: PlanDraft) -> list[int]:
    """The catalogue's plans that `draft` says it replaces or repeals ("thay thế Kế hoạch số
    45/KH-UBND"), marked replaced; matched by number and, when both name one, issuer."""
    if not draft.replaces:
        return []
    replaced = plans_replaced(replaces=draft.replaces, issuer=plan.issuer, exclude=plan.pk)
    ids = list(replaced.values_list("pk", flat=True))
    Plan.objects.filter(pk__in=ids).update(status=Plan.Status.REPLACED)
    return ids


def _result(plan: Plan, status: str) -> ImportResult:
    return ImportResult(
        plan=plan,
        status=status,
        indicators=plan.indicators.count(),
        tasks=plan.tasks.count(),
        projects=plan.keyprojects.count(),
    )


# -- revisions ----------------------------------------------------------------------------------

# For each kind, the stored rows as (primary key, snapshot), in the plan's order.
StoredRows = dict[Kind, list[tuple[int, RowSnapshot]]]


@dataclass(frozen=True)
class PlanRevision:
    """What importing `draft` would do to the plan already in the catalogue."""

    plan: Plan
    diff: PlanDiff
    stored: StoredRows

    def old_row(self, kind: Kind, index: int) -> RowSnapshot:
        return self.stored[kind][index][1]

    def removed_ids(self, kind: Kind) -> list[int]:
        """The stored rows of `kind` the new version removes (their reports go with them:
        `reporting.selectors.report_rows_count` says how many)."""
        return [self.stored[kind][index][0] for index in self.diff.removed(kind)]


def plan_revision(*, draft: PlanDraft) -> PlanRevision | None:
    """The changes a draft would make to the plan of the same key; None for a new plan."""
    key = plan_key(number=draft.number, title=draft.title, source=draft.source)
    plan = Plan.objects.filter(key=key).first()
    if plan is None:
        return None
    stored = _stored_rows(plan)
    return PlanRevision(plan=plan, diff=_diff(stored, draft), stored=stored)


def _diff(stored: StoredRows, draft: PlanDraft) -> PlanDiff:
    agencies = set(Agency.objects.values_list("name", flat=True))
    groups = set(AgencyGroup.objects.values_list("name", flat=True))
    new = draft_rows(draft, agencies=agencies, groups=groups)
    return plan_diff({kind: [row for _pk, row in rows] for kind, rows in stored.items()}, new)


def _stored_rows(plan: Plan) -> StoredRows:
    """Snapshots of the plan's rows, compared with a new version's (seven queries)."""
    paths: dict[int, tuple[str, ...]] = {}
    for section in plan.sections.order_by("position", "pk"):
        # Parents come first: `_write_sections` saves them before their children.
        parent = paths.get(section.parent_id or 0, (section.appendix,))
        paths[section.pk] = (*parent, _section_entry(section))
    assignments = Prefetch(
        "assignments",
        queryset=Assignment.objects.select_related("agency", "group").order_by("position", "pk"),
    )

    def refs(item: Indicator | Task | KeyProject, role: str) -> tuple[Ref, ...]:
        return tuple(
            (
                collapse_spaces(a.text),
                a.agency.name if a.agency else None,
                a.group.name if a.group else None,
            )
            for a in item.assignments.all()
            if a.role == role
        )

    def snapshot(kind: Kind, item: Indicator | Task | KeyProject, **values: object) -> RowSnapshot:
        return RowSnapshot(
            kind=kind,
            section=paths.get(item.section_id or 0, ("",)),
            number=item.number,
            name=item.name,
            values={**values, "lead": refs(item, Assignment.Role.LEAD)},
        )

    indicators = plan.indicators.prefetch_related(
        assignments, Prefetch("targets", queryset=Target.objects.order_by("position", "pk"))
    )
    tasks = plan.tasks.prefetch_related(assignments)
    projects = plan.keyprojects.prefetch_related(assignments)
    return {
        "indicator": [
            (
                i.pk,
                snapshot(
                    "indicator",
                    i,
                    unit=collapse_spaces(i.unit),
                    targets=tuple((t.milestone, collapse_spaces(t.text)) for t in i.targets.all()),
                    implementers=refs(i, Assignment.Role.IMPLEMENTER),
                ),
            )
            for i in indicators.order_by("position", "pk")
        ],
        "task": [
            (
                t.pk,
                snapshot(
                    "task",
                    t,
                    result=collapse_spaces(t.result),
                    coordinating=refs(t, Assignment.Role.COORDINATING),
                    timeframe=collapse_spaces(t.timeframe_text),
                ),
            )
            for t in tasks.order_by("position", "pk")
        ],
        "project": [
            (p.pk, snapshot("project", p, years=tuple(p.years or ())))
            for p in projects.order_by("position", "pk")
        ],
    }


def _section_entry(section: Section) -> str:
    """The heading as the document wrote it (the reverse of `_write_sections`)."""
    if not section.label:
        return section.title
    if section.title == section.label:
        return section.label
    return f"{section.label} {section.title}"


# -- writing ------------------------------------------------------------------------------------


def _write_content(plan: Plan, draft: PlanDraft, stored: StoredRows) -> PlanDiff:
    """Write the draft's rows; rows matched to `stored` ones are updated in place. Returns
    how the draft differs from `stored`."""
    diff = _diff(stored, draft)
    old_sections = list(plan.sections.values_list("pk", flat=True))
    sections = _write_sections(plan, [*draft.indicators, *draft.all_tasks, *draft.projects])
    agencies = dict(Agency.objects.values_list("name", "id"))
    groups = dict(AgencyGroup.objects.values_list("name", "id"))
    assignments: list[Assignment] = []

    def assign(refs: Iterable[AgencyRef], role: str, **item: object) -> None:
        for position, ref in enumerate(refs):
            assignments.append(
                Assignment(
                    role=role,
                    agency_id=agencies.get(ref.agency) if ref.agency else None,
                    group_id=groups.get(ref.group) if ref.group else None,
                    text=ref.text[:500],
                    position=position,
                    **item,
                )
            )

    indicators = _save_rows(
        Indicator,
        [_indicator(plan, sections, p, d) for p, d in enumerate(draft.indicators)],
        stored["indicator"],
        diff.matches("indicator"),
        _INDICATOR_FIELDS,
    )
    targets = []
    for indicator, d in zip(indicators, draft.indicators, strict=True):
        targets.extend(_targets(indicator, d))
        assign(d.lead, Assignment.Role.LEAD, indicator=indicator)
        assign(d.implementers, Assignment.Role.IMPLEMENTER, indicator=indicator)

    tasks = _save_rows(
        Task,
        [_task(plan, sections, p, d) for p, d in enumerate(draft.all_tasks)],
        stored["task"],
        diff.matches("task"),
        _TASK_FIELDS,
    )
    for task, task_draft in zip(tasks, draft.all_tasks, strict=True):
        assign(task_draft.lead, Assignment.Role.LEAD, task=task)
        assign(task_draft.coordinating, Assignment.Role.COORDINATING, task=task)

    projects = _save_rows(
        KeyProject,
        [_project(plan, sections, p, d) for p, d in enumerate(draft.projects)],
        stored["project"],
        diff.matches("project"),
        _PROJECT_FIELDS,
    )
    for project, project_draft in zip(projects, draft.projects, strict=True):
        assign(project_draft.lead, Assignment.Role.LEAD, project=project)

    # Targets and assignments are rewritten whole: nothing refers to them.
    Target.objects.filter(indicator__plan=plan).delete()
    # One delete per kind: an OR across three joins makes PostgreSQL scan every assignment
    # for every row of the subquery (tens of seconds on a country's catalogue).
    for item in ("indicator", "task", "project"):
        Assignment.objects.filter(**{f"{item}__plan": plan}).delete()
    kind: Kind
    for model, kind in ((Indicator, "indicator"), (Task, "task"), (KeyProject, "project")):
        removed = [stored[kind][i][0] for i in diff.removed(kind)]
        if removed:
            model.objects.filter(pk__in=removed).delete()
    Section.objects.filter(pk__in=old_sections).delete()
    Target.objects.bulk_create(targets)
    Assignment.objects.bulk_create(assignments)
    return diff


_ITEM_FIELDS = ["section", "number", "name", "position", "search_text"]
_INDICATOR_FIELDS = [*_ITEM_FIELDS, "unit", "lead_text", "implementers_text"]
_TASK_FIELDS = [
    *_ITEM_FIELDS,
    "origin",
    "result",
    "lead_text",
    "coordinating_text",
    "timeframe_text",
    "starts_on",
    "ends_on",
    "recurrence",
    "funding_source",
    "budget",
]
_PROJECT_FIELDS = [*_ITEM_FIELDS, "lead_text", "years", "funding_source", "budget"]

Item = TypeVar("Item", Indicator, Task, KeyProject)


def _save_rows(
    model: type[Item],
    rows: list[Item],
    stored: list[tuple[int, RowSnapshot]],
    matches: dict[int, int],
    fields: list[str],
) -> list[Item]:
    """Update the rows matched to stored ones (same primary key), create the others."""
    kept, new = [], []
    for index, row in enumerate(rows):
        if index in matches:
            row.pk = stored[matches[index]][0]
            kept.append(row)
        else:
            new.append(row)
    model.objects.bulk_update(kept, fields, batch_size=200)
    model.objects.bulk_create(new)
    return rows


def _indicator(
    plan: Plan, sections: dict[tuple[str, ...], Section], position: int, draft: IndicatorDraft
) -> Indicator:
    return Indicator(
        plan=plan,
        section=sections.get(_section_key(draft)),
        number=draft.number,
        name=draft.name,
        position=position,
        search_text=fold(draft.name),
        unit=draft.unit or "",
        lead_text=draft.lead_text,
        implementers_text=draft.implementers_text,
    )


def _project(
    plan: Plan, sections: dict[tuple[str, ...], Section], position: int, draft: ProjectDraft
) -> KeyProject:
    return KeyProject(
        plan=plan,
        section=sections.get(_section_key(draft)),
        number=draft.number,
        name=draft.name,
        position=position,
        search_text=fold(draft.name),
        lead_text=draft.lead_text,
        years=draft.years,
        funding_source=draft.funding_source[:255],
        budget=draft.budget,
    )


def _section_key(item: ItemDraft) -> tuple[str, ...]:
    return (item.appendix, *item.section)


def _write_sections(plan: Plan, items: list[ItemDraft]) -> dict[tuple[str, ...], Section]:
    """One Section per distinct heading path, parents before children."""
    sections: dict[tuple[str, ...], Section] = {}
    for item in items:
        key = _section_key(item)
        for depth in range(2, len(key) + 1):
            path = key[:depth]
            if path in sections:
                continue
            label, _, title = path[-1].partition(" ")
            if parse_number(label) is None:
                label, title = "", path[-1]  # an unnumbered heading
            section = Section(
                plan=plan,
                parent=sections.get(path[:-1]),
                appendix=item.appendix,
                label=label,
                title=title or label,
                position=len(sections),
            )
            section.save()  # saved one by one: each child needs its parent's id
            sections[path] = section
    return sections


def _targets(indicator: Indicator, draft: IndicatorDraft) -> list[Target]:
    targets = []
    for position, target in enumerate(draft.targets):
        years = [int(y) for y in target.milestone.split("-") if y.isdigit()]
        targets.append(
            Target(
                indicator=indicator,
                milestone=target.milestone,
                year_from=years[0] if years else None,
                year_to=years[-1] if years else None,
                text=target.text[:255],
                comparator=target.comparator or "",
                value=target.value,
                value_high=target.high,
                unit=(target.unit or "")[:100],
                position=position,
            )
        )
    return targets


def _task(
    plan: Plan, sections: dict[tuple[str, ...], Section], position: int, draft: TaskDraft
) -> Task:
    timeframe = draft.timeframe
    return Task(
        plan=plan,
        section=sections.get(_section_key(draft)),
        number=draft.number,
        name=draft.name,
        position=position,
        search_text=fold(draft.name),
        origin=draft.origin,
        result=draft.result or "",
        lead_text=draft.lead_text,
        coordinating_text=draft.coordinating_text,
        timeframe_text=timeframe.text[:255] if timeframe else "",
        starts_on=timeframe.start if timeframe else None,
        ends_on=timeframe.end if timeframe else None,
        recurrence=(timeframe.recurrence or "") if timeframe else "",
        funding_source=draft.funding_source[:255],
        budget=draft.budget,
    )
