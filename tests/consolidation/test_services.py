import pytest
from django.core.exceptions import PermissionDenied

from dxtrack.accounts.models import Profile, Role
from dxtrack.audit.models import AuditEntry
from dxtrack.consolidation.models import IndicatorFamily, IndicatorFamilyMember
from dxtrack.consolidation.services import (
    indicator_families_propose,
    indicator_family_confirm,
    indicator_family_reject,
    name_similarity,
)
from factories import AgencyFactory, IndicatorFactory, PlanFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(db):
    user = UserFactory(username="dieuphoi.skhcn")
    Profile.objects.create(user=user, role=Role.COORDINATOR)
    return user


@pytest.fixture
def three_plans(db):
    form = PlanFactory(
        number="", key="de cuong 2022-2025", title="Đề cương báo cáo kinh tế số, xã hội số"
    )
    resolution = PlanFactory(number="38/KH-UBND")
    new = PlanFactory(
        number="", key="ke hoach 2026-2030", title="Kế hoạch Chuyển đổi số tỉnh Quảng Ngãi"
    )
    signature = "Tỷ lệ dân số trưởng thành có chữ ký số hoặc chữ ký điện tử cá nhân"
    in_province = signature.replace("thành có", "thành trên địa bàn tỉnh có")
    return {
        "form": IndicatorFactory(plan=form, name=signature),
        "resolution": IndicatorFactory(
            plan=resolution, name="Tỷ lệ dân số trưởng thành có chữ ký số hoặc chữ ký điện tử"
        ),
        "phase_1": IndicatorFactory(
            plan=new,
            name=in_province,
        ),
        "phase_2": IndicatorFactory(
            plan=new,
            name=in_province,
        ),
        "province": IndicatorFactory(
            plan=new, name="Tỷ lệ cán bộ, công chức cấp tỉnh được bồi dưỡng kỹ năng số căn bản"
        ),
        "commune": IndicatorFactory(
            plan=new, name="Tỷ lệ cán bộ, công chức cấp xã được bồi dưỡng kỹ năng số căn bản"
        ),
        "economy": IndicatorFactory(plan=new, name="Tỷ trọng kinh tế số trong GRDP"),
    }


@pytest.mark.parametrize(
    "a, b, alike",
    [
        (
            "Tỷ lệ dân số trưởng thành có chữ ký số hoặc chữ ký điện tử cá nhân",
            "Tỷ lệ dân số trưởng thành trên địa bàn tỉnh có chữ ký số hoặc chữ ký điện tử cá nhân",
            True,
        ),
        (
            "Tỷ lệ hồ sơ, kết quả giải quyết thủ tục hành chính được số hóa.",
            "TY LE HO SO, KET QUA GIAI QUYET THU TUC HANH CHINH DUOC SO HOA",
            True,
        ),
        (
            "Tỷ lệ cán bộ, công chức cấp tỉnh được bồi dưỡng kỹ năng số căn bản",
            "Tỷ lệ cán bộ, công chức cấp xã được bồi dưỡng kỹ năng số căn bản",
            False,
        ),
        ("Tỷ trọng kinh tế số trong GRDP", "Tỷ lệ doanh nghiệp sử dụng hợp đồng điện tử", False),
    ],
)
def test_name_similarity(a, b, alike):
    assert (name_similarity(a, b) >= 0.9) is alike


def test_alike_indicators_of_several_plans_are_proposed_as_one_family(coordinator, three_plans):
    proposals = indicator_families_propose(actor=coordinator)

    assert len(proposals) == 1
    family = proposals[0].family
    members = IndicatorFamilyMember.objects.filter(family=family)
    assert {m.indicator_id for m in members} == {
        three_plans[k].pk for k in ("form", "resolution", "phase_1", "phase_2")
    }
    assert not any(m.confirmed for m in members)
    # The newest plan's wording names the family.
    assert "trên địa bàn tỉnh" in family.name
    assert AuditEntry.objects.filter(action="indicator_family.propose").count() == 1


def test_proposing_again_adds_only_new_indicators_to_the_family(coordinator, three_plans):
    indicator_families_propose(actor=coordinator)
    later = IndicatorFactory(
        plan=PlanFactory(),
        name="Tỷ lệ dân số trưởng thành có chữ ký số hoặc chữ ký điện tử cá nhân",
    )

    proposals = indicator_families_propose(actor=coordinator)

    assert [p.added for p in proposals] == [[later]]
    assert IndicatorFamily.objects.count() == 1
    assert indicator_families_propose(actor=coordinator) == []


def test_confirming_and_rejecting_members(coordinator, three_plans):
    indicator_families_propose(actor=coordinator)
    members = list(IndicatorFamilyMember.objects.order_by("pk"))

    assert indicator_family_confirm(actor=coordinator, members=members[:3]) == 3
    assert indicator_family_confirm(actor=coordinator, members=members[:3]) == 0
    confirmed = IndicatorFamilyMember.objects.filter(confirmed=True)
    assert confirmed.count() == 3
    assert {m.confirmed_by for m in confirmed} == {coordinator}

    indicator_family_reject(actor=coordinator, members=members[1:])
    # One member left: no family any more.
    assert IndicatorFamily.objects.count() == 0


def test_a_reporter_cannot_propose_or_confirm_links(three_plans):
    reporter = UserFactory(username="baocao.syt")
    Profile.objects.create(user=reporter, role=Role.REPORTER, agency=AgencyFactory(name="Sở Y tế"))

    with pytest.raises(PermissionDenied):
        indicator_families_propose(actor=reporter)
    with pytest.raises(PermissionDenied):
        indicator_family_confirm(actor=reporter, members=[])
