import pytest

from dxtrack.portal import charts


def test_a_sparkline_needs_two_values():
    assert charts.sparkline([None, 5.0]) is None
    line = charts.sparkline([40.0, None, 60.0], width=100, height=20)
    assert len(line.points) == 2
    # Higher values are drawn higher (smaller y).
    assert line.points[1].y < line.points[0].y
    assert line.polyline.count(",") == 2


def test_a_flat_sparkline_sits_in_the_middle():
    line = charts.sparkline([5.0, 5.0], height=20)
    assert {p.y for p in line.points} == {10}


@pytest.mark.parametrize(
    "values, words",
    [
        ([45.0, 62.5], "tăng từ 45 lên 62,5"),
        ([80.0, 70.25], "giảm từ 80 xuống 70,25"),
        ([3.0, 3.0], "không đổi, 3"),
        ([3.0], ""),
    ],
)
def test_trend_in_words(values, words):
    assert charts.trend_words(values) == words


def test_bars_stand_on_the_axis_with_the_target_above():
    chart = charts.bar_chart(
        [("2024", 40.0, "yellow"), ("2025", 60.0, "green"), ("Quý I/2026", None, "grey")],
        target=50.0,
    )
    first, second, missing = chart.bars
    assert first.y + first.height == pytest.approx(chart.bottom)
    assert second.height > first.height
    assert (missing.height, missing.value) == (0, "—")
    assert second.y < chart.target_y < first.y
    # The scale ends at a round number above the highest bar.
    assert chart.ticks[-1].label == "80"


def test_no_bar_chart_without_numbers():
    assert charts.bar_chart([("2025", None, "grey")]) is None


def test_stacked_bar_segments_add_up():
    segments = charts.stacked_bar([("green", 3), ("yellow", 0), ("red", 1)])
    assert [s.key for s in segments] == ["green", "red"]
    assert segments[1].x == pytest.approx(75.0)
    assert sum(s.width for s in segments) == pytest.approx(100.0)
