import pytest

from dxtrack.portal import selectors
from dxtrack.portal.selectors import OPEN_INDICATOR_FIELDS, OPEN_TASK_FIELDS
from dxtrack.portal.services import period_publish
from portal.scenario import publish_months

pytestmark = pytest.mark.django_db


def test_search_without_diacritics_finds_the_indicator(scenario):
    found = selectors.published_indicators(query="chu ky so")
    assert [s.latest.name for s in found] == [
        "Tỷ lệ dân số trưởng thành có chữ ký số hoặc chữ ký điện tử cá nhân"
    ]
    assert selectors.published_indicators(query="CHỮ KÝ SỐ")[0].indicator_id == (
        scenario.indicators.signatures.pk
    )
    assert selectors.published_indicators(query="khong co chi tieu nay") == []


def test_an_indicators_history_runs_oldest_first(scenario):
    coordinator = scenario.users.coordinator
    period_publish(period=scenario.quarter, actor=coordinator)
    series = selectors.published_indicator(indicator_id=scenario.indicators.signatures.pk)
    assert [row.value_text for row in series.history] == ["61,37%", "88,29%"]
    assert series.latest.publication.period_name == "Báo cáo quý I/2026"
    assert series.numbers == [pytest.approx(61.37), pytest.approx(88.29)]


def test_an_indicator_never_published_has_no_series(scenario):
    assert selectors.published_indicator(indicator_id=scenario.indicators.private.pk) is None


def test_open_records_have_exactly_the_spec_fields(scenario):
    indicators = selectors.open_indicator_records()
    assert [tuple(r) for r in indicators] == [OPEN_INDICATOR_FIELDS] * 3
    first = next(r for r in indicators if r["indicator_id"] == scenario.indicators.signatures.pk)
    assert first["value"] == pytest.approx(61.37)
    assert first["period_end"] == "2025-12-31"
    assert first["published_at"].endswith("+07:00")
    (tasks,) = selectors.open_task_records()
    assert tuple(tasks) == OPEN_TASK_FIELDS
    assert tasks["by_status"] == {
        "Đã hoàn thành": 1,
        "Hoàn thành quá hạn": 0,
        "Đang thực hiện": 1,
        "Chưa thực hiện": 1,
        "Không thực hiện": 0,
        "Không thuộc chức năng, nhiệm vụ": 0,
        "Chưa báo cáo": 0,
    }


def test_public_reads_take_one_query_however_many_periods(scenario, django_assert_num_queries):
    publish_months(scenario)
    with django_assert_num_queries(1):
        series = selectors.published_indicators()
    assert len(series[0].history) >= 12
    with django_assert_num_queries(1):
        assert len(selectors.open_indicator_records()) >= 24
    with django_assert_num_queries(1):
        assert len(selectors.open_task_records()) == 1
    with django_assert_num_queries(1):
        selectors.published_task_progress()
