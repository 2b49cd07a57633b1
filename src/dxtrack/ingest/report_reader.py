"""Reading a filled result table (like `004`) from .docx, .xlsx or text into a ReportDraft.

Tables with real cells (Word, Excel, tab-separated text) map their columns from the
header labels; a text extracted from a PDF, where the columns come wrapped line by line,
goes through `result_lines`. Each row is then matched to a task of the catalogue.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from pathlib import Path

from dxtrack.ingest import result_columns as rc
from dxtrack.ingest.document import Document, Paragraph, Row, Table
from dxtrack.ingest.readers import TEXT_SUFFIXES, UnreadableDocument, read_document
from dxtrack.ingest.report_draft import DateText, ReportDraft, ReportRowDraft, RowMatch
from dxtrack.ingest.result_lines import parse_date, read_wrapped_results
from dxtrack.ingest.task_matching import TaskMatcher
from dxtrack.ingest.wrapped_columns import join_wrapped, lines_of
from dxtrack.vn_text import collapse_spaces, fold

_APPENDIX = re.compile(r"^\s*phu luc\s+[ivx\d]+\b")
_SECTION_NUMBER = re.compile(r"^(?:[IVXLC]+|[A-Z])\.?$")
_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)*)\.?\s*$")
_DATE_WORDS = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
# "Số: 123/BC-SKHCN" at the start of a header line; "Thông báo số 396/TB-VPCP" is a reference.
_SYMBOL = re.compile(r"^\s*Số\s*:?\s*(\d+[\w.]*\s*/\s*[\w\u0110\u0111&.-]+)")
_TITLE_STOPS = ("kinh gui", "can cu", "thuc hien", "sau khi", "phu luc", "noi nhan", "i.")
_KINDS = ("bao cao", "cong van", "ket qua")
# A body sentence opens with the reporting agency: "Sở Khoa học và Công nghệ nhận được …".
_BODY_OPENINGS = ("so ", "ubnd", "uy ban", "van phong", "ban ")


# Candidates offered to choose from: below this a task only shares common words.
CANDIDATE_FLOOR = 0.3


class NotAResultTable(UnreadableDocument):
    """The document holds no result table; the message names the file, in Vietnamese."""


def _cell_tables(document: Document) -> list[tuple[str, Table, dict[str, int], int]]:
    """(appendix, table, column roles, header rows) of each result table with real cells."""
    found = []
    appendix = ""
    for block in document.blocks:
        if isinstance(block, Paragraph):
            if _APPENDIX.match(fold(block.text)) and len(block.text) <= 30:
                appendix = collapse_spaces(block.text)
            continue
        if any(row.loose or row.note for row in block.rows):
            # A text reader's guess at the cells of a wrapped layout: `result_lines` reads
            # result tables in that layout, all their columns.
            continue
        for index, row in enumerate(block.rows[:6]):
            roles = rc.header_roles(row.cells)
            if roles is None and index + 1 < len(block.rows):
                # A two-level header: labels split over two rows ("Kết quả" / "Mô tả").
                below = block.rows[index + 1].cells
                combined = [
                    f"{a} {b}".strip() if a != b else a
                    for a, b in zip(row.cells, below + [""] * len(row.cells), strict=False)
                ]
                roles = rc.header_roles(combined)
                if roles is not None:
                    found.append((appendix, block, roles, index + 2))
                    break
            if roles is not None:
                found.append((appendix, block, roles, index + 1))
                break
    return found


def _date_cell(text: str) -> DateText | None:
    text = collapse_spaces(text)
    return DateText(text=text, date=parse_date(text)) if text else None


def _rows_from_cells(appendix: str, table: Table, roles: dict[str, int], skip: int) -> list:
    rows = []
    header = [collapse_spaces(c) for c in table.rows[skip - 1].cells]
    above: list[str] = []
    for row in table.rows[skip:]:
        cells = [collapse_spaces(c) for c in row.cells]
        if cells == header or row.is_empty:
            continue  # a header repeated at a page break
        if row.merged_down:
            # A cell merged down from the row above (one deadline for a group of tasks)
            # holds, for this row, the text of the merged cell.
            row = Row(
                cells=[
                    above[i] if i in row.merged_down and i < len(above) else c
                    for i, c in enumerate(row.cells)
                ],
                line=row.line,
            )
        above = list(row.cells)
        number = row.cell(roles.get(rc.NUMBER)).strip().rstrip(".")
        task = collapse_spaces(row.cell(roles.get(rc.TASK)))
        if not task or _SECTION_NUMBER.match(number):
            continue  # a section row ("I", "A") or a blank row
        if number and not _NUMBER.match(number):
            continue
        rows.append(
            ReportRowDraft(
                appendix=appendix,
                number=number,
                task=task,
                line=row.line,
                deadline=_date_cell(row.cell(roles.get(rc.DEADLINE))),
                status=collapse_spaces(row.cell(roles.get(rc.STATUS))),
                description=collapse_spaces(row.cell(roles.get(rc.DESCRIPTION))),
                completed_on=_date_cell(row.cell(roles.get(rc.COMPLETED))),
                difficulties=collapse_spaces(row.cell(roles.get(rc.DIFFICULTIES))),
                proposals=collapse_spaces(row.cell(roles.get(rc.PROPOSALS))),
                evaluation=collapse_spaces(row.cell(roles.get(rc.EVALUATION))),
                budget_planned=collapse_spaces(row.cell(roles.get(rc.BUDGET_PLANNED))),
                budget_disbursed=collapse_spaces(row.cell(roles.get(rc.BUDGET_DISBURSED))),
            )
        )
    return rows


def _head_texts(document: Document, *, result_tables: set[int]) -> list[str]:
    """The lines the header block is read from, in order. Word reports often lay the
    header out in a borderless table (issuing body left, national motto right): its
    cells' lines count too."""
    texts: list[str] = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            texts.append(block.text)
        elif id(block) in result_tables:
            break
        else:
            for row in block.rows[:4]:
                for cell in row.cells:
                    texts.extend(cell.splitlines())
    return texts


def _header_lines(texts: list[str], draft: ReportDraft, issuer_of: Callable[[str], str]) -> None:
    """Number, date, issuer and title from the document's header block."""
    head = [collapse_spaces(t) for t in texts[:60] if t.strip()]
    for text in head:
        if draft.number is None and (symbol := _SYMBOL.search(text)):
            draft.number = re.sub(r"\s+", "", symbol.group(1))
        if draft.date is None and (words := _DATE_WORDS.search(text)):
            day, month, year = (int(g) for g in words.groups())
            draft.date = parse_date(f"{day}/{month}/{year}")
        if _APPENDIX.match(fold(text)):
            break
    # The issuing body: the capitals under the province line, before the national motto.
    for first, second in itertools.pairwise(head):
        if fold(first).startswith(("ubnd", "uy ban nhan dan")) and second.isupper():
            if not fold(second).startswith("cong hoa"):
                draft.issuer = issuer_of(second)
            break
    for index, text in enumerate(head):
        if fold(text) in _KINDS or (text.isupper() and fold(text).startswith(_KINDS)):
            title = []
            for line in head[index + 1 : index + 5]:
                folded = fold(line)
                body = folded.startswith(_BODY_OPENINGS) and len(line) >= 50
                if folded.startswith(_TITLE_STOPS) or body:
                    break
                title.append(line)
            if title:
                draft.title = join_wrapped(title)
            break


def read_report(
    path: Path,
    *,
    matcher: TaskMatcher | None = None,
    issuer_of: Callable[[str], str] | None = None,
) -> ReportDraft:
    """Read every row of every result table of the file. Raises UnreadableDocument."""
    document = read_document(path)
    draft = ReportDraft(source=path.name)
    tables = _cell_tables(document)
    texts = _head_texts(document, result_tables={id(table) for _a, table, _r, _s in tables})
    if tables:
        for appendix, table, roles, skip in tables:
            draft.rows += _rows_from_cells(appendix, table, roles, skip)
    elif path.suffix.lower() in TEXT_SUFFIXES:
        text = path.read_text(encoding="utf-8-sig")
        lines = lines_of(text)
        texts = [line.text for line in lines]
        rows, warnings = read_wrapped_results(lines)
        draft.rows = rows
        for where, message in warnings:
            draft.warn(where, message)
    if not draft.rows:
        raise NotAResultTable(
            f"Tệp “{path.name}” không có bảng kết quả thực hiện nhiệm vụ (cần các cột "
            "TT · Tên nhiệm vụ · Thời hạn · Kết quả · Mô tả …)."
        )
    _header_lines(texts, draft, issuer_of or (lambda name: name))
    for row in draft.rows:
        if row.deadline and row.deadline.text and row.deadline.date is None:
            draft.warn(row.where, f"Không đọc được thời hạn “{row.deadline.text}”.")
    if matcher is not None:
        rows_match(draft, matcher)
    return draft


def rows_match(draft: ReportDraft, matcher: TaskMatcher) -> None:
    for row in draft.rows:
        result = matcher.match(row.task)
        row.candidates = [
            RowMatch(c.task_id, c.plan, c.score, c.name)
            for c in result.candidates
            if c.score >= CANDIDATE_FLOOR
        ]
        if result.best is not None:
            best = result.best
            row.match = RowMatch(best.task_id, best.plan, best.score, best.name, result.sure)
            if not result.sure:
                draft.warn(
                    row.where,
                    f"Chưa chắc chắn nhiệm vụ tương ứng (độ khớp {best.score:.2f}); "
                    "hãy chọn trong danh sách.",
                )
        else:
            draft.warn(row.where, "Không tìm thấy nhiệm vụ tương ứng trong danh mục.")
