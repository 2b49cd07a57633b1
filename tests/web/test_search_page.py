import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_search_without_diacritics_finds_indicators_and_links_to_their_row(signed_in, catalogue):
    response = signed_in.get(reverse("search"), {"q": "chu ky so"})

    page = _text(response)
    assert "Tỷ lệ dân số trưởng thành trên địa bàn tỉnh có chữ ký số" in page
    anchor = (
        reverse("plan-detail", args=[catalogue.plan.pk]) + f"#indicator-{catalogue.signature.pk}"
    )
    assert f'href="{anchor}"' in response.content.decode()


def test_search_finds_tasks_and_names_their_plan(signed_in, catalogue):
    page = _text(signed_in.get(reverse("search"), {"q": "KY NANG SO"}))

    assert "Nhiệm vụ, giải pháp (1)" in page
    assert "Triển khai khung năng lực, chuẩn kỹ năng công nghệ thông tin" in page
    assert "25/KH-UBND" in page


def test_search_keeps_the_query_in_the_header_box(signed_in, catalogue):
    html = signed_in.get(reverse("search"), {"q": "chu ky so"}).content.decode()

    assert 'id="site-search" name="q" value="chu ky so"' in html


def test_search_with_no_match_says_so(signed_in, catalogue):
    page = _text(signed_in.get(reverse("search"), {"q": "tàu vũ trụ"}))

    assert "Không tìm thấy nhiệm vụ, chỉ tiêu hay dự án nào có “tàu vũ trụ”" in page


def test_search_without_a_query_explains_how_to_search(signed_in):
    page = _text(signed_in.get(reverse("search")))

    assert "Không cần gõ dấu" in page


def test_search_query_count_does_not_grow_with_results(
    signed_in, many, django_assert_max_num_queries
):
    # session + user + indicators + tasks + projects + agencies (+ their aliases)
    with django_assert_max_num_queries(9):
        response = signed_in.get(reverse("search"), {"q": "so"})

    assert len(response.context["results"].tasks) == 50
