"""Where the visible signature goes: in the signer's block, as Nghị định 30/2020/NĐ-CP
(Phụ lục I) places a signer's digital signature: between the position line ("PHÓ GIÁM ĐỐC")
and the signer's name, centred on the name.

LibreOffice decides the page breaks, so the block is found in the printed PDF: the page from
the named destination the PDF export made of the bookmark at the signer's name (the block
may be on page 3 of 155, before a landscape appendix), then the words' boxes on that one page
from poppler's `pdftotext -bbox` (the whole document's text would take seconds to read).
Without the destination (a PDF from elsewhere), the last page is read. No Django imports.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from dxtrack.vn_text import strip_diacritics

# The signature's size, in points: wide enough for a name and an organisation on a line.
WIDTH, HEIGHT = 200.0, 64.0
MARGIN = 36.0

_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)


@dataclass(frozen=True)
class Placement:
    page: int  # from 0
    box: tuple[int, int, int, int]  # lower left x, y, upper right x, y (PDF points)
    found: bool  # False: the name was not found, the box is the last page's bottom right


@dataclass(frozen=True)
class _Word:
    x0: float
    y0: float  # from the top of the page, as pdftotext gives it
    x1: float
    y1: float
    text: str


def _fold(text: str) -> str:
    return strip_diacritics(text).casefold()


def _page_words(pdf: bytes, page: int) -> tuple[float, float, list[_Word]] | None:
    """(width, height, words) of one page (from 0)."""
    program = shutil.which("pdftotext")
    if program is None:
        return None
    number = str(page + 1)
    with tempfile.TemporaryDirectory(prefix="dxtrack-sign-") as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(pdf)
        result = subprocess.run(  # noqa: S603 - a fixed program, our own file
            [program, "-bbox", "-enc", "UTF-8", "-f", number, "-l", number, str(path), "-"],
            capture_output=True,
            timeout=60,
            check=False,
        )
    if result.returncode != 0:
        return None
    for width, height, body in _PAGE.findall(result.stdout.decode("utf-8", "replace")):
        words = [
            _Word(float(a), float(b), float(c), float(d), html.unescape(text))
            for a, b, c, d, text in _WORD.findall(body)
        ]
        return float(width), float(height), words
    return None


def _destination_page(reader, mark: str) -> int | None:
    """The page (from 0) a named destination of the catalogue's /Dests points at (where
    LibreOffice writes them)."""
    try:
        if "/Dests" not in reader.root or f"/{mark}" not in reader.root["/Dests"]:
            return None
        target = reader.root["/Dests"][f"/{mark}"]
        page_ref = target.raw_get(0).reference
        count = int(reader.root["/Pages"]["/Count"])
        for index in range(count):
            page, _ = reader.find_page_for_modification(index)
            if page.reference == page_ref:
                return index
    except Exception:  # a PDF without a usable destination: use the last page
        return None
    return None


def _page_count(reader) -> int:
    try:
        return int(reader.root["/Pages"]["/Count"])
    except Exception:
        return 0


def _find(words: list[_Word], phrase: str) -> list[_Word] | None:
    """The last run of words that reads `phrase` (diacritics and case aside)."""
    wanted = [_fold(part) for part in phrase.split()]
    if not wanted:
        return None
    folded = [_fold(word.text) for word in words]
    for start in range(len(words) - len(wanted), -1, -1):
        if folded[start : start + len(wanted)] == wanted:
            return words[start : start + len(wanted)]
    return None


def signature_placement(
    *, pdf: bytes, signer_name: str, position: str = "", mark: str = "ChuKySo"
) -> Placement:
    """The box for the visible signature: between `position` and `signer_name` on the page
    of the destination `mark` (else the last page); else the last page's bottom right."""
    import io

    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    except Exception:  # the signing step reports a damaged file itself
        reader = None
    count = _page_count(reader) if reader is not None else 0
    marked = _destination_page(reader, mark) if reader is not None else None
    index = marked if marked is not None else count - 1
    page = _page_words(pdf, index) if index >= 0 else None
    if page is not None:
        width, height, words = page
        name = _find(words, signer_name) if signer_name.strip() else None
    else:
        name = None
    if page is not None and name is not None:
        centre = (min(w.x0 for w in name) + max(w.x1 for w in name)) / 2
        name_top = min(w.y0 for w in name)
        above = _find([w for w in words if w.y1 <= name_top], position) if position else None
        ceiling = max(w.y1 for w in above) if above else name_top - HEIGHT - 4
        # Converted to PDF coordinates (from the bottom of the page).
        low, high = height - name_top + 2, height - ceiling - 2
        if high - low < HEIGHT / 2:
            low, high = height - name_top + 2, height - name_top + 2 + HEIGHT
        left = min(max(centre - WIDTH / 2, MARGIN / 2), width - WIDTH - MARGIN / 2)
        box = (round(left), round(low), round(left + WIDTH), round(high))
        return Placement(page=index, box=box, found=True)
    width = page[0] if page is not None else 595.0
    box = (
        round(width - MARGIN - WIDTH),
        round(MARGIN * 2),
        round(width - MARGIN),
        round(MARGIN * 2 + HEIGHT),
    )
    return Placement(page=count - 1 if count else -1, box=box, found=False)
