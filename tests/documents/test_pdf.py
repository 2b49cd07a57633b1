"""Each document as LibreOffice prints it: pages, the header block, Vietnamese text intact.

LibreOffice is installed by ./bin/setup --with-office (and --with-browser, the README's test
command); without it these tests are skipped, saying so."""

import re
import shutil
import subprocess
import unicodedata

import pytest

from documents.conftest import PRINTED

PDFINFO, PDFTOTEXT = shutil.which("pdfinfo"), shutil.which("pdftotext")

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not (PDFINFO and PDFTOTEXT),
        reason="poppler-utils (pdfinfo, pdftotext) is not installed: ./bin/setup --with-office",
    ),
]

# (fewest, most) pages: the body on A4 portrait, then the appendix.
PAGES = {
    "report_plan": (8, 80),
    "appendix_dost": (5, 80),
    "indicators": (5, 60),
    "chasing": (2, 64),  # every department and commune is chased on the plans' duties too
    "scorecard": (2, 8),
}


def _info(path, page: int | None = None) -> dict[str, str]:
    command = [PDFINFO] + (["-f", str(page), "-l", str(page)] if page else []) + [str(path)]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603
    info = {}
    for line in out.splitlines():
        key, _sep, value = line.partition(":")
        info[key.strip()] = value.strip()
    return info


def _text(path) -> str:
    out = subprocess.run(  # noqa: S603
        [PDFTOTEXT, "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True
    ).stdout.decode("utf-8")
    return " ".join(unicodedata.normalize("NFC", out).split())


def _size(info: dict[str, str], page: int) -> tuple[float, float]:
    words = info[f"Page {page:>4} size"].split()
    return float(words[0]), float(words[2])


@pytest.mark.parametrize("name", PRINTED)
def test_document_prints_on_a4_with_a_landscape_appendix(pdfs, name):
    info = _info(pdfs[name])
    pages = int(info["Pages"])
    fewest, most = PAGES[name]
    assert fewest <= pages <= most
    first = _size(_info(pdfs[name], 1), 1)
    assert first == pytest.approx((595.3, 841.9), abs=1)
    last = _size(_info(pdfs[name], pages), pages)
    if name == "report_plan":  # the form's tables are in the body: no appendix
        assert last == pytest.approx((595.3, 841.9), abs=1)
    else:
        assert last == pytest.approx((841.9, 595.3), abs=1)


@pytest.mark.parametrize("name", PRINTED)
def test_header_block_and_vietnamese_text_survive_printing(pdfs, name):
    text = _text(pdfs[name])
    for expected in (
        "UBND TỈNH QUẢNG NGÃI",
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Quảng Ngãi, ngày 02 tháng 12 năm 2026",
        "Nơi nhận:",
        "KT. GIÁM ĐỐC",
        "Phan Văn Hiếu",
    ):
        assert expected in text, expected


def test_agency_names_with_diacritics_print_intact(pdfs):
    # The name wraps in its column; pdftotext may put the next column's words between.
    assert re.search(r"Sở Nông nghiệp và (?:\S+ ){0,4}Môi trường", _text(pdfs["scorecard"]))
    chasing = _text(pdfs["chasing"])
    assert "Sở Tài chính" in chasing
    assert "Trả lại để bổ sung" in chasing
    appendix = _text(pdfs["appendix_dost"])
    # A narrow column may break "1827-QĐ/TU" at its hyphen, which pdftotext then drops.
    assert re.search(r"Quyết định số 1827-?QĐ/TU ngày 11/02/2025", appendix)
    assert "31/12/2026" in appendix
