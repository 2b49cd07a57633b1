import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    """The page as a reader sees it: tags dropped, white space collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_plan_list_shows_number_title_issuer_date_status_and_counts(signed_in, catalogue):
    response = signed_in.get(reverse("plan-list"))

    rows = {p.pk: p for p in response.context["plans"]}
    page = _text(response)
    assert "25/KH-UBND" in page
    assert "Kế hoạch Chuyển đổi số tỉnh Quảng Ngãi giai đoạn 2026 - 2030" in page
    assert "UBND tỉnh Quảng Ngãi" in page
    assert "10/02/2026" in page and "20/02/2024" in page
    assert "Đang có hiệu lực" in page
    new = rows[catalogue.plan.pk]
    assert (new.indicator_count, new.task_count, new.project_count) == (2, 1, 2)
    assert re.search(r"Đang có hiệu lực 2 1 2", page)


def test_plan_list_lists_the_newest_plan_first(signed_in, catalogue):
    page = _text(signed_in.get(reverse("plan-list")))

    assert page.index("25/KH-UBND") < page.index("38/KH-UBND")


def test_plan_list_query_count_does_not_grow_with_plans(
    signed_in, many, django_assert_max_num_queries
):
    # session + user + the plans with their counts
    with django_assert_max_num_queries(5):
        response = signed_in.get(reverse("plan-list"))

    assert len(response.context["plans"]) == 3


def test_plan_page_shows_the_section_tree_and_headings_in_the_tables(signed_in, catalogue):
    page = _text(signed_in.get(reverse("plan-detail", args=[catalogue.plan.pk])))

    assert "Các mục của kế hoạch" in page
    assert "A Giai đoạn 2026-2027" in page
    assert "I Phát triển Chính quyền số, nâng cao hiệu quả, hiệu lực hoạt động" in page
    assert "IV Phát triển nhân lực số" in page


def test_plan_page_shows_indicator_targets_under_milestone_columns(signed_in, catalogue):
    response = signed_in.get(reverse("plan-detail", args=[catalogue.plan.pk]))
    html = response.content.decode()

    header = re.search(r"<thead>(.*?)</thead>", html, re.S).group(1)
    assert header.index("2026-2027") < header.index("2028-2030")
    row = re.search(rf'<tr id="indicator-{catalogue.signature.pk}">(.*?)</tr>', html, re.S)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)
    # TT, name, unit, 2026-2027, 2028-2030, lead, implementers
    assert cells[3].strip() == "≥ 50%"
    assert "—" in cells[4]
    assert "Sở Khoa học và Công nghệ" in cells[5]
    assert "UBND các xã, phường, đặc khu" in cells[6]


def test_plan_page_shows_tasks_with_lead_coordination_result_and_timeframe(signed_in, catalogue):
    html = signed_in.get(reverse("plan-detail", args=[catalogue.plan.pk])).content.decode()

    row = re.search(rf'<tr id="task-{catalogue.training.pk}">(.*?)</tr>', html, re.S).group(1)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    assert cells[0].strip() == "4"
    assert f'href="{reverse("agency-detail", args=[catalogue.dost.pk])}"' in cells[2]
    assert "Các sở, ban, ngành" in cells[3]
    assert cells[4].strip() == "Báo cáo thực hiện"
    assert cells[5].strip() == "Tháng 12/2026"


def test_plan_page_marks_names_not_found_in_the_directory(signed_in, catalogue):
    response = signed_in.get(reverse("plan-detail", args=[catalogue.plan.pk]))
    html = response.content.decode()

    assert '<span class="unresolved">Sở Nội vụ tỉnh<span class="unresolved__mark"' in html
    assert "chưa xác định được trong danh mục" in _text(response)
    assert "Có 2 tên cơ quan trong kế hoạch chưa xác định được" in _text(response)


def test_plan_page_marks_key_project_years_with_x(signed_in, catalogue):
    html = signed_in.get(reverse("plan-detail", args=[catalogue.plan.pk])).content.decode()

    row = re.search(rf'<tr id="project-{catalogue.pilot.pk}">(.*?)</tr>', html, re.S).group(1)
    marks = re.findall(r'<td class="center year-mark">(x?)</td>', row)
    # columns 2026, 2027, 2028: the pilot runs in 2027 only
    assert marks == ["", "x", ""]


def test_plan_page_of_a_missing_plan_is_not_found(signed_in):
    assert signed_in.get(reverse("plan-detail", args=[424242])).status_code == 404


def test_plan_page_query_count_does_not_grow_with_items(
    signed_in, many, django_assert_max_num_queries
):
    plan = many.plans[0]

    # session + user + the nine queries of plan_detail + the plans replacing it
    with django_assert_max_num_queries(14):
        response = signed_in.get(reverse("plan-detail", args=[plan.pk]))

    assert len(response.context["detail"].tasks) == 50
