"""The header of a table drawn without lines, read from its printed lines (see
`pdf_tables_unruled`): a band of up to four close lines whose segments, merged by horizontal
overlap, read as a plan's header labels; a caption spanning two or more labels of the line
below ("Mục tiêu" over "2025", "2030"; "Thời gian thực hiện" printed flush left over "Bắt
đầu", "Kết thúc") is given as a .docx gives it, in a first header row over a second, also
when its sub-labels stand below the whole first row, a taller label beside it (0219); the
boundary between two columns is the white river between their labels."""

from __future__ import annotations

import itertools
import re
import statistics
from dataclasses import dataclass

from dxtrack.ingest import columns as col
from dxtrack.ingest.pdf_words import ROW_NUMBER, Columns, PrintedLine, Word, segment_text
from dxtrack.vn_text import collapse_spaces, fold

__all__ = ["header_at", "header_columns", "same_header"]

# At most this many printed lines make a header band, and this many more the sub-labels
# printed under a caption below a taller first header row.
_HEADER_LINES = 4
_SUB_LINES = 2


@dataclass
class _Cell:
    x0: float
    x1: float
    parts: list[tuple[int, str]]  # (line in the band, text)


def header_at(
    lines: list[PrintedLine], start: int, height: float, known: int | None
) -> tuple[int, list[_Cell]] | None:
    """(index after the header band, its cells) when a header starts at `start`. The band
    is as long as `known` when the header is one seen on the page before (a row cut by the
    break may follow it closely), else as long as it still reads as a header."""
    best: tuple[int, list[_Cell]] | None = None
    band: list[PrintedLine] = []
    for offset in range(known or _HEADER_LINES + _SUB_LINES):
        index = start + offset
        if index >= len(lines):
            break
        ln = lines[index]
        if not band and len(ln.segments) < 2:
            return None  # a title over the table, not a header's first line
        if band:
            if ROW_NUMBER.match(ln.words[0].text):
                break
            close = ln.top - band[-1].bottom <= 1.2 * height
            if (not close or offset >= _HEADER_LINES) and not _under_caption(band, ln, height):
                break
        band.append(ln)
        cells = _band_cells(band)
        labels = [" ".join(text for _n, text in cell.parts) for cell in cells]
        if len(cells) >= 3 and col.is_header_row(labels):
            best = (index + 1, cells)
    return best


def _under_caption(band: list[PrintedLine], ln: PrintedLine, height: float) -> bool:
    """A line of the sub-labels under a caption of the header's first line ("Mục tiêu" over
    "Năm 2026" | "Năm 2028"; "Cơ quan thực hiện" over "Chủ trì" | "Phối hợp"), printed below
    the whole first header row when another of its cells runs over more lines: every
    segment of the line stands in the white under the caption (from the caption's left to
    the next label of its line, where no other line of the band has text), within a few
    lines of the band."""
    if ln.top - band[-1].bottom > 4 * height:
        return False
    first = band[0].segments
    for position, caption in enumerate(first):
        left = caption[0].x0 - 0.2 * height
        reach = first[position + 1][0].x0 if position + 1 < len(first) else float("inf")
        below = [
            seg
            for other in band[1:]
            for seg in other.segments
            if seg[0].x0 < reach and seg[-1].x1 > left
        ]
        if below and not all(_within(seg, left, reach) for seg in below):
            continue
        if all(_within(seg, left, reach) for seg in ln.segments) and len(ln.segments) >= 2:
            return True
    return False


def _within(segment: list[Word], left: float, reach: float) -> bool:
    return segment[0].x0 >= left and segment[-1].x1 <= reach


def _band_cells(band: list[PrintedLine]) -> list[_Cell]:
    """The header's cells: segments of the band's lines merged where they overlap, a
    segment over two or more segments of another line being their common caption (a
    caption's part records, as its line, -1 - the caption's own line)."""
    segments = [
        (number, seg[0].x0, seg[-1].x1, segment_text(seg))
        for number, ln in enumerate(band)
        for seg in ln.segments
    ]
    # Leaves: the segments not over two or more segments of one line below.
    leaves: list[tuple[int, float, float, str]] = []
    captions: list[tuple[int, float, float, str]] = []
    for segment in segments:
        number, x0, x1, _text = segment
        under = [s for s in segments if s[0] > number and s[1] < x1 and s[2] > x0]
        by_line: dict[int, int] = {}
        for other in under:
            by_line[other[0]] = by_line.get(other[0], 0) + 1
        if any(n >= 2 for n in by_line.values()) or _caption_left(segment, segments):
            captions.append(segment)
        else:
            leaves.append(segment)
    cells: list[_Cell] = []
    for number, x0, x1, text in sorted(leaves, key=lambda s: s[1]):
        for cell in cells:
            if x0 < cell.x1 and x1 > cell.x0:
                cell.x0, cell.x1 = min(cell.x0, x0), max(cell.x1, x1)
                cell.parts.append((number, text))
                break
        else:
            cells.append(_Cell(x0=x0, x1=x1, parts=[(number, text)]))
    for number, x0, x1, text in captions:
        reach = _caption_reach((number, x0, x1, text), segments)
        for cell in cells:
            if cell.x0 < reach and cell.x1 > x0:
                cell.parts.append((-1 - number, text))
    for cell in cells:
        cell.parts.sort(key=lambda part: part[0] if part[0] >= 0 else -1 - part[0] - 0.5)
    cells.sort(key=lambda c: c.x0)
    return cells


_SUB_LABELS = {"bat dau", "ket thuc", "khoi cong", "hoan thanh", "tu nam", "den nam"}


def _sub_label(text: str) -> bool:
    return col.looks_like_header_label(text) or fold(text).strip(" .:") in _SUB_LABELS


def _caption_reach(
    segment: tuple[int, float, float, str], segments: list[tuple[int, float, float, str]]
) -> float:
    """Where a caption printed flush left may reach: the next label of its own line."""
    number, _x0, x1, _text = segment
    return min((s[1] for s in segments if s[0] == number and s[1] > x1), default=float("inf"))


def _caption_left(
    segment: tuple[int, float, float, str], segments: list[tuple[int, float, float, str]]
) -> bool:
    """A caption printed flush left over its sub-labels ("Thời gian thực hiện" over "Bắt
    đầu", "Kết thúc"): two or more segments of the line below start under it or to its right
    before the next label of its line, each a label, none under another label of its line."""
    number, x0, x1, _text = segment
    if any(s[0] < number and s[1] < x1 and s[2] > x0 for s in segments):
        return False  # the last lines of a label wrapped in its cell ("Kết quả / năm / 2025")
    reach = _caption_reach(segment, segments)
    own = [s for s in segments if s[0] == number and s is not segment]
    zone = [
        s
        for s in segments
        if s[0] > number
        and x0 - 2 <= s[1] < reach
        and not any(o[1] < s[2] and o[2] > s[1] for o in own)
    ]
    if not zone:
        return False
    # The sub-labels' first line: the next line, or the first line with text under the
    # caption when they are printed below a taller first header row; a sub-label wrapped
    # over two lines is read whole.
    first = min(s[0] for s in zone)
    below = [s for s in zone if s[0] == first]
    texts = [
        " ".join([s[3]] + [o[3] for o in zone if o[0] > first and o[1] < s[2] and o[2] > s[1]])
        for s in below
    ]
    return len(below) >= 2 and all(_sub_label(text) for text in texts)


def header_columns(cells: list[_Cell], body: list[PrintedLine], header_lines: int) -> Columns:
    labels = tuple(collapse_spaces(" ".join(text for _n, text in c.parts)) for c in cells)
    edges = []
    body_words = [w for ln in body[:200] for w in ln.words]
    height = statistics.median(w.bottom - w.top for w in body_words) if body_words else 1.0
    for left, right in itertools.pairwise(cells):
        edges.append(_river(left.x1, right.x0, body_words, height))
    number = next(
        (i for i, label in enumerate(labels) if col.label_role(label) == col.NUMBER), None
    )
    if number is None and edges and _numbers_first(body, edges[0]):
        # A "TT" label the OCR misread: the first column holds the rows' numbers all the same.
        number = 0
        labels = ("TT", *labels[1:])
    return Columns(
        labels=labels,
        edges=tuple(edges),
        number=number,
        header_lines=header_lines,
        header=_header_rows(cells, labels),
    )


def _header_rows(
    cells: list[_Cell], labels: tuple[str, ...]
) -> tuple[tuple[tuple[str, ...], frozenset[int]], ...]:
    captions = [" ".join(text for n, text in cell.parts if n < 0) for cell in cells]
    if not any(captions):
        return ((labels, frozenset()),)
    top: list[str] = []
    sub: list[str] = []
    merged: set[int] = set()
    for index, (cell, caption) in enumerate(zip(cells, captions, strict=True)):
        if caption:
            top.append(caption if index == 0 or captions[index - 1] != caption else "")
            sub.append(collapse_spaces(" ".join(text for n, text in cell.parts if n >= 0)))
        else:
            top.append(labels[index])
            sub.append("")
            merged.add(index)
    return ((tuple(top), frozenset()), (tuple(sub), frozenset(merged)))


def _numbers_first(body: list[PrintedLine], edge: float) -> bool:
    firsts = [ln.segments[0] for ln in body[:200] if ln.segments[0][-1].x1 <= edge]
    numbered = sum(1 for seg in firsts if ROW_NUMBER.match(segment_text(seg)))
    return len(firsts) >= 2 and numbered >= 0.6 * len(firsts)


def _river(left: float, right: float, words: list[Word], height: float) -> float:
    """The x between two header labels that the fewest body words cross, in the middle of
    the widest such stretch."""
    if right <= left:
        return (left + right) / 2
    step = max(height / 8, 0.25)
    count = max(int((right - left) / step), 1)
    xs = [left + (i + 0.5) * (right - left) / count for i in range(count)]
    crossing = [sum(1 for w in words if w.x0 <= x <= w.x1) for x in xs]
    fewest = min(crossing)
    best_start, best_length, start = 0, 0, None
    for i, value in enumerate([*crossing, fewest + 1]):
        if value == fewest and start is None:
            start = i
        elif value != fewest and start is not None:
            if i - start > best_length:
                best_start, best_length = start, i - start
            start = None
    return (
        xs[best_start + (best_length - 1) // 2]
        if best_length % 2
        else ((xs[best_start + best_length // 2 - 1] + xs[best_start + best_length // 2]) / 2)
    )


def same_header(columns: Columns, carried: Columns) -> bool:
    """The header of the page before, printed again: the same columns, in the same places or
    under the same labels (the OCR may read a label a little differently)."""
    if len(columns.edges) != len(carried.edges):
        return False
    span = max(abs(carried.edges[-1] - carried.edges[0]), 1.0) if carried.edges else 1.0
    placed = all(
        abs(a - b) < 0.05 * span for a, b in zip(columns.edges, carried.edges, strict=True)
    )
    labelled = sum(
        1
        for a, b in zip(columns.labels, carried.labels, strict=True)
        if _squeezed(a) == _squeezed(b)
    )
    return placed or labelled >= 0.7 * len(carried.labels)


def _squeezed(label: str) -> str:
    return re.sub(r"[^0-9a-z]", "", fold(label))
