"""Writing plans into the catalogue: plan_import and plan_key."""

import dataclasses
import datetime as dt
import hashlib

import pytest

from dxtrack.accounts.access import SYSTEM
from dxtrack.agencies.models import Agency, AgencyGroup
from dxtrack.ingest.plan_reader import read_plan
from dxtrack.ingest.readers import read_document
from dxtrack.ingest.services import BUNDLED_DIR
from dxtrack.plans.drafts import (
    AgencyRef,
    IndicatorDraft,
    PlanDraft,
    ProjectDraft,
    TargetDraft,
    TaskDraft,
    TimeframeDraft,
)
from dxtrack.plans.models import Assignment, Indicator, KeyProject, Plan, Section, Target, Task
from dxtrack.plans.services import PlanAlreadyImported, content_hash, plan_import, plan_key
from factories import AgencyFactory, AgencyGroupFactory

KHCN = "Sở Khoa học và Công nghệ"
SBN = "Các sở, ban, ngành"
XA = "UBND các xã, phường, đặc khu"
PHASE = "A Giai đoạn 2026-2027"
GOVERNMENT = "I Phát triển Chính quyền số"
SERVICES = "I.1 Cung cấp dịch vụ số bao trùm, thông minh"


def _agency(name: str) -> AgencyRef:
    return AgencyRef(text=name, agency=name, group=None)


def _group(name: str) -> AgencyRef:
    return AgencyRef(text=name, agency=None, group=name)


def _draft(**changes) -> PlanDraft:
    """A plan as the reader drafts it: an indicator with two targets, two tasks, a project."""
    draft = PlanDraft(
        source="ke-hoach-38.txt",
        number="38/KH-UBND",
        title="Kế hoạch Chuyển đổi số tỉnh Quảng Ngãi giai đoạn 2026 - 2030",
        issuer="UBND tỉnh Quảng Ngãi",
        date=dt.date(2024, 2, 20),
        kind="Kế hoạch",
        implements="Nghị quyết số 13-NQ/TU",
        indicators=[
            IndicatorDraft(
                section=[PHASE, GOVERNMENT, SERVICES],
                number="1",
                name="Tỷ lệ dịch vụ công trực tuyến toàn trình",
                line=366,
                appendix="Phụ lục I",
                lead=[_agency("Văn phòng UBND tỉnh")],
                lead_text="Văn phòng UBND tỉnh",
                unit="%",
                targets=[
                    TargetDraft("2026-2027", "≥ 80%", ">=", 80.0, "%"),
                    TargetDraft("2030", "-", None, None, None),
                ],
                implementers=[_group(SBN), _group(XA)],
                implementers_text=f"{SBN}; {XA}",
            )
        ],
        tasks=[
            TaskDraft(
                section=["I Thể chế số"],
                number="1",
                name="Xây dựng Khung kiến trúc số tỉnh",
                line=471,
                appendix="Phụ lục II",
                lead=[_agency(KHCN)],
                lead_text=KHCN,
                coordinating=[_group(SBN), AgencyRef("Sở Tư pháp tỉnh X", None, None)],
                coordinating_text=f"{SBN}; Sở Tư pháp tỉnh X",
                result="Quyết định ban hành Khung kiến trúc số",
                timeframe=TimeframeDraft(
                    "Năm 2026 - 2030", dt.date(2026, 1, 1), dt.date(2030, 12, 31), None
                ),
            ),
            TaskDraft(
                section=["I Thể chế số"],
                number="2",
                name="Đo lường chuyển đổi số",
                line=472,
                appendix="Phụ lục II",
                lead=[_agency(KHCN)],
                lead_text=KHCN,
                timeframe=TimeframeDraft("Hằng năm", None, None, "yearly"),
            ),
        ],
        projects=[
            ProjectDraft(
                section=[GOVERNMENT, "I.1 Phát triển Hạ tầng số"],
                number="1",
                name="Xây dựng Trung tâm dữ liệu tỉnh",
                line=586,
                appendix="Phụ lục III",
                lead=[_agency(KHCN)],
                lead_text=KHCN,
                years=[2026, 2027, 2028],
            )
        ],
    )
    return dataclasses.replace(draft, **changes)


@pytest.fixture
def directory(db):
    agencies = {name: AgencyFactory(name=name) for name in (KHCN, "Văn phòng UBND tỉnh")}
    groups = {name: AgencyGroupFactory(name=name) for name in (SBN, XA)}
    return agencies, groups


def _import(draft=None, sha256="a" * 64, **options):
    return plan_import(actor=SYSTEM, draft=draft or _draft(), sha256=sha256, **options)


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Plan, Section, Indicator, Target, Task, KeyProject, Assignment)
    }


# -- plan_key ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number, title, source, key",
    [
        ("38/KH-UBND", "Kế hoạch", "a.txt", "so:38/kh-ubnd"),
        ("38 / KH-UBND", None, "a.txt", "so:38/kh-ubnd"),
        ("411/QĐ-TTg", None, "a.txt", "so:411/qd-ttg"),
        (None, "Kế hoạch Chuyển đổi số  tỉnh", "a.txt", "tieu-de:ke hoach chuyen doi so tinh"),
        (None, None, "002_e25588e8cebfd0eb.txt", "tep:002_e25588e8cebfd0eb.txt"),
        ("", "", "Kế hoạch.txt", "tep:ke hoach.txt"),
    ],
)
def test_plan_key_is_the_number_else_the_title_else_the_file(number, title, source, key):
    assert plan_key(number=number, title=title, source=source) == key


def test_plan_key_of_a_long_title_is_cut_to_fit_the_column():
    key = plan_key(number=None, title="Kế hoạch " * 100, source="a.txt")
    assert len(key) <= 255


def test_content_hash_is_the_sha256_of_the_bytes():
    assert content_hash(b"ke hoach") == hashlib.sha256(b"ke hoach").hexdigest()


# -- plan_import ------------------------------------------------------------------------------


def test_import_creates_the_plan_with_its_metadata(directory):
    result = _import()
    assert (result.status, result.indicators, result.tasks, result.projects) == ("created", 1, 2, 1)
    plan = Plan.objects.get()
    assert plan == result.plan
    assert plan.key == "so:38/kh-ubnd"
    assert plan.number == "38/KH-UBND"
    assert plan.title == "Kế hoạch Chuyển đổi số tỉnh Quảng Ngãi giai đoạn 2026 - 2030"
    assert plan.kind == "Kế hoạch"
    assert plan.issuer == "UBND tỉnh Quảng Ngãi"
    assert plan.issued_on == dt.date(2024, 2, 20)
    assert plan.status == Plan.Status.IN_FORCE
    assert plan.implements == "Nghị quyết số 13-NQ/TU"
    assert plan.source_file == "ke-hoach-38.txt"
    assert plan.source_sha256 == "a" * 64


def test_an_import_is_audited_and_only_those_who_may_import_plans_do(directory):
    from django.core.exceptions import PermissionDenied

    from dxtrack.accounts.models import Profile, Role
    from dxtrack.audit.models import AuditEntry
    from factories import UserFactory

    leader = UserFactory(username="lanhdao.kehoach")
    Profile.objects.create(user=leader, role=Role.LEADER)
    with pytest.raises(PermissionDenied):
        plan_import(actor=leader, draft=_draft(), sha256="a" * 64)
    assert not Plan.objects.exists()

    coordinator = UserFactory(username="dieuphoi.kehoach")
    Profile.objects.create(user=coordinator, role=Role.COORDINATOR)
    created = plan_import(actor=coordinator, draft=_draft(), sha256="a" * 64)
    plan_import(actor=coordinator, draft=_draft(), sha256="a" * 64)  # unchanged: no row
    plan_import(actor=SYSTEM, draft=_draft(title="Kế hoạch sửa đổi"), sha256="b" * 64, update=True)

    first, second = AuditEntry.objects.filter(action="plan.import").order_by("pk")
    assert (first.actor, first.target_id) == (coordinator, created.plan.pk)
    assert first.details == {"file": "ke-hoach-38.txt", "sha256": "a" * 64, "status": "created"}
    assert second.actor is None and second.details["by"] == str(SYSTEM)
    assert second.details["status"] == "updated" and "changes" in second.details


def test_a_draft_plan_is_stored_as_a_draft_and_a_plan_without_title_by_its_file(directory):
    _import(_draft(status="draft", number=None, title=None, issuer=None, date=None, kind=None))
    plan = Plan.objects.get()
    assert plan.status == Plan.Status.DRAFT
    assert plan.title == "ke-hoach-38.txt"
    assert plan.key == "tep:ke-hoach-38.txt"
    assert (plan.number, plan.issuer, plan.kind, plan.issued_on) == ("", "", "", None)


def test_sections_form_a_tree_per_appendix(directory):
    plan = _import().plan
    sections = {(s.appendix, s.label): s for s in plan.sections.all()}
    assert set(sections) == {
        ("Phụ lục I", "A"),
        ("Phụ lục I", "I"),
        ("Phụ lục I", "I.1"),
        ("Phụ lục II", "I"),
        ("Phụ lục III", "I"),
        ("Phụ lục III", "I.1"),
    }
    phase = sections["Phụ lục I", "A"]
    government = sections["Phụ lục I", "I"]
    services = sections["Phụ lục I", "I.1"]
    assert (phase.parent, government.parent, services.parent) == (None, phase, government)
    assert phase.title == "Giai đoạn 2026-2027"
    assert services.title == "Cung cấp dịch vụ số bao trùm, thông minh"
    assert sections["Phụ lục III", "I.1"].parent == sections["Phụ lục III", "I"]
    # The same heading in two appendices is two sections.
    assert sections["Phụ lục II", "I"] != sections["Phụ lục III", "I"]


def test_items_sit_in_their_innermost_section(directory):
    plan = _import().plan
    assert plan.indicators.get().section.label == "I.1"
    assert {t.section.title for t in plan.tasks.all()} == {"Thể chế số"}
    assert plan.keyprojects.get().section.title == "Phát triển Hạ tầng số"


def test_indicators_are_stored_with_their_targets(directory):
    indicator = _import().plan.indicators.get()
    assert (indicator.number, indicator.name, indicator.unit) == (
        "1",
        "Tỷ lệ dịch vụ công trực tuyến toàn trình",
        "%",
    )
    assert indicator.search_text == "ty le dich vu cong truc tuyen toan trinh"
    assert indicator.lead_text == "Văn phòng UBND tỉnh"
    assert indicator.implementers_text == f"{SBN}; {XA}"
    targets = [
        (t.milestone, t.year_from, t.year_to, t.text, t.comparator, t.value, t.unit)
        for t in indicator.targets.order_by("position")
    ]
    assert targets == [
        ("2026-2027", 2026, 2027, "≥ 80%", ">=", 80.0, "%"),
        ("2030", 2030, 2030, "-", "", None, ""),
    ]


def test_tasks_are_stored_with_result_and_timeframe(directory):
    tasks = list(_import().plan.tasks.order_by("position"))
    assert [(t.number, t.name, t.position) for t in tasks] == [
        ("1", "Xây dựng Khung kiến trúc số tỉnh", 0),
        ("2", "Đo lường chuyển đổi số", 1),
    ]
    first, second = tasks
    assert first.result == "Quyết định ban hành Khung kiến trúc số"
    assert (first.timeframe_text, first.starts_on, first.ends_on, first.recurrence) == (
        "Năm 2026 - 2030",
        dt.date(2026, 1, 1),
        dt.date(2030, 12, 31),
        "",
    )
    assert (second.result, second.timeframe_text, second.recurrence) == ("", "Hằng năm", "yearly")
    assert first.coordinating_text == f"{SBN}; Sở Tư pháp tỉnh X"


def test_key_projects_are_stored_with_their_years(directory):
    project = _import().plan.keyprojects.get()
    assert (project.number, project.name, project.years) == (
        "1",
        "Xây dựng Trung tâm dữ liệu tỉnh",
        [2026, 2027, 2028],
    )


def test_assignments_link_agencies_and_groups_in_the_order_written(directory):
    agencies, groups = directory
    plan = _import().plan
    indicator = plan.indicators.get()
    assert [
        (a.role, a.agency, a.group, a.text, a.position)
        for a in indicator.assignments.order_by("role", "position")
    ] == [
        ("implementer", None, groups[SBN], SBN, 0),
        ("implementer", None, groups[XA], XA, 1),
        ("lead", agencies["Văn phòng UBND tỉnh"], None, "Văn phòng UBND tỉnh", 0),
    ]
    project = plan.keyprojects.get()
    assert [(a.role, a.agency) for a in project.assignments.all()] == [("lead", agencies[KHCN])]


def test_an_unresolved_name_is_kept_as_text_without_agency_or_group(directory):
    _, groups = directory
    task = _import().plan.tasks.get(number="1")
    assert [
        (a.role, a.agency, a.group, a.text, a.position)
        for a in task.assignments.filter(role=Assignment.Role.COORDINATING).order_by("position")
    ] == [
        ("coordinating", None, groups[SBN], SBN, 0),
        ("coordinating", None, None, "Sở Tư pháp tỉnh X", 1),
    ]


def test_a_resolved_name_the_catalogue_lacks_is_kept_as_text(db):
    # The reader resolved against a directory the database has not been given.
    task = _import().plan.tasks.get(number="2")
    (lead,) = task.assignments.all()
    assert (lead.agency, lead.group, lead.text) == (None, None, KHCN)


def test_importing_the_same_bytes_again_changes_nothing(directory):
    first = _import()
    before = _counts()
    again = _import()
    assert again.status == "unchanged"
    assert again.plan == first.plan
    assert (again.indicators, again.tasks, again.projects) == (1, 2, 1)
    assert _counts() == before


def test_a_changed_version_is_refused_with_a_vietnamese_message(directory):
    _import()
    before = _counts()
    changed = _draft(source="ke-hoach-38-sua.txt", tasks=_draft().tasks[:1])
    with pytest.raises(PlanAlreadyImported) as refused:
        _import(changed, sha256="b" * 64)
    message = str(refused.value)
    assert "38/KH-UBND" in message
    assert "đã có trong hệ thống" in message
    assert "ke-hoach-38.txt" in message
    assert "ke-hoach-38-sua.txt" in message
    assert "--update" in message
    assert _counts() == before


def test_update_replaces_the_content_without_duplicating_it(directory):
    plan = _import().plan
    changed = _draft(
        source="ke-hoach-38-sua.txt",
        title="Kế hoạch Chuyển đổi số (sửa đổi)",
        tasks=[dataclasses.replace(_draft().tasks[1], number="1", section=["II Dữ liệu số"])],
        projects=[],
    )
    result = _import(changed, sha256="b" * 64, update=True)
    assert result.status == "updated"
    assert result.plan == plan
    assert (result.indicators, result.tasks, result.projects) == (1, 1, 0)
    plan.refresh_from_db()
    assert (plan.title, plan.source_file, plan.source_sha256) == (
        "Kế hoạch Chuyển đổi số (sửa đổi)",
        "ke-hoach-38-sua.txt",
        "b" * 64,
    )
    assert _counts() == {
        "Plan": 1,
        "Section": 4,  # A, I, I.1 of Phụ lục I; II of Phụ lục II
        "Indicator": 1,
        "Target": 2,
        "Task": 1,
        "KeyProject": 0,
        "Assignment": 4,  # indicator: lead and two implementers; task: lead
    }
    assert list(Task.objects.values_list("name", "section__title")) == [
        ("Đo lường chuyển đổi số", "Dữ liệu số")
    ]


def test_a_failure_midway_writes_nothing(directory, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("ổ đĩa đầy")

    monkeypatch.setattr(Task.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        _import()
    assert _counts() == dict.fromkeys(_counts(), 0)


def test_a_failed_update_keeps_the_previous_content(directory, monkeypatch):
    _import()
    before = _counts()

    def fail(*args, **kwargs):
        raise RuntimeError("ổ đĩa đầy")

    monkeypatch.setattr(Assignment.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        _import(_draft(source="moi.txt"), sha256="b" * 64, update=True)
    assert _counts() == before
    assert Plan.objects.get().source_sha256 == "a" * 64


# -- the province's plans, with the directory shipped with the product -------------------------


def _seed(prefix: str):
    (path,) = BUNDLED_DIR.glob(f"{prefix}_*.txt")
    return path


@pytest.fixture
def installed(db):
    from dxtrack.agencies.directory import load_bundled
    from dxtrack.agencies.services import directory_install

    directory_install()
    return load_bundled()


@pytest.mark.parametrize(
    "prefix, indicators, tasks, duties, projects",
    [
        ("000", 17, 100, 0, 0),
        ("001", 19, 58, 12, 0),
        ("002", 56, 65, 5, 71),
        ("003", 64, 23, 4, 0),
    ],
)
def test_a_seed_plan_is_imported_whole(installed, prefix, indicators, tasks, duties, projects):
    path = _seed(prefix)
    draft = read_plan(read_document(path), installed)
    result = plan_import(actor=SYSTEM, draft=draft, sha256=content_hash(path.read_bytes()))
    # The duties under "Tổ chức thực hiện" are tasks too, of their own origin.
    assert (result.status, result.indicators, result.tasks, result.projects) == (
        "created",
        indicators,
        tasks + duties,
        projects,
    )
    assert Task.objects.filter(origin=Task.Origin.DUTY).count() == duties
    assert Target.objects.count() == sum(len(i.targets) for i in draft.indicators)
    refs = [
        *(r for i in draft.indicators for r in (*i.lead, *i.implementers)),
        *(r for t in draft.all_tasks for r in (*t.lead, *t.coordinating)),
        *(r for p in draft.projects for r in p.lead),
    ]
    assert Assignment.objects.count() == len(refs)
    # Every name the reader resolved is linked to the agency or group of the catalogue.
    resolved = sum(1 for r in refs if r.resolved)
    linked = Assignment.objects.exclude(agency=None, group=None).count()
    assert linked == resolved


def test_002_sections_and_assignments_in_the_catalogue(installed):
    path = _seed("002")
    draft = read_plan(read_document(path), installed)
    plan = plan_import(actor=SYSTEM, draft=draft, sha256=content_hash(path.read_bytes())).plan
    services = plan.sections.get(appendix="Phụ lục I", label="I.1", parent__parent__label="A")
    assert services.title == "Cung cấp dịch vụ số bao trùm, thông minh"
    assert services.parent.title == "Phát triển Chính quyền, nâng cao hiệu quả, hiệu lực hoạt động"
    assert services.parent.parent.title == "Giai đoạn 2026-2027"
    first = plan.indicators.order_by("position").first()
    assert first.section == services
    assert list(first.targets.values_list("milestone", "year_from", "year_to", "value")) == [
        ("2026-2027", 2026, 2027, 100.0)
    ]
    groups = set(
        first.assignments.filter(role=Assignment.Role.IMPLEMENTER).values_list(
            "group__name", flat=True
        )
    )
    assert groups == {SBN, XA}
    assert AgencyGroup.objects.filter(name__in=groups).count() == 2
    project = plan.keyprojects.get(number="10", section__label="I.1")
    assert project.years == [2027]
    assert Agency.objects.filter(assignments__project=project).exists()


def test_002_imported_twice_is_unchanged(installed):
    path = _seed("002")
    sha256 = content_hash(path.read_bytes())
    plan_import(actor=SYSTEM, draft=read_plan(read_document(path), installed), sha256=sha256)
    before = _counts()
    result = plan_import(
        actor=SYSTEM, draft=read_plan(read_document(path), installed), sha256=sha256
    )
    assert result.status == "unchanged"
    assert _counts() == before


# -- revisions keep what is attached to unchanged rows ------------------------------------------


def _report_on(task: Task, agency: Agency):
    from dxtrack.reporting.models import AgencyReport, ReportingPeriod, TaskUpdate

    period = ReportingPeriod.objects.create(
        name="Báo cáo năm 2026",
        kind=ReportingPeriod.Kind.YEARLY,
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
        due_on=dt.date(2026, 11, 30),
    )
    report = AgencyReport.objects.create(period=period, agency=agency)
    return TaskUpdate.objects.create(
        report=report, task=task, role="lead", description="Đã ban hành Quyết định số 1827"
    )


def test_a_revision_keeps_the_reports_of_unchanged_and_modified_tasks(directory):
    from dxtrack.reporting.models import TaskUpdate

    agencies, _ = directory
    plan = _import().plan
    first, second = plan.tasks.order_by("position")
    kept = _report_on(first, agencies[KHCN])
    edited = _report_on(second, agencies["Văn phòng UBND tỉnh"])
    indicator_id = plan.indicators.get().pk
    tasks = _draft().tasks
    revised = _draft(
        source="ke-hoach-38-sua.txt",
        tasks=[
            tasks[0],
            dataclasses.replace(tasks[1], result="Báo cáo đo lường hằng năm"),
            dataclasses.replace(tasks[1], number="3", name="Phát triển hạ tầng IoT dùng chung"),
        ],
    )

    result = _import(revised, sha256="b" * 64, update=True)

    assert result.status == "updated"
    assert result.tasks == 3
    assert TaskUpdate.objects.get(pk=kept.pk).task_id == first.pk
    assert TaskUpdate.objects.get(pk=edited.pk).task_id == second.pk
    second.refresh_from_db()
    assert second.result == "Báo cáo đo lường hằng năm"
    assert plan.indicators.get().pk == indicator_id
    assert Task.objects.filter(plan=plan, number="3").exists()
    # Assignments are rewritten, not duplicated.
    assert Assignment.objects.filter(task=first).count() == 3


def test_a_revision_deletes_the_rows_it_no_longer_has(directory):
    from dxtrack.reporting.models import TaskUpdate

    agencies, _ = directory
    plan = _import().plan
    dropped = plan.tasks.get(number="2")
    _report_on(dropped, agencies[KHCN])

    _import(_draft(tasks=_draft().tasks[:1]), sha256="b" * 64, update=True)

    assert list(plan.tasks.values_list("number", flat=True)) == ["1"]
    assert not TaskUpdate.objects.exists()


def test_plan_revision_lists_the_changes_and_the_reports_a_removal_loses(directory):
    from dxtrack.plans.services import plan_revision
    from dxtrack.reporting.selectors import report_rows_count

    agencies, _ = directory
    assert plan_revision(draft=_draft()) is None
    plan = _import().plan
    _report_on(plan.tasks.get(number="2"), agencies[KHCN])
    tasks = _draft().tasks
    revised = _draft(tasks=[dataclasses.replace(tasks[0], result="Khung kiến trúc số 4.0")])

    revision = plan_revision(draft=revised)

    assert revision.plan == plan
    assert [(c.kind, c.status, c.fields) for c in revision.diff.changes] == [
        ("indicator", "unchanged", ()),
        ("task", "modified", ("result",)),
        ("task", "removed", ()),
        ("project", "unchanged", ()),
    ]
    assert revision.old_row("task", 1).name == "Đo lường chuyển đổi số"
    assert revision.removed_ids("task") == [plan.tasks.get(number="2").pk]
    assert revision.removed_ids("indicator") == []
    lost = report_rows_count(
        task_ids=revision.removed_ids("task"), indicator_ids=revision.removed_ids("indicator")
    )
    assert (lost.task_updates, lost.indicator_values) == (1, 0)


def test_a_seed_plan_read_again_matches_every_stored_row(installed):
    from dxtrack.plans.services import plan_revision

    path = _seed("002")
    draft = read_plan(read_document(path), installed)
    plan = plan_import(actor=SYSTEM, draft=draft, sha256=content_hash(path.read_bytes())).plan
    ids = set(plan.tasks.values_list("pk", flat=True))

    revision = plan_revision(draft=read_plan(read_document(path), installed))
    # 56 indicators, 65 tasks, 5 duties and 71 key projects.
    assert revision.diff.counts == {"added": 0, "removed": 0, "modified": 0, "unchanged": 197}

    result = plan_import(actor=SYSTEM, draft=draft, sha256="c" * 64, update=True)
    assert result.status == "updated"
    assert set(plan.tasks.values_list("pk", flat=True)) == ids
