"""Reading Word (.docx) plans into a `Document` with python-docx.

Tables are read from their XML so that merged cells keep their meaning: a cell
spanning several grid columns (gridSpan) fills the first and leaves the others
empty, a vertical merge continuation (vMerge) is empty and marked `merged_down`.
Numbers produced by Word's automatic list numbering are rendered into the text,
as a reader sees them. Tables that are only layout (the header block with the
issuing body and the national motto, the signature block) become paragraphs.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.oxml.ns import qn

from dxtrack.ingest.columns import is_header_row
from dxtrack.ingest.document import Document, Paragraph, Row, Table

# Tags and attributes spelled out once: qn() parses its argument on every call, and a
# 500-row plan asks for them tens of thousands of times.
_P, _R, _T, _TAB, _BR, _CR = (qn(f"w:{t}") for t in ("p", "r", "t", "tab", "br", "cr"))
_TEXT_TAGS = {_T, _TAB, _BR, _CR}
_RPR, _B, _VAL = qn("w:rPr"), qn("w:b"), qn("w:val")
_PPR_NUMPR = f"{qn('w:pPr')}/{qn('w:numPr')}"
_PPR_STYLE = f"{qn('w:pPr')}/{qn('w:pStyle')}"
_TCPR, _GRID_SPAN, _V_MERGE = qn("w:tcPr"), qn("w:gridSpan"), qn("w:vMerge")
_TC, _SDT = qn("w:tc"), qn("w:sdt")
_SDT_CELLS = f"{qn('w:sdtContent')}/{_TC}"
_GRID_BEFORE = f"{qn('w:trPr')}/{qn('w:gridBefore')}"


def _roman(value: int) -> str:
    numerals = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ]
    out = ""
    for number, numeral in numerals:
        while value >= number:
            out += numeral
            value -= number
    return out


def _letter(value: int) -> str:
    return chr(ord("A") + (value - 1) % 26) * ((value - 1) // 26 + 1)


_FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda v: f"{v:02d}",
    "upperRoman": _roman,
    "lowerRoman": lambda v: _roman(v).lower(),
    "upperLetter": _letter,
    "lowerLetter": lambda v: _letter(v).lower(),
}


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


@dataclass
class _Numbering:
    """Word's list numbering: counters per list and level, rendered like Word does."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    # Paragraph styles that number their paragraphs ("List Number"): style id -> (numId, ilvl).
    styles: dict[str, tuple[str, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, document: docx.document.Document) -> "_Numbering":
        numbering = cls()
        numbering.styles = _numbered_styles(document)
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return numbering
        abstract: dict[str, dict[int, _Level]] = {}
        for node in root.findall(qn("w:abstractNum")):
            levels = {}
            for lvl in node.findall(qn("w:lvl")):
                level = _Level()
                fmt = lvl.find(qn("w:numFmt"))
                text = lvl.find(qn("w:lvlText"))
                start = lvl.find(qn("w:start"))
                level.fmt = fmt.get(qn("w:val")) if fmt is not None else "decimal"
                level.text = text.get(qn("w:val")) if text is not None else ""
                if start is not None and (start.get(qn("w:val")) or "").isdigit():
                    level.start = int(start.get(qn("w:val")))
                levels[int(lvl.get(qn("w:ilvl")) or 0)] = level
            abstract[node.get(qn("w:abstractNumId"))] = levels
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is not None:
                numbering.levels[num.get(qn("w:numId"))] = abstract.get(ref.get(qn("w:val")), {})
        return numbering

    def label(self, num_id: str, ilvl: int) -> str:
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        level = levels[ilvl]
        if level.fmt not in _FORMATS:
            return ""  # bullets and exotic formats carry no number

        def render(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            lvl = levels.get(index, _Level())
            value = counters.get(index, lvl.start)
            return _FORMATS.get(lvl.fmt, str)(value)

        return re.sub(r"%(\d)", render, level.text)


def _numbered_styles(document: docx.document.Document) -> dict[str, tuple[str, int]]:
    own: dict[str, tuple[str, int] | None] = {}
    based_on: dict[str, str] = {}
    for style in document.styles.element.findall(qn("w:style")):
        style_id = style.get(qn("w:styleId"))
        num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        own[style_id] = _num_pr(num_pr) if num_pr is not None else None
        parent = style.find(qn("w:basedOn"))
        if parent is not None:
            based_on[style_id] = parent.get(qn("w:val"))
    resolved = {}
    current: str | None
    for style_id in own:
        current, seen = style_id, set()
        while current and current not in seen and own.get(current) is None:
            seen.add(current)
            current = based_on.get(current)
        if current and (numbering := own.get(current)):
            resolved[style_id] = numbering
    return resolved


def _num_pr(num_pr) -> tuple[str, int] | None:
    num_id = num_pr.find(qn("w:numId"))
    ilvl = num_pr.find(qn("w:ilvl"))
    if num_id is None:
        return None
    return num_id.get(qn("w:val")), int(ilvl.get(qn("w:val"))) if ilvl is not None else 0


def _paragraph_text(p, numbering: _Numbering) -> tuple[str, bool]:
    texts = []
    bold_runs = []
    for run in p.iter(_R):
        text = "".join(
            "\t" if child.tag == _TAB else "\n" if child.tag in (_BR, _CR) else child.text or ""
            for child in run
            if child.tag in _TEXT_TAGS
        )
        if text.strip():
            rpr = run.find(_RPR)
            bold = rpr is not None and rpr.find(_B) is not None
            bold = bold and rpr.find(_B).get(_VAL) not in ("0", "false")
            bold_runs.append(bold)
        texts.append(text)
    text = "".join(texts)
    num_pr = p.find(_PPR_NUMPR)
    numbered = _num_pr(num_pr) if num_pr is not None else None
    if numbered is None:
        style = p.find(_PPR_STYLE)
        if style is not None:
            numbered = numbering.styles.get(style.get(_VAL))
    if numbered is not None:
        label = numbering.label(*numbered)
        if label:
            text = f"{label} {text}" if text.strip() else label
    return text, bool(bold_runs) and all(bold_runs)


def _cell_text(tc, numbering: _Numbering) -> tuple[str, bool]:
    parts = []
    bolds = []
    for p in tc.iter(_P):
        text, bold = _paragraph_text(p, numbering)
        parts.append(text)
        if text.strip():
            bolds.append(bold)
    return "\n".join(parts).strip(), bool(bolds) and all(bolds)


def _row_cells(tr):
    """The cells of a row, including those wrapped in a content control (a form field)."""
    for child in tr:
        if child.tag == _TC:
            yield child
        elif child.tag == _SDT:
            yield from child.iterfind(_SDT_CELLS)


def _row(tr, numbering: _Numbering, line: int) -> Row:
    cells: list[str] = []
    merged: set[int] = set()
    bolds: list[bool] = []
    before = tr.find(_GRID_BEFORE)
    if before is not None and (before.get(_VAL) or "").isdigit():
        cells.extend([""] * int(before.get(_VAL)))
    for tc in _row_cells(tr):
        tcpr = tc.find(_TCPR)
        span = 1
        continues = False
        if tcpr is not None:
            grid_span = tcpr.find(_GRID_SPAN)
            if grid_span is not None and (grid_span.get(_VAL) or "").isdigit():
                span = max(1, int(grid_span.get(_VAL)))
            v_merge = tcpr.find(_V_MERGE)
            continues = v_merge is not None and v_merge.get(_VAL) in (None, "continue")
        if continues:
            merged.update(range(len(cells), len(cells) + span))
            text, bold = "", False
        else:
            text, bold = _cell_text(tc, numbering)
        if text:
            bolds.append(bold)
        cells.append(text)
        cells.extend([""] * (span - 1))
    return Row(
        cells=cells, line=line, bold=bool(bolds) and all(bolds), merged_down=frozenset(merged)
    )


def _body_blocks(body):
    """The body's paragraphs and tables, including those inside content controls (forms
    and templates wrap whole appendices in one)."""
    for child in body.iterchildren():
        if child.tag == _SDT:
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _body_blocks(content)
        else:
            yield child


def read_docx(path: Path) -> Document:
    """Read the body of a .docx in order: paragraphs, and tables row by row."""
    source = docx.Document(str(path))
    numbering = _Numbering.of(source)
    document = Document(name=path.name)
    body = source.element.body
    for index, child in enumerate(_body_blocks(body), start=1):
        if child.tag == qn("w:p"):
            text, bold = _paragraph_text(child, numbering)
            for line in text.split("\n"):
                if line.strip():
                    document.blocks.append(Paragraph(text=line, line=index, bold=bold))
        elif child.tag == qn("w:tbl"):
            rows = [
                _row(tr, numbering, line)
                for line, tr in enumerate(child.findall(qn("w:tr")), start=1)
            ]
            if any(is_header_row(r.cells) for r in rows[:10]):
                document.blocks.append(Table(rows=rows, line=index))
            else:
                # A layout table: the header block, the signature and recipients.
                for row in rows:
                    for cell in row.cells:
                        for line in cell.split("\n"):
                            if line.strip():
                                document.blocks.append(Paragraph(text=line, line=index))
    return document
