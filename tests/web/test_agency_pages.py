import re

import pytest
from django.urls import reverse

from dxtrack.agencies.models import Agency
from factories import AgencyGroupFactory, AssignmentFactory, TaskFactory

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_agency_list_filters_by_kind(signed_in, catalogue):
    response = signed_in.get(reverse("agency-list"), {"kind": Agency.Kind.COMMUNE})

    assert [a.name for a in response.context["page"]] == ["UBND xã Tịnh Khê"]


def test_agency_list_finds_a_name_typed_without_diacritics(signed_in, catalogue):
    response = signed_in.get(reverse("agency-list"), {"q": "khoa hoc va cong nghe"})

    assert [a.name for a in response.context["page"]] == ["Sở Khoa học và Công nghệ"]
    assert "Sở KH&amp;CN" in response.content.decode()


def test_agency_list_says_where_a_ceased_agencys_work_went(signed_in, catalogue):
    page = _text(signed_in.get(reverse("agency-list"), {"q": "thong tin va truyen thong"}))

    assert "Hoạt động đến 28/02/2025; chuyển sang Sở Khoa học và Công nghệ" in page


def test_agency_list_ignores_an_unknown_kind(signed_in, catalogue):
    response = signed_in.get(reverse("agency-list"), {"kind": "bogus"})

    assert response.status_code == 200
    assert response.context["page"].paginator.count == Agency.objects.count()


def test_agency_list_query_count_does_not_grow_with_agencies(
    signed_in, many, django_assert_max_num_queries
):
    # session + user + profile + notifications + count + page + aliases
    with django_assert_max_num_queries(7):
        response = signed_in.get(reverse("agency-list"))

    assert len(response.context["page"].object_list) > 30


def test_agency_page_groups_assignments_by_plan_and_role(signed_in, catalogue):
    page = _text(signed_in.get(reverse("agency-detail", args=[catalogue.dost.pk])))

    new_plan = page.index("25/KH-UBND: Kế hoạch Chuyển đổi số tỉnh Quảng Ngãi")
    old_plan = page.index("38/KH-UBND: Kế hoạch triển khai Nghị quyết số 13-NQ/TU")
    assert new_plan < old_plan
    between = page[new_plan:old_plan]
    assert "Chủ trì (4)" in between
    assert "Phối hợp (1)" in between
    assert "Thực hiện (1)" in between


def test_agency_page_says_how_each_assignment_reached_the_agency(signed_in, catalogue):
    page = _text(signed_in.get(reverse("agency-detail", args=[catalogue.dost.pk])))

    assert "trực tiếp" in page
    assert "qua nhóm Các sở, ban, ngành" in page
    assert "qua đơn vị tiền nhiệm Sở Thông tin và Truyền thông" in page
    assert "Triển khai Nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP)" in page


def test_agency_page_shows_targets_of_assigned_indicators(signed_in, catalogue):
    page = _text(signed_in.get(reverse("agency-detail", args=[catalogue.dost.pk])))

    assert "2026-2027: ≥ 50%" in page


def test_agency_page_shows_groups_aliases_and_predecessors(signed_in, catalogue):
    page = _text(signed_in.get(reverse("agency-detail", args=[catalogue.dost.pk])))

    assert "Thuộc nhóm Các sở, ban, ngành" in page
    assert "Sở KH&amp;CN" in page
    assert "Tiếp nhận công việc của Sở Thông tin và Truyền thông (từ 01/03/2025)" in page


def test_ceased_agency_page_says_where_its_work_went(signed_in, catalogue):
    page = _text(signed_in.get(reverse("agency-detail", args=[catalogue.dic.pk])))

    assert "Công việc chuyển sang Sở Khoa học và Công nghệ (từ 01/03/2025)" in page


def test_ceased_agency_page_lists_nothing_it_no_longer_carries(signed_in, catalogue):
    response = signed_in.get(reverse("agency-detail", args=[catalogue.dic.pk]))

    assert response.context["assignments"] == []
    assert "các nội dung được giao cho đơn vị đã chuyển sang đơn vị kế thừa" in _text(response)


def test_agency_page_says_whose_place_it_takes_in_a_group(signed_in, catalogue):
    steering = AgencyGroupFactory(
        name="Các thành viên Ban Chỉ đạo chuyển đổi số tỉnh",
        member_kinds=[],
        members=[catalogue.dic],
    )
    AssignmentFactory(task=TaskFactory(plan=catalogue.plan), group=steering)

    page = _text(signed_in.get(reverse("agency-detail", args=[catalogue.dost.pk])))

    assert (
        "qua nhóm Các thành viên Ban Chỉ đạo chuyển đổi số tỉnh (thay Sở Thông tin và Truyền thông"
        in page
    )


def test_agency_with_nothing_assigned_says_so(signed_in, catalogue):
    page = _text(signed_in.get(reverse("agency-detail", args=[catalogue.health.pk])))

    assert "Thuộc nhóm Các sở, ban, ngành" in page
    assert "Phối hợp (1)" in page  # the training task, through the group


def test_agency_page_of_a_missing_agency_is_not_found(signed_in):
    assert signed_in.get(reverse("agency-detail", args=[424242])).status_code == 404


def test_agency_page_query_count_does_not_grow_with_assignments(
    signed_in, many, django_assert_max_num_queries
):
    # session + user + agency_detail (5) + agency_assignments (≤ 8)
    with django_assert_max_num_queries(17):
        response = signed_in.get(reverse("agency-detail", args=[many.dost.pk]))

    assert len(response.context["assignments"]) == 3 * (50 * 3 + 20 + 5)
