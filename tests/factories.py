"""factory_boy factories with data shaped like the province's own documents."""

import datetime
from types import SimpleNamespace

import factory
from django.contrib.auth import get_user_model

from dxtrack.agencies.models import Agency, AgencyAlias, AgencyGroup, Succession
from dxtrack.plans.models import Assignment, Indicator, KeyProject, Plan, Section, Target, Task
from dxtrack.vn_text import fold

DEPARTMENTS = [
    "Sở Khoa học và Công nghệ",
    "Sở Tài chính",
    "Sở Nội vụ",
    "Sở Xây dựng",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Công Thương",
    "Sở Nông nghiệp và Môi trường",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Tư pháp",
    "Văn phòng UBND tỉnh",
    "Công an tỉnh",
    "Ban Quản lý KKT Dung Quất và các KCN tỉnh",
]
COMMUNES = ["Bình Sơn", "Tịnh Khê", "Trương Quang Trọng", "Lý Sơn", "Đức Phổ", "Ba Tơ", "Sơn Hà"]
TASK_NAMES = [
    "Triển khai nền tảng chữ ký số cho cán bộ, công chức, viên chức",
    "Xây dựng Kho dữ liệu dùng chung của tỉnh",
    "Nâng cấp Hệ thống thông tin giải quyết thủ tục hành chính tỉnh",
    "Phổ cập kỹ năng số cho người dân qua Tổ công nghệ số cộng đồng",
    "Bảo đảm an toàn thông tin theo mô hình 4 lớp",
    "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
]
INDICATOR_NAMES = [
    "Tỷ lệ dịch vụ công trực tuyến toàn trình trên tổng số thủ tục hành chính có đủ điều kiện",
    "Tỷ lệ dân số trưởng thành có chữ ký số hoặc chữ ký điện tử cá nhân",
    "Tỷ trọng kinh tế số trong GRDP",
    "Tỷ lệ hộ gia đình có kết nối Internet cáp quang băng rộng",
    "Tỷ lệ hồ sơ, kết quả giải quyết thủ tục hành chính được số hóa",
]
PROJECT_NAMES = [
    "Xây dựng Trung tâm dữ liệu tỉnh Quảng Ngãi đạt chuẩn tối thiểu Tier 3",
    "Duy trì, vận hành Trung tâm điều hành thông minh (IOC)",
    "Triển khai thí điểm Bản sao số trên địa bàn tỉnh",
    "Đầu tư hạ tầng IoT dùng chung cho các khu công nghiệp",
]


def _cycled(names: list[str]):
    """Names from `names`, then numbered once the list is used up (names are unique)."""

    def name(n: int) -> str:
        base = names[n % len(names)]
        return base if n < len(names) else f"{base} ({n // len(names) + 1})"

    return factory.Sequence(name)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"chuyenvien{n}")
    first_name = "Lan"
    last_name = "Nguyễn Thị"
    email = factory.LazyAttribute(lambda u: f"{u.username}@quangngai.gov.vn")
    password = factory.django.Password("mat-khau-thu-nghiem-2025")


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("name",)

    name = _cycled(DEPARTMENTS)
    kind = Agency.Kind.DEPARTMENT


class CommuneFactory(AgencyFactory):
    name = factory.Sequence(
        lambda n: (
            f"UBND xã {COMMUNES[n % len(COMMUNES)]}"
            + (f" ({n // len(COMMUNES) + 1})" if n >= len(COMMUNES) else "")
        )
    )
    kind = Agency.Kind.COMMUNE
    code = factory.Sequence(lambda n: f"{21000 + n:05d}")


class AgencyGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgencyGroup
        django_get_or_create = ("name",)
        skip_postgeneration_save = True

    name = "Các sở, ban, ngành"
    member_kinds = factory.LazyFunction(lambda: [Agency.Kind.DEPARTMENT])

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.add(*extracted)


class AgencyAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgencyAlias

    agency = factory.SubFactory(AgencyFactory)
    name = "Sở KH&CN"
    kind = AgencyAlias.Kind.ABBREVIATION


class SuccessionFactory(factory.django.DjangoModelFactory):
    """Sở Thông tin và Truyền thông → Sở Khoa học và Công nghệ from 1/3/2025."""

    class Meta:
        model = Succession

    predecessor = factory.SubFactory(
        AgencyFactory,
        name="Sở Thông tin và Truyền thông",
        active_to=datetime.date(2025, 2, 28),
    )
    successor = factory.SubFactory(AgencyFactory, name="Sở Khoa học và Công nghệ")
    date = datetime.date(2025, 3, 1)
    primary = True


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    number = factory.Sequence(lambda n: f"{38 + n}/KH-UBND")
    key = factory.LazyAttribute(lambda p: fold(p.number))
    title = factory.Sequence(
        lambda n: f"Kế hoạch Chuyển đổi số tỉnh Quảng Ngãi giai đoạn 2026 - 2030 (đợt {n + 1})"
    )
    kind = "Kế hoạch"
    issuer = "UBND tỉnh Quảng Ngãi"
    issued_on = factory.Sequence(lambda n: datetime.date(2024, 2, 20) + datetime.timedelta(days=n))
    status = Plan.Status.IN_FORCE


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    plan = factory.SubFactory(PlanFactory)
    appendix = "Phụ lục II"
    label = "I"
    title = "Phát triển Chính quyền số, nâng cao hiệu quả, hiệu lực hoạt động"
    position = factory.Sequence(int)


class _PlanItemFactory(factory.django.DjangoModelFactory):
    plan = factory.SubFactory(PlanFactory)
    section = None
    number = factory.Sequence(lambda n: str(n % 30 + 1))
    position = factory.Sequence(int)
    # The importer fills search_text; factories mimic it.
    search_text = factory.LazyAttribute(lambda item: fold(item.name))


class IndicatorFactory(_PlanItemFactory):
    class Meta:
        model = Indicator

    name = _cycled(INDICATOR_NAMES)
    unit = "%"
    lead_text = "Sở Khoa học và Công nghệ"
    implementers_text = "Các sở, ban, ngành; UBND các xã, phường, đặc khu"


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    indicator = factory.SubFactory(IndicatorFactory)
    milestone = "2025"
    year_from = factory.LazyAttribute(lambda t: int(t.milestone[:4]))
    year_to = factory.LazyAttribute(lambda t: int(t.milestone[-4:]))
    text = "100%"
    comparator = Target.Comparator.EQ
    value = 100.0
    unit = "%"
    position = factory.Sequence(int)


class TaskFactory(_PlanItemFactory):
    class Meta:
        model = Task

    name = _cycled(TASK_NAMES)
    result = "Báo cáo kết quả thực hiện"
    lead_text = "Sở Khoa học và Công nghệ"
    coordinating_text = "Các sở, ban, ngành; UBND các xã, phường, đặc khu"
    timeframe_text = "Năm 2026 - 2030"
    starts_on = datetime.date(2026, 1, 1)
    ends_on = datetime.date(2030, 12, 31)


class KeyProjectFactory(_PlanItemFactory):
    class Meta:
        model = KeyProject

    name = _cycled(PROJECT_NAMES)
    lead_text = "Sở Khoa học và Công nghệ"
    years = factory.LazyFunction(lambda: [2026, 2027, 2028])


class AssignmentFactory(factory.django.DjangoModelFactory):
    """A lead assignment of a new task to a department.

    Pass indicator= or project= to assign another item, group= for a group, and
    agency=None, group=None for a name the importer could not resolve.
    """

    class Meta:
        model = Assignment

    class Params:
        for_task = factory.LazyAttribute(lambda a: a.indicator is None and a.project is None)
        for_group = factory.LazyAttribute(lambda a: a.group is not None)

    indicator = None
    project = None
    task = factory.Maybe("for_task", factory.SubFactory(TaskFactory), None)
    role = Assignment.Role.LEAD
    group = None
    agency = factory.Maybe("for_group", None, factory.SubFactory(AgencyFactory))
    text = factory.LazyAttribute(
        lambda a: a.agency.name if a.agency else (a.group.name if a.group else "Sở TT&TT tỉnh")
    )
    position = 0


def province_catalogue() -> SimpleNamespace:
    """A small but complete picture of the province, as two real plans would import.

    - Plan 38/KH-UBND (2024) names Sở Thông tin và Truyền thông, which passed its
      work to Sở Khoa học và Công nghệ on 1/3/2025.
    - The 2026 - 2030 plan has indicators (two phases), tasks and key projects, a
      group assignment ("Các sở, ban, ngành") and one name the importer could not
      resolve.
    """
    succession = SuccessionFactory()
    dost, dic = succession.successor, succession.predecessor
    AgencyAliasFactory(agency=dost, name="Sở KH&CN")
    health = AgencyFactory(name="Sở Y tế")
    commune = CommuneFactory(name="UBND xã Tịnh Khê")
    departments = AgencyGroupFactory(
        name="Các sở, ban, ngành", member_kinds=[Agency.Kind.DEPARTMENT]
    )
    communes = AgencyGroupFactory(
        name="UBND các xã, phường, đặc khu", member_kinds=[Agency.Kind.COMMUNE]
    )

    old_plan = PlanFactory(
        number="38/KH-UBND",
        title="Kế hoạch triển khai Nghị quyết số 13-NQ/TU về chuyển đổi số đến năm 2025",
        issued_on=datetime.date(2024, 2, 20),
        implements="Nghị quyết số 13-NQ/TU ngày 06/9/2023 của Ban Thường vụ Tỉnh ủy",
    )
    old_task = TaskFactory(
        plan=old_plan,
        number="1",
        name="Triển khai Nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP)",
        lead_text="Sở Thông tin và Truyền thông",
        timeframe_text="2024 - 2025",
    )
    AssignmentFactory(task=old_task, agency=dic, text="Sở Thông tin và Truyền thông")

    plan = PlanFactory(
        number="25/KH-UBND",
        title="Kế hoạch Chuyển đổi số tỉnh Quảng Ngãi giai đoạn 2026 - 2030",
        issued_on=datetime.date(2026, 2, 10),
    )
    phase = SectionFactory(
        plan=plan, appendix="Phụ lục I", label="A", title="Giai đoạn 2026-2027", position=1
    )
    government = SectionFactory(
        plan=plan,
        appendix="Phụ lục I",
        label="I",
        title="Phát triển Chính quyền số, nâng cao hiệu quả, hiệu lực hoạt động",
        parent=phase,
        position=2,
    )
    society = SectionFactory(
        plan=plan,
        appendix="Phụ lục I",
        label="III",
        title="Phát triển xã hội số, thu hẹp khoảng cách số",
        parent=phase,
        position=3,
    )
    people = SectionFactory(
        plan=plan, appendix="Phụ lục II", label="IV", title="Phát triển nhân lực số", position=4
    )

    online = IndicatorFactory(
        plan=plan,
        section=government,
        number="1",
        name="Tỷ lệ dịch vụ công trực tuyến toàn trình trên tổng số thủ tục hành chính",
        position=1,
    )
    TargetFactory(indicator=online, milestone="2026-2027", text="100%", position=0)
    TargetFactory(indicator=online, milestone="2028-2030", text="100%", position=1)
    AssignmentFactory(indicator=online, agency=None, group=None, text="Văn phòng UBND tỉnh")
    AssignmentFactory(indicator=online, role=Assignment.Role.IMPLEMENTER, group=departments)

    signature = IndicatorFactory(
        plan=plan,
        section=society,
        number="2",
        name="Tỷ lệ dân số trưởng thành trên địa bàn tỉnh có chữ ký số hoặc chữ ký điện tử cá nhân",
        position=2,
    )
    TargetFactory(indicator=signature, milestone="2026-2027", text="≥ 50%", position=0)
    AssignmentFactory(indicator=signature, agency=dost)
    AssignmentFactory(indicator=signature, role=Assignment.Role.IMPLEMENTER, group=communes)

    training = TaskFactory(
        plan=plan,
        section=people,
        number="4",
        name=(
            "Triển khai khung năng lực, chuẩn kỹ năng công nghệ thông tin tích hợp kỹ năng số "
            "cho cán bộ, công chức, viên chức nhà nước"
        ),
        lead_text="Sở Khoa học và Công nghệ; Sở Nội vụ",
        coordinating_text="Các sở, ban, ngành",
        result="Báo cáo thực hiện",
        timeframe_text="Tháng 12/2026",
        position=5,
    )
    AssignmentFactory(task=training, agency=dost, text="Sở Khoa học và Công nghệ")
    AssignmentFactory(task=training, agency=None, group=None, text="Sở Nội vụ tỉnh", position=1)
    AssignmentFactory(task=training, role=Assignment.Role.COORDINATING, group=departments)

    datacenter = KeyProjectFactory(
        plan=plan,
        number="6",
        name="Xây dựng Trung tâm dữ liệu tỉnh Quảng Ngãi đạt chuẩn tối thiểu Tier 3",
        years=[2026, 2027, 2028],
        position=6,
    )
    AssignmentFactory(project=datacenter, agency=dost)
    pilot = KeyProjectFactory(
        plan=plan,
        number="10",
        name="Triển khai thí điểm Bản sao số trên địa bàn tỉnh",
        years=[2027],
        position=7,
    )
    AssignmentFactory(project=pilot, agency=dost)

    return SimpleNamespace(
        dost=dost,
        dic=dic,
        health=health,
        commune=commune,
        departments=departments,
        communes=communes,
        old_plan=old_plan,
        old_task=old_task,
        plan=plan,
        sections=SimpleNamespace(
            phase=phase, government=government, society=society, people=people
        ),
        online=online,
        signature=signature,
        training=training,
        datacenter=datacenter,
        pilot=pilot,
    )


def large_catalogue(*, plans: int = 3, tasks: int = 50, indicators: int = 20) -> SimpleNamespace:
    """Enough rows that a query per row would show: every item reaches Sở KH&CN three ways."""
    succession = SuccessionFactory()
    dost, dic = succession.successor, succession.predecessor
    AgencyAliasFactory(agency=dost, name="Sở KH&CN")
    for n in range(30):
        agency = CommuneFactory()
        AgencyAliasFactory(agency=agency, name=f"xã số {n}")
    departments = AgencyGroupFactory(
        name="Các sở, ban, ngành", member_kinds=[Agency.Kind.DEPARTMENT]
    )
    communes = AgencyGroupFactory(
        name="UBND các xã, phường, đặc khu", member_kinds=[Agency.Kind.COMMUNE]
    )
    AgencyGroupFactory(
        name="UBND các huyện, thị xã, thành phố",
        member_kinds=[Agency.Kind.DISTRICT],
        successor=communes,
    )
    created = []
    for _ in range(plans):
        plan = PlanFactory()
        section = SectionFactory(plan=plan)
        for task in TaskFactory.create_batch(tasks, plan=plan, section=section):
            AssignmentFactory(task=task, agency=dost)
            AssignmentFactory(task=task, agency=dic, role=Assignment.Role.COORDINATING)
            AssignmentFactory(task=task, group=departments, role=Assignment.Role.IMPLEMENTER)
        for indicator in IndicatorFactory.create_batch(indicators, plan=plan, section=section):
            TargetFactory(indicator=indicator, milestone="2025")
            TargetFactory(indicator=indicator, milestone="2030")
            AssignmentFactory(indicator=indicator, agency=dost)
            AssignmentFactory(indicator=indicator, group=communes, role=Assignment.Role.IMPLEMENTER)
        for project in KeyProjectFactory.create_batch(5, plan=plan):
            AssignmentFactory(project=project, agency=dost)
        created.append(plan)
    return SimpleNamespace(dost=dost, dic=dic, plans=created, departments=departments)
