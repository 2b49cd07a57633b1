"""The directory on a date: who an assignment reaches, asked forward (the period's
expectations) and backward (the agency page), on every succession case."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from dxtrack.agencies.roster import AgencyRow, GroupRow, Roster, SuccessionRow

ON = dt.date(2026, 6, 1)
BEFORE = dt.date(2025, 3, 1)  # a succession that has happened by ON
AFTER = dt.date(2026, 9, 1)  # one that has not
DAY = dt.timedelta(days=1)


def agency(pk: int, kind: str = "department", *, to: dt.date | None = None, since=None):
    return AgencyRow(id=pk, kind=kind, active_from=since, active_to=to)


def succession(pk: int, before: int, after: int, date: dt.date = BEFORE, *, primary=True):
    return SuccessionRow(
        id=pk, predecessor_id=before, successor_id=after, date=date, primary=primary
    )


CASES = {
    "an agency's own work while it is active": (
        [agency(1)],
        [],
        [],
        {"agency_id": 1},
        {1},
    ),
    "a succession before the day passes the work on": (
        [agency(1, to=BEFORE - DAY), agency(2)],
        [],
        [succession(1, 1, 2)],
        {"agency_id": 1},
        {2},
    ),
    "a succession after the day has not happened yet": (
        [agency(1, to=AFTER - DAY), agency(2)],
        [],
        [succession(1, 1, 2, AFTER)],
        {"agency_id": 1},
        {1},
    ),
    "an agency that ended before its succession's date reaches nobody meanwhile": (
        [agency(1, to=BEFORE - DAY), agency(2)],
        [],
        [succession(1, 1, 2, AFTER)],
        {"agency_id": 1},
        set(),
    ),
    "a predecessor still active keeps its work": (
        [agency(1), agency(2)],
        [],
        [succession(1, 1, 2)],
        {"agency_id": 1},
        {1},
    ),
    "a chain of successions ends at the first active agency": (
        [agency(1, to=dt.date(2008, 3, 31)), agency(2, to=BEFORE - DAY), agency(3)],
        [],
        [succession(1, 1, 2, dt.date(2008, 4, 1)), succession(2, 2, 3)],
        {"agency_id": 1},
        {3},
    ),
    "a chain stops where its next step is after the day": (
        [agency(1, to=BEFORE - DAY), agency(2, to=AFTER - DAY), agency(3)],
        [],
        [succession(1, 1, 2), succession(2, 2, 3, AFTER)],
        {"agency_id": 1},
        {2},
    ),
    "a split follows the primary successor only": (
        [agency(1, to=BEFORE - DAY), agency(2), agency(3)],
        [],
        [succession(1, 1, 2), succession(2, 1, 3, primary=False)],
        {"agency_id": 1},
        {2},
    ),
    "a cycle in the data reaches nobody": (
        [agency(1, to=BEFORE - DAY), agency(2, to=BEFORE - DAY)],
        [],
        [succession(1, 1, 2), succession(2, 2, 1)],
        {"agency_id": 1},
        set(),
    ),
    "a group of kinds reaches its active agencies of those kinds": (
        [agency(1), agency(2, to=BEFORE - DAY), agency(3, "commune")],
        [GroupRow(id=10, member_kinds=("department",))],
        [],
        {"group_id": 10},
        {1},
    ),
    "a group that ended passes to its successor group": (
        [agency(1, "district", to=BEFORE - DAY), agency(2, "commune"), agency(3, "commune")],
        [
            GroupRow(
                id=10,
                member_kinds=("district",),
                successor_id=11,
                succeeded_on=BEFORE,
                active_to=BEFORE - DAY,
            ),
            GroupRow(id=11, member_kinds=("commune",)),
        ],
        [],
        {"group_id": 10},
        {2, 3},
    ),
    "a group's succession dated without an end date passes too": (
        [agency(1, "district"), agency(2, "commune")],
        [
            GroupRow(id=10, member_kinds=("district",), successor_id=11, succeeded_on=BEFORE),
            GroupRow(id=11, member_kinds=("commune",)),
        ],
        [],
        {"group_id": 10},
        {2},
    ),
    "a group's succession after the day has not happened yet": (
        [agency(1, "district", to=AFTER - DAY), agency(2, "commune")],
        [
            GroupRow(
                id=10,
                member_kinds=("district",),
                successor_id=11,
                succeeded_on=AFTER,
                active_to=AFTER - DAY,
            ),
            GroupRow(id=11, member_kinds=("commune",)),
        ],
        [],
        {"group_id": 10},
        {1},
    ),
    "a group that ended with nowhere to go reaches nobody": (
        [agency(1)],
        [GroupRow(id=10, member_kinds=("department",), active_to=BEFORE)],
        [],
        {"group_id": 10},
        set(),
    ),
    "a listed member that was succeeded is replaced by its successor": (
        [agency(1, "enterprise", to=BEFORE - DAY), agency(2, "enterprise"), agency(3)],
        [GroupRow(id=10, members=(1, 3))],
        [succession(1, 1, 2)],
        {"group_id": 10},
        {2, 3},
    ),
    "a listed member succeeded after the day is still the member": (
        [agency(1, "enterprise", to=AFTER - DAY), agency(2, "enterprise")],
        [GroupRow(id=10, members=(1,))],
        [succession(1, 1, 2, AFTER)],
        {"group_id": 10},
        {1},
    ),
}


def _roster(agencies, groups, successions) -> Roster:
    return Roster(on=ON, agencies=agencies, groups=groups, successions=successions)


def _reaches_back(roster: Roster, agency_id: int, assignee: dict) -> bool:
    """Whether the assignment shows on the agency's page: what `agency_assignments` asks."""
    if "agency_id" in assignee:
        inherited = {s.predecessor_id for s in roster.handed_over_to(agency_id)}
        own = {agency_id} if roster.is_active(agency_id) else set()
        return assignee["agency_id"] in own | inherited
    own_groups = roster.groups_of(agency_id)
    inherited_groups = {p for g in own_groups for p in roster.group_predecessors(g)}
    return assignee["group_id"] in set(own_groups) | inherited_groups


@pytest.mark.parametrize(
    ("agencies", "groups", "successions", "assignee", "expected"),
    list(CASES.values()),
    ids=list(CASES),
)
def test_an_assignment_reaches_the_same_agencies_asked_either_way(
    agencies, groups, successions, assignee, expected
):
    roster = _roster(agencies, groups, successions)

    assert roster.reached(**assignee) == expected
    assert {a.id for a in agencies if _reaches_back(roster, a.id, assignee)} == expected


def test_the_page_names_the_successions_whose_work_an_agency_carries_nearest_first():
    roster = _roster(
        [agency(1, to=dt.date(2008, 3, 31)), agency(2, to=BEFORE - DAY), agency(3), agency(4)],
        [],
        [
            succession(1, 1, 2, dt.date(2008, 4, 1)),
            succession(2, 2, 3),
            succession(3, 4, 3, primary=False),
        ],
    )

    assert [s.id for s in roster.handed_over_to(3)] == [2, 1]
    assert [s.id for s in roster.lineage(3)] == [2, 1]
    assert [s.id for s in roster.lineage(3, primary_only=False)] == [2, 3, 1]
    assert roster.handed_over_to(2) == []  # it has ceased: it carries nothing


def test_a_successor_in_a_group_says_whose_place_it_takes():
    roster = _roster(
        [agency(1, "enterprise", to=BEFORE - DAY), agency(2, "enterprise"), agency(3)],
        [GroupRow(id=10, members=(1, 3)), GroupRow(id=11, member_kinds=("enterprise",))],
        [succession(1, 1, 2)],
    )

    assert roster.groups_of(2) == [10, 11]
    assert roster.member_through(10, 2) == 1
    assert roster.member_through(11, 2) is None  # a member by its kind
    assert roster.member_through(10, 3) is None  # listed itself
    assert roster.groups_of(1) == []


# --------------------------------------------------------------- every reader agrees
#
# The same cases stored in the database, as of today: the agency page (web), the period's
# expectations (reporting) and the documents made from the opened reports must name the
# same agencies for a task.


def _stored_world(case: str):
    """The case's agencies, groups and successions as rows, dated around today; a task of the
    running year assigned as the case says. Returns (task, {agency name: row})."""
    from dxtrack.agencies.models import Agency, AgencyGroup, Succession
    from factories import AssignmentFactory, PlanFactory, TaskFactory

    agencies, groups, successions, assignee, _expected = CASES[case]
    today = timezone.localdate()
    shift = today - ON

    def moved(date):
        return date + shift if date is not None else None

    stored = {
        a.id: Agency.objects.create(
            name=f"Đơn vị {a.id}",
            kind=a.kind,
            active_from=moved(a.active_from),
            active_to=moved(a.active_to),
        )
        for a in agencies
    }
    stored_groups = {
        g.id: AgencyGroup.objects.create(
            name=f"Nhóm {g.id}",
            member_kinds=list(g.member_kinds),
            succeeded_on=moved(g.succeeded_on),
            active_to=moved(g.active_to),
        )
        for g in groups
    }
    for g in groups:
        group = stored_groups[g.id]
        group.members.set([stored[pk] for pk in g.members])
        if g.successor_id:
            group.successor = stored_groups[g.successor_id]
            group.save()
    for s in successions:
        Succession.objects.create(
            predecessor=stored[s.predecessor_id],
            successor=stored[s.successor_id],
            date=moved(s.date),
            primary=s.primary,
        )
    task = TaskFactory(
        plan=PlanFactory(),
        name="Vận hành Nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP)",
        timeframe_text="Hằng năm",
        starts_on=today - dt.timedelta(days=400),
        ends_on=today + dt.timedelta(days=400),
    )
    if "agency_id" in assignee:
        AssignmentFactory(task=task, agency=stored[assignee["agency_id"]])
    else:
        AssignmentFactory(task=task, group=stored_groups[assignee["group_id"]])
    return task, {a.name: a for a in stored.values()}


@pytest.mark.django_db
@pytest.mark.parametrize("case", list(CASES))
def test_the_agency_page_the_expectations_and_the_documents_agree(case, client):
    from dxtrack.accounts.models import Profile, Role
    from dxtrack.documents.sources import appendix_content
    from dxtrack.reporting.expectations import period_expectations
    from dxtrack.reporting.models import AgencyReport
    from dxtrack.reporting.period_services import period_create, period_open
    from factories import UserFactory

    task, agencies = _stored_world(case)
    expected = {f"Đơn vị {pk}" for pk in CASES[case][4]}
    today = timezone.localdate()
    coordinator = UserFactory(username="sokhcn")
    Profile.objects.create(user=coordinator, role=Role.COORDINATOR)
    client.force_login(coordinator)

    on_pages = set()
    for name, agency in agencies.items():
        response = client.get(reverse("agency-detail", args=[agency.pk]))
        if any(reach.item == task for reach in response.context["assignments"]):
            on_pages.add(name)

    starts_on = today - dt.timedelta(days=90)
    owing = period_expectations(
        plan_ids=[task.plan_id], starts_on=starts_on, ends_on=today, on=today
    )
    in_expectations = {
        name for name, a in agencies.items() if a.pk in owing and task.pk in owing[a.pk].tasks
    }

    period = period_create(
        actor=coordinator,
        name="Báo cáo định kỳ",
        kind="quarterly",
        starts_on=starts_on,
        ends_on=today,
        due_on=today,
        plan_ids=[task.plan_id],
    )
    period_open(period=period, actor=coordinator)
    reporting = set(
        AgencyReport.objects.filter(period=period).values_list("agency__name", flat=True)
    )
    appendix = appendix_content(period=period, as_of=today)
    in_documents = {
        group.title
        for group in appendix.groups
        if any(line.name == task.name for line in group.lines)
    }

    assert on_pages == expected
    assert in_expectations == expected
    assert reporting == expected
    assert in_documents == expected
