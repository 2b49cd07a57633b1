import pytest

from dxtrack.agencies.name_keys import core_key, match_key, unglued_key


@pytest.mark.parametrize(
    "name",
    ["Sở TT&TT", "Sở TTTT", "Sở Thông tin và Truyền thông", "SỞ THÔNG TIN  VÀ TRUYỀN THÔNG"],
)
def test_abbreviations_case_and_va_meet_on_one_key(name):
    assert match_key(name) == "so thong tin truyen thong"


def test_a_leading_cac_and_a_qualifier_leave_the_key():
    assert match_key("Các Sở, ban ngành (liên quan)") == "so ban nganh"


@pytest.mark.parametrize(
    "key, expected",
    [
        ("so y te tinh quang ngai", "so y te"),
        ("so y te tren dia ban tinh", "so y te"),
        ("so tinh", None),  # one word left is no name
    ],
)
def test_the_core_key_drops_the_province_suffix(key, expected):
    assert core_key(key) == expected


def test_a_province_glued_to_the_last_word_comes_off():
    assert unglued_key("dai phat thanh truyen hinhtinh") == "dai phat thanh truyen hinh"
