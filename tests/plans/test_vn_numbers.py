from decimal import Decimal

import pytest

from dxtrack.plans.vn_numbers import format_vn_number, parse_vn_number


@pytest.mark.parametrize(
    "text, expected",
    [
        # As the seed plans write them.
        ("1.000", 1000.0),
        ("87,43", 87.43),
        ("0,6", 0.6),
        ("0,75", 0.75),
        ("1,0", 1.0),
        ("2,5", 2.5),
        ("100", 100.0),
        ("01", 1.0),
        ("≥3", 3.0),
        ("≥ 1.000", 1000.0),
        ("≥  25", 25.0),
        ("> 50", 50.0),
        ("≤ 15", 15.0),
        ("87,43%", 87.43),
        # Grouping and decimals together.
        ("1.234,5", 1234.5),
        ("12.345.678", 12345678.0),
        ("1.000.000,25", 1000000.25),
        ("-5", -5.0),
    ],
)
def test_parse_vn_number_reads_dot_as_thousands_and_comma_as_decimal(text, expected):
    assert parse_vn_number(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("0.6", 0.6),
        ("87.43", 87.43),
        ("1.5", 1.5),
        ("0.600", 0.6),
        ("1,234.5", 1234.5),
    ],
)
def test_parse_vn_number_reads_a_dot_that_cannot_group_thousands_as_decimal(text, expected):
    assert parse_vn_number(text) == expected


def test_parse_vn_number_reads_an_ambiguous_dot_the_vietnamese_way():
    assert parse_vn_number("1.500") == 1500.0


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1,000", 1.0),
        ("1,000,000", 1000000.0),
    ],
)
def test_parse_vn_number_reads_one_comma_as_decimal_and_several_as_grouping(text, expected):
    assert parse_vn_number(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "-", "…..", "X", "Đạt", "abc", "1.2.3", "1.23.456", "1.234.5,6,7", "30-40", "- 5"],
)
def test_parse_vn_number_returns_none_for_text_that_is_not_one_number(text):
    assert parse_vn_number(text) is None


@pytest.mark.parametrize(
    "value, expected",
    [
        (1234.5, "1.234,5"),
        (1000, "1.000"),
        (87.43, "87,43"),
        (0.6, "0,6"),
        (0.1, "0,1"),
        (100.0, "100"),
        (0, "0"),
        (12345678, "12.345.678"),
        (Decimal("1234.50"), "1.234,5"),
        (-1234567.891, "-1.234.567,891"),
    ],
)
def test_format_vn_number_keeps_only_the_decimals_it_needs(value, expected):
    assert format_vn_number(value) == expected


@pytest.mark.parametrize(
    "value, decimals, expected",
    [
        (1234.5, 2, "1.234,50"),
        (87.426, 2, "87,43"),
        (2.5, 0, "3"),
        (0.125, 2, "0,13"),
        (Decimal("1.005"), 2, "1,01"),
        (-0.4, 0, "0"),
        (1000, 1, "1.000,0"),
    ],
)
def test_format_vn_number_rounds_half_up_to_the_decimals_asked(value, decimals, expected):
    assert format_vn_number(value, decimals) == expected


@pytest.mark.parametrize("value", [1234.5, 87.43, 0.6, 1000, 12345678.25])
def test_format_then_parse_gives_the_number_back(value):
    assert parse_vn_number(format_vn_number(value)) == value


@pytest.mark.parametrize("value", [float("nan"), float("inf"), Decimal("NaN")])
def test_format_vn_number_refuses_what_is_not_a_number(value):
    with pytest.raises(ValueError):
        format_vn_number(value)


def test_format_vn_number_refuses_negative_decimals():
    with pytest.raises(ValueError):
        format_vn_number(1.5, -1)
