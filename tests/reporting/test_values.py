"""Indicator values as agencies write them."""

import pytest

from dxtrack.reporting.values import ParsedValue, ValueError_, parse_value


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", ParsedValue(text="")),
        ("   ", ParsedValue(text="")),
        (None, ParsedValue(text="")),
        ("87,43%", ParsedValue(text="87,43%", number=87.43)),
        ("1.250", ParsedValue(text="1.250", number=1250.0)),
        ("1.234,5", ParsedValue(text="1.234,5", number=1234.5)),
        ("100%", ParsedValue(text="100%", number=100.0)),
        ("  95 % ", ParsedValue(text="95 %", number=95.0)),
        ("0,6", ParsedValue(text="0,6", number=0.6)),
        ("≥ 50%", ParsedValue(text="≥ 50%", number=50.0)),
        ("Đạt", ParsedValue(text="Đạt", met=True)),
        ("đạt.", ParsedValue(text="đạt.", met=True)),
        ("Hoàn thành", ParsedValue(text="Hoàn thành", met=True)),
        ("x", ParsedValue(text="x", met=True)),
        ("Không đạt", ParsedValue(text="Không đạt", met=False)),
        ("chua dat", ParsedValue(text="chua dat", met=False)),
        ("Chưa  hoàn   thành", ParsedValue(text="Chưa hoàn thành", met=False)),
    ],
)
def test_parse_value(text, expected):
    assert parse_value(text) == expected


@pytest.mark.parametrize("text", ["khoảng một nửa", "12 lớp, 300 người", "1.2.3", "N/A", "Đạt 90%"])
def test_text_that_is_not_a_value_is_refused_with_a_vietnamese_message(text):
    with pytest.raises(ValueError_) as caught:
        parse_value(text)

    message = str(caught.value)
    assert f"“{' '.join(text.split())}” không phải là một số liệu" in message
    assert "1.250 hoặc 87,43%" in message
