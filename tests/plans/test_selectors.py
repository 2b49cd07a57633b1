import datetime

import pytest

from dxtrack.agencies.models import Agency
from dxtrack.agencies.selectors import agency_detail, agency_list
from dxtrack.plans.models import Assignment, Plan
from dxtrack.plans.selectors import (
    Via,
    agency_assignments,
    plan_detail,
    plan_list,
)
from factories import (
    AgencyAliasFactory,
    AgencyFactory,
    AgencyGroupFactory,
    AssignmentFactory,
    CommuneFactory,
    IndicatorFactory,
    KeyProjectFactory,
    PlanFactory,
    SectionFactory,
    SuccessionFactory,
    TargetFactory,
    TaskFactory,
)

pytestmark = pytest.mark.django_db

LEAD = Assignment.Role.LEAD
COORDINATING = Assignment.Role.COORDINATING
IMPLEMENTER = Assignment.Role.IMPLEMENTER


# ---------------------------------------------------------------------- plan_list


def test_plan_list_counts_indicators_tasks_and_projects_of_each_plan():
    busy, empty = PlanFactory(), PlanFactory()
    IndicatorFactory.create_batch(2, plan=busy)
    TaskFactory.create_batch(3, plan=busy)
    KeyProjectFactory(plan=busy)

    plans = {p.pk: p for p in plan_list()}

    assert (plans[busy.pk].indicator_count, plans[busy.pk].task_count) == (2, 3)
    assert plans[busy.pk].project_count == 1
    assert (plans[empty.pk].indicator_count, plans[empty.pk].task_count) == (0, 0)
    assert plans[empty.pk].project_count == 0


def test_plan_list_is_one_query_however_many_items(django_assert_num_queries):
    for plan in PlanFactory.create_batch(3):
        TaskFactory.create_batch(50, plan=plan)
        IndicatorFactory.create_batch(20, plan=plan)

    with django_assert_num_queries(1):
        plans = list(plan_list())

    assert [p.task_count for p in plans] == [50, 50, 50]


def test_plan_list_puts_newest_plan_first():
    old = PlanFactory(issued_on=datetime.date(2024, 2, 20))
    new = PlanFactory(issued_on=datetime.date(2026, 1, 15))

    assert list(plan_list()) == [new, old]


# -------------------------------------------------------------------- plan_detail


@pytest.fixture
def plan_2026():
    """Plan with Phụ lục I (indicators A → I → I.1), II (tasks) and III (key projects)."""
    plan = PlanFactory(number="12/KH-UBND", title="Chuyển đổi số tỉnh Quảng Ngãi 2026 - 2030")
    phase = SectionFactory(plan=plan, appendix="Phụ lục I", label="A", title="Giai đoạn 2026-2027")
    topic = SectionFactory(
        plan=plan, appendix="Phụ lục I", label="I", title="Chính quyền số", parent=phase
    )
    sub = SectionFactory(
        plan=plan, appendix="Phụ lục I", label="I.1", title="Dịch vụ số", parent=topic
    )
    tasks_section = SectionFactory(
        plan=plan, appendix="Phụ lục II", label="IV", title="Phát triển nhân lực số"
    )
    return plan, phase, topic, sub, tasks_section


def test_plan_detail_builds_the_section_tree(plan_2026):
    plan, phase, topic, sub, tasks_section = plan_2026
    SectionFactory(plan=PlanFactory(), label="X", title="Mục của kế hoạch khác")

    detail = plan_detail(plan_id=plan.pk)

    roots = detail.section_tree
    assert [n.section for n in roots] == [phase, tasks_section]
    assert [n.section for n in roots[0].children] == [topic]
    assert [(n.section, n.depth) for n in roots[0].children[0].children] == [(sub, 2)]


def test_plan_detail_prints_section_headings_before_the_first_item_of_each_section(plan_2026):
    plan, _phase, _topic, sub, tasks_section = plan_2026
    first = IndicatorFactory(plan=plan, section=sub, position=1)
    second = IndicatorFactory(plan=plan, section=sub, position=2)
    task = TaskFactory(plan=plan, section=tasks_section)

    detail = plan_detail(plan_id=plan.pk)

    shown = [
        ("heading", r.section.label, r.depth) if r.is_heading else ("item", r.indicator)
        for r in detail.indicator_rows
    ]
    assert shown == [
        ("heading", "A", 0),
        ("heading", "I", 1),
        ("heading", "I.1", 2),
        ("item", first),
        ("item", second),
    ]
    assert [r.is_heading for r in detail.task_rows] == [True, False]
    assert detail.task_rows[1].task == task


def test_plan_detail_lays_targets_out_in_milestone_columns_in_time_order(plan_2026):
    plan = plan_2026[0]
    both = IndicatorFactory(plan=plan, position=1)
    TargetFactory(indicator=both, milestone="2030", text="100%", position=0)
    TargetFactory(indicator=both, milestone="2025", text="≥ 80%", position=1)
    only_2030 = IndicatorFactory(plan=plan, position=2)
    TargetFactory(indicator=only_2030, milestone="2030", text="Đạt")

    detail = plan_detail(plan_id=plan.pk)

    assert detail.milestones == ["2025", "2030"]
    rows = [r for r in detail.indicator_rows if not r.is_heading]
    assert [t.text if t else None for t in rows[0].targets] == ["≥ 80%", "100%"]
    assert [t.text if t else None for t in rows[1].targets] == [None, "Đạt"]


def test_plan_detail_separates_lead_and_implementing_agencies(plan_2026):
    plan = plan_2026[0]
    dost = AgencyFactory(name="Sở Khoa học và Công nghệ")
    departments = AgencyGroupFactory(name="Các sở, ban, ngành")
    indicator = IndicatorFactory(plan=plan)
    AssignmentFactory(indicator=indicator, role=LEAD, agency=dost)
    AssignmentFactory(indicator=indicator, role=IMPLEMENTER, group=departments, position=1)
    AssignmentFactory(
        indicator=indicator,
        role=IMPLEMENTER,
        agency=None,
        group=None,
        text="Các doanh nghiệp bưu chính",
        position=2,
    )

    row = plan_detail(plan_id=plan.pk).indicator_rows[0]

    assert [a.agency for a in row.leads] == [dost]
    assert [(a.group, a.text) for a in row.implementers] == [
        (departments, "Các sở, ban, ngành"),
        (None, "Các doanh nghiệp bưu chính"),
    ]


def test_plan_detail_marks_key_project_years_under_year_columns(plan_2026):
    plan = plan_2026[0]
    KeyProjectFactory(plan=plan, years=[2026, 2027], position=1)
    KeyProjectFactory(plan=plan, years=[2028, 2030], position=2)

    detail = plan_detail(plan_id=plan.pk)

    assert detail.years == [2026, 2027, 2028, 2030]
    assert [r.year_marks for r in detail.project_rows] == [
        [True, True, False, False],
        [False, False, True, True],
    ]


def test_plan_detail_runs_nine_queries_whatever_the_size(plan_2026, django_assert_num_queries):
    plan, _phase, _topic, sub, tasks_section = plan_2026
    dost = AgencyFactory(name="Sở Khoa học và Công nghệ")
    group = AgencyGroupFactory(name="Các sở, ban, ngành")
    for indicator in IndicatorFactory.create_batch(30, plan=plan, section=sub):
        TargetFactory(indicator=indicator, milestone="2026-2027")
        TargetFactory(indicator=indicator, milestone="2028-2030")
        AssignmentFactory(indicator=indicator, agency=dost)
        AssignmentFactory(indicator=indicator, role=IMPLEMENTER, group=group)
    for task in TaskFactory.create_batch(50, plan=plan, section=tasks_section):
        AssignmentFactory(task=task, agency=dost)
        AssignmentFactory(task=task, role=COORDINATING, group=group)
    for project in KeyProjectFactory.create_batch(10, plan=plan):
        AssignmentFactory(project=project, agency=dost)

    with django_assert_num_queries(9):
        detail = plan_detail(plan_id=plan.pk)
        # Reading everything a page shows must not query again.
        for row in detail.indicator_rows + detail.task_rows + detail.project_rows:
            if row.is_heading:
                continue
            for assignment in getattr(row, "leads", []):
                str(assignment.agency or assignment.group)
        for item in detail.indicators + detail.tasks + detail.projects:
            str(item.section)

    assert len(detail.tasks) == 50


def test_plan_detail_of_a_missing_plan_raises_does_not_exist():
    with pytest.raises(Plan.DoesNotExist):
        plan_detail(plan_id=987654)


# ------------------------------------------------------------- agency_assignments


@pytest.fixture
def dost_world():
    """Sở KH&CN, its predecessor Sở TT&TT, its group, and a plan naming all three."""
    succession = SuccessionFactory()
    dost, dic = succession.successor, succession.predecessor
    departments = AgencyGroupFactory(
        name="Các sở, ban, ngành", member_kinds=[Agency.Kind.DEPARTMENT]
    )
    return dost, dic, departments


def test_agency_assignments_include_direct_assignments_with_their_role(dost_world):
    dost, _dic, _departments = dost_world
    lead = AssignmentFactory(agency=dost, role=LEAD)
    coordinating = AssignmentFactory(agency=dost, role=COORDINATING)
    AssignmentFactory(agency=AgencyFactory(name="Sở Y tế"))

    found = agency_assignments(agency=dost)

    assert {(r.assignment, r.via, r.role) for r in found} == {
        (lead, Via.DIRECT, LEAD),
        (coordinating, Via.DIRECT, COORDINATING),
    }


def test_agency_assignments_reach_the_agency_through_a_group_of_its_kind(dost_world):
    dost, _dic, departments = dost_world
    to_group = AssignmentFactory(group=departments, role=COORDINATING)
    AssignmentFactory(
        group=AgencyGroupFactory(
            name="UBND các xã, phường, đặc khu", member_kinds=[Agency.Kind.COMMUNE]
        )
    )

    [found] = agency_assignments(agency=dost)

    assert (found.assignment, found.via, found.via_group) == (to_group, Via.GROUP, departments)


def test_agency_assignments_reach_an_explicit_group_member(dost_world):
    dost, _dic, _departments = dost_world
    steering = AgencyGroupFactory(
        name="Các thành viên Ban Chỉ đạo chuyển đổi số tỉnh", member_kinds=[], members=[dost]
    )

    to_group = AssignmentFactory(group=steering)

    assert [(r.assignment, r.via_group) for r in agency_assignments(agency=dost)] == [
        (to_group, steering)
    ]


def test_agency_assignments_include_the_predecessors_tasks(dost_world):
    dost, dic, _departments = dost_world
    old_task = AssignmentFactory(agency=dic, text="Sở Thông tin và Truyền thông")

    [found] = agency_assignments(agency=dost)

    assert (found.assignment, found.via, found.via_agency) == (old_task, Via.PREDECESSOR, dic)


def test_agency_assignments_follow_a_chain_of_predecessors(dost_world):
    dost, dic, _departments = dost_world
    older = AgencyFactory(name="Sở Bưu chính, Viễn thông", active_to=datetime.date(2008, 3, 31))
    SuccessionFactory(predecessor=older, successor=dic, date=datetime.date(2008, 4, 1))
    oldest_task = AssignmentFactory(agency=older)

    [found] = agency_assignments(agency=dost)

    assert (found.assignment, found.via_agency) == (oldest_task, older)


def test_agency_assignments_ignore_partial_successions():
    culture = AgencyFactory(name="Sở Văn hóa, Thể thao và Du lịch")
    dic = AgencyFactory(name="Sở Thông tin và Truyền thông", active_to=datetime.date(2025, 2, 28))
    SuccessionFactory(predecessor=dic, successor=culture, primary=False, scope="báo chí, xuất bản")
    AssignmentFactory(agency=dic)

    assert agency_assignments(agency=culture) == []


def test_agency_assignments_reach_communes_through_the_district_group_they_replaced():
    commune = CommuneFactory(name="UBND xã Bình Sơn")
    communes = AgencyGroupFactory(
        name="UBND các xã, phường, đặc khu", member_kinds=[Agency.Kind.COMMUNE]
    )
    districts = AgencyGroupFactory(
        name="UBND các huyện, thị xã, thành phố",
        member_kinds=[Agency.Kind.DISTRICT],
        successor=communes,
        succeeded_on=datetime.date(2025, 7, 1),
    )
    old = AssignmentFactory(group=districts)

    [found] = agency_assignments(agency=commune)

    assert (found.assignment, found.via) == (old, Via.PREDECESSOR_GROUP)
    assert (found.via_group, found.through_group) == (districts, communes)


def test_agency_assignments_do_not_count_a_ceased_agency_as_a_member_by_kind(dost_world):
    _dost, dic, departments = dost_world
    AssignmentFactory(group=departments)

    assert agency_assignments(agency=dic) == []


def test_agency_assignments_keep_the_most_direct_path_once_per_item_and_role(dost_world):
    dost, _dic, departments = dost_world
    task = TaskFactory()
    direct = AssignmentFactory(task=task, agency=dost, role=COORDINATING)
    AssignmentFactory(task=task, group=departments, role=COORDINATING, position=1)
    lead_by_group = AssignmentFactory(task=task, group=departments, role=LEAD, position=2)

    found = agency_assignments(agency=dost)

    assert [(r.assignment, r.via) for r in found] == [
        (lead_by_group, Via.GROUP),
        (direct, Via.DIRECT),
    ]


def test_agency_assignments_are_sorted_by_plan_then_role_then_kind(dost_world):
    dost = dost_world[0]
    old_plan = PlanFactory(issued_on=datetime.date(2024, 2, 20))
    new_plan = PlanFactory(issued_on=datetime.date(2026, 1, 10))
    old = AssignmentFactory(task=TaskFactory(plan=old_plan), agency=dost)
    new_coord = AssignmentFactory(task=TaskFactory(plan=new_plan), agency=dost, role=COORDINATING)
    new_lead_task = AssignmentFactory(task=TaskFactory(plan=new_plan), agency=dost)
    new_lead_indicator = AssignmentFactory(indicator=IndicatorFactory(plan=new_plan), agency=dost)

    found = [r.assignment for r in agency_assignments(agency=dost)]

    assert found == [new_lead_indicator, new_lead_task, new_coord, old]


def test_agency_assignments_run_a_fixed_number_of_queries(
    dost_world, django_assert_max_num_queries
):
    dost, dic, departments = dost_world
    communes = AgencyGroupFactory(
        name="UBND các xã, phường, đặc khu", member_kinds=[Agency.Kind.COMMUNE]
    )
    AgencyGroupFactory(
        name="UBND các huyện", member_kinds=[Agency.Kind.DISTRICT], successor=communes
    )
    for plan in PlanFactory.create_batch(3):
        for task in TaskFactory.create_batch(50, plan=plan):
            AssignmentFactory(task=task, agency=dost)
            AssignmentFactory(task=task, agency=dic, role=COORDINATING)
            AssignmentFactory(task=task, group=departments, role=IMPLEMENTER)
        for indicator in IndicatorFactory.create_batch(10, plan=plan):
            TargetFactory(indicator=indicator)
            AssignmentFactory(indicator=indicator, agency=dost)

    with django_assert_max_num_queries(8):
        found = agency_assignments(agency=dost)
        for reach in found:
            str(reach.plan), str(reach.item.section), reach.assignment.text
            if reach.item_type == "indicator":
                list(reach.item.targets.all())

    assert len(found) == 3 * (50 * 3 + 10)


# ------------------------------------------------------------------- agency pages


def test_agency_detail_lists_groups_predecessors_and_aliases(dost_world):
    dost, dic, departments = dost_world
    AgencyAliasFactory(agency=dost, name="Sở KH&CN")

    detail = agency_detail(agency_id=dost.pk)

    assert detail.groups == [departments]
    assert [s.predecessor for s in detail.predecessors] == [dic]
    assert [a.name for a in detail.aliases] == ["Sở KH&CN"]
    assert [s.successor for s in agency_detail(agency_id=dic.pk).successors] == [dost]


def test_agency_list_filters_by_kind_and_finds_names_without_diacritics():
    dost = AgencyFactory(name="Sở Khoa học và Công nghệ")
    AgencyFactory(name="Sở Y tế")
    commune = CommuneFactory(name="UBND xã Tịnh Khê")

    assert list(agency_list(query="khoa hoc")) == [dost]
    assert list(agency_list(query="TINH KHE")) == [commune]
    assert list(agency_list(kind=Agency.Kind.COMMUNE)) == [commune]


def test_agency_list_finds_an_agency_by_its_abbreviation():
    dost = AgencyFactory(name="Sở Khoa học và Công nghệ")
    AgencyAliasFactory(agency=dost, name="Sở KH&CN")

    assert list(agency_list(query="kh&cn")) == [dost]


def test_agency_list_names_the_successor_of_a_ceased_agency(dost_world):
    dost, dic, _departments = dost_world

    by_name = {a.name: a for a in agency_list()}

    assert by_name[dic.name].successor_name == dost.name
    assert by_name[dost.name].successor_name is None
