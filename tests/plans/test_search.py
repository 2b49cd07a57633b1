"""The catalogue search (`dxtrack.plans.search`)."""

import factory
import pytest

from dxtrack.agencies.models import Agency
from dxtrack.plans.search import catalogue_search
from factories import AgencyFactory, IndicatorFactory, KeyProjectFactory, TaskFactory

pytestmark = pytest.mark.django_db


def test_catalogue_search_ignores_case_and_diacritics():
    signature = IndicatorFactory(name="Tỷ lệ dân số trưởng thành có chữ ký số")
    task = TaskFactory(name="Triển khai nền tảng Chữ Ký Số cho cán bộ")
    TaskFactory(name="Xây dựng Kho dữ liệu dùng chung")

    results = catalogue_search(query="chu ky so")

    assert results.indicators == [signature]
    assert results.tasks == [task]
    assert catalogue_search(query="CHỮ KÝ SỐ").tasks == [task]


def test_catalogue_search_needs_every_word_in_any_order():
    task = TaskFactory(name="Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính")
    TaskFactory(name="Số hóa tài liệu lưu trữ")

    assert catalogue_search(query="thu tuc so hoa").tasks == [task]


def test_catalogue_search_puts_names_holding_the_whole_phrase_first():
    skills = TaskFactory(name="Đào tạo kỹ năng số cho công chức", position=0)
    signature = TaskFactory(name="Phổ cập chữ ký số cá nhân", position=1)

    assert catalogue_search(query="chu ky so").tasks == [signature, skills]


def test_catalogue_search_matches_words_from_their_start():
    TaskFactory(name="Nâng cấp thiết bị mạng LAN")

    assert catalogue_search(query="iet ang").tasks == []
    assert catalogue_search(query="thiet bi mang").tasks != []


def test_catalogue_search_finds_key_projects_and_agencies():
    project = KeyProjectFactory(name="Xây dựng Trung tâm dữ liệu tỉnh Quảng Ngãi")
    agency = AgencyFactory(name="Trung tâm dữ liệu quốc gia", kind=Agency.Kind.CENTRAL)

    results = catalogue_search(query="trung tam du lieu")

    assert (results.projects, results.agencies) == ([project], [agency])


def test_catalogue_search_of_blank_text_finds_nothing_without_querying(django_assert_num_queries):
    TaskFactory()

    with django_assert_num_queries(0):
        results = catalogue_search(query="   ")

    assert results.total == 0


def test_catalogue_search_stops_at_the_limit_and_says_there_is_more(
    django_assert_max_num_queries,
):
    TaskFactory.create_batch(7, name=factory.Sequence(lambda n: f"Triển khai chữ ký số đợt {n}"))

    with django_assert_max_num_queries(5):
        results = catalogue_search(query="chu ky", limit=5)
        [str(t.plan) for t in results.tasks]

    assert (len(results.tasks), results.tasks_more) == (5, True)
    assert (results.indicators, results.indicators_more) == ([], False)
