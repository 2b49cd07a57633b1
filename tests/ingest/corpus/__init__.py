"""A corpus of plans of other provinces and a ministry, each described once and written in
every format an official receives (see `render`), with the rows a reader must find.

The documents are written here, not copied: their wording is ours, their STRUCTURE follows
the plans published by provinces and ministries — the administrative header (issuing body,
national motto, "Số: …/KH-UBND", place and date), a title in capitals, Roman-numbered
parts ("I. MỤC ĐÍCH, YÊU CẦU", "II. MỤC TIÊU", "III. NHIỆM VỤ, GIẢI PHÁP", "IV. TỔ CHỨC THỰC
HIỆN"), targets as bullet lines under "Mục tiêu … đến năm …", duties per agency as numbered
paragraphs under "Tổ chức thực hiện", a sentence replacing an earlier plan, and appendix
tables ("PHỤ LỤC I", a caption "(Kèm theo Kế hoạch số … của UBND tỉnh …)") with the column
orders, numbering (A/I/1/1.1, Roman rows that also name a lead), merged lead cells,
"Ví dụ:" rows of a form, rows cut by a page break, dashes, quotes and ranges they use.
Provinces and people are invented ("dữ liệu mẫu"); agencies carry the standard names.

`documents` holds the first three plans (a province, a resolution's action plan, a
ministry); `wider` five shaped unlike them (a commune, an index plan with a two-level
indicator header, a ministry's budgeted plan, a Đề án 06 plan whose header spans the
agencies, a district of 2024).
"""

from ingest.corpus.documents import CORPUS as _FIRST
from ingest.corpus.model import (
    EX,
    TOTAL,
    UNSCORED_ROLES,
    A,
    Agencies,
    Appendix,
    CorpusPlan,
    ExpectedRow,
    H,
    Para,
    R,
    Row,
    expected_rows,
)
from ingest.corpus.wider import WIDER

CORPUS: tuple[CorpusPlan, ...] = (*_FIRST, *WIDER)

__all__ = [
    "CORPUS",
    "EX",
    "TOTAL",
    "UNSCORED_ROLES",
    "A",
    "Agencies",
    "Appendix",
    "CorpusPlan",
    "ExpectedRow",
    "H",
    "Para",
    "R",
    "Row",
    "expected_rows",
]
