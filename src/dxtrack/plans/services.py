"""Writing plans into the catalogue."""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from dxtrack.agencies.models import Agency, AgencyGroup
from dxtrack.ingest.drafts import AgencyRef, IndicatorDraft, ItemDraft, PlanDraft, TaskDraft
from dxtrack.ingest.numbering import parse_number
from dxtrack.plans.models import Assignment, Indicator, KeyProject, Plan, Section, Target, Task
from dxtrack.vn_text import fold


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
def plan_import(*, draft: PlanDraft, sha256: str, update: bool = False) -> ImportResult:
    """Create the plan of `draft` with its sections, indicators, tasks and key projects.

    Importing the same file again changes nothing; a different version of a plan
    already in the catalogue is refused unless `update` is given, and then
    replaces the plan's content in the same transaction.
    """
    title = draft.title or draft.source
    key = plan_key(number=draft.number, title=draft.title, source=draft.source)
    plan = Plan.objects.select_for_update().filter(key=key).first()
    status = "created"
    if plan is not None:
        if plan.source_sha256 == sha256:
            return _result(plan, "unchanged")
        if not update:
            raise PlanAlreadyImported(
                f"Kế hoạch “{plan}” đã có trong hệ thống (nhập từ tệp “{plan.source_file}” "
                f"ngày {timezone.localtime(plan.updated_at):%d/%m/%Y}). Tệp “{draft.source}” "
                "có nội dung khác: dùng tùy chọn --update để cập nhật."
            )
        plan.sections.all().delete()
        plan.indicators.all().delete()
        plan.tasks.all().delete()
        plan.keyprojects.all().delete()
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
    plan.source_file = draft.source
    plan.source_sha256 = sha256
    plan.save()
    _write_content(plan, draft)
    return _result(plan, status)


def _result(plan: Plan, status: str) -> ImportResult:
    return ImportResult(
        plan=plan,
        status=status,
        indicators=plan.indicators.count(),
        tasks=plan.tasks.count(),
        projects=plan.keyprojects.count(),
    )


def _write_content(plan: Plan, draft: PlanDraft) -> None:
    sections = _write_sections(plan, [*draft.indicators, *draft.tasks, *draft.projects])
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

    indicators = Indicator.objects.bulk_create(
        [
            Indicator(
                plan=plan,
                section=sections.get(_section_key(d)),
                number=d.number,
                name=d.name,
                position=position,
                search_text=fold(d.name),
                unit=d.unit or "",
                lead_text=d.lead_text,
                implementers_text=d.implementers_text,
            )
            for position, d in enumerate(draft.indicators)
        ]
    )
    targets = []
    for indicator, d in zip(indicators, draft.indicators, strict=True):
        targets.extend(_targets(indicator, d))
        assign(d.lead, Assignment.Role.LEAD, indicator=indicator)
        assign(d.implementers, Assignment.Role.IMPLEMENTER, indicator=indicator)
    Target.objects.bulk_create(targets)

    tasks = Task.objects.bulk_create(
        [_task(plan, sections, p, d) for p, d in enumerate(draft.tasks)]
    )
    for task, d in zip(tasks, draft.tasks, strict=True):
        assign(d.lead, Assignment.Role.LEAD, task=task)
        assign(d.coordinating, Assignment.Role.COORDINATING, task=task)

    projects = KeyProject.objects.bulk_create(
        [
            KeyProject(
                plan=plan,
                section=sections.get(_section_key(d)),
                number=d.number,
                name=d.name,
                position=position,
                search_text=fold(d.name),
                lead_text=d.lead_text,
                years=d.years,
            )
            for position, d in enumerate(draft.projects)
        ]
    )
    for project, d in zip(projects, draft.projects, strict=True):
        assign(d.lead, Assignment.Role.LEAD, project=project)
    Assignment.objects.bulk_create(assignments)


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
        result=draft.result or "",
        lead_text=draft.lead_text,
        coordinating_text=draft.coordinating_text,
        timeframe_text=timeframe.text[:255] if timeframe else "",
        starts_on=timeframe.start if timeframe else None,
        ends_on=timeframe.end if timeframe else None,
        recurrence=(timeframe.recurrence or "") if timeframe else "",
    )
