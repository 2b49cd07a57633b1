"""From a `Document` (whatever file it came from) to a `PlanDraft`.

Works from the structure every plan appendix shares, not from any one file:
header rows (one or two levels) name the columns; row numbers and bold rows
mark sections; a header repeated after a page break continues the table above
and its first unnumbered row continues the row cut by the break; a lead cell
merged over a group of rows applies to each of them.
"""

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from dxtrack.ingest import columns as col
from dxtrack.ingest.agency_cells import agency_lines_unwrapped, agency_refs_as_written
from dxtrack.ingest.body_targets import body_indicators
from dxtrack.ingest.document import Document, Paragraph, Row, Table
from dxtrack.ingest.duties import body_duties
from dxtrack.ingest.loose_rows import loose_cells_fit
from dxtrack.ingest.metadata import read_metadata
from dxtrack.ingest.paragraph_lines import cell_text, paragraphs_unwrapped
from dxtrack.ingest.regime_text import plan_regime_apply
from dxtrack.plans.drafts import (
    AgencyRef,
    IndicatorDraft,
    ItemDraft,
    PlanDraft,
    ProjectDraft,
    TargetDraft,
    TaskDraft,
    TimeframeDraft,
)
from dxtrack.plans.numbering import Number, parse_number
from dxtrack.plans.targets import parse_target
from dxtrack.plans.timeframes import parse_timeframe
from dxtrack.vn_text import collapse_spaces, fold


class Resolution(Protocol):
    # Read-only: the directory's resolutions are frozen.
    @property
    def text(self) -> str: ...
    @property
    def agency(self) -> str | None: ...
    @property
    def group(self) -> str | None: ...


class Resolver(Protocol):
    def resolve_cell(self, text: str) -> Sequence[Resolution]: ...


_APPENDIX = re.compile(r"^(phụ lục|phần)\s*([IVXLC]+|[A-Z]|\d+)?\b\.?", re.IGNORECASE)
_BODY_HEADING = re.compile(r"^([IVX]+)\.\s+(\S.{2,200})$")
_PLACEHOLDER = re.compile(r"^[\s.…_\-–—]*$")
_EXAMPLE = re.compile(r"^[\s(-]*ví dụ\s*[:.]", re.IGNORECASE)
_TOTAL = re.compile(r"^\s*(?:tổng\s+cộng|tổng\s+số|tổng|cộng)\s*[:.]?\s*$", re.IGNORECASE)
# Sub-items lettered in lower case: "a", "b)", "c.".
_SUB_ITEM = re.compile(r"^[a-zđ][.)]?$")


@dataclass
class _Section:
    number: Number
    title: str

    @property
    def path_entry(self) -> str:
        return f"{self.number.text} {self.title}".strip()


@dataclass
class _TableState:
    """What carries over from one page of a table to the next."""

    layout: col.Layout
    appendix: str
    sections: list[_Section] = field(default_factory=list)
    last_item: ItemDraft | None = None
    last_cells: list[str] = field(default_factory=list)


def read_plan(document: Document, resolver: Resolver) -> PlanDraft:
    """Read a plan's metadata, indicators, tasks and key projects from a document."""
    lines = paragraphs_unwrapped([(p.text, p.line) for p in document.paragraphs])
    meta = read_metadata([text for text, _line in lines])
    draft = PlanDraft(
        source=document.name,
        number=meta.number,
        title=meta.title,
        issuer=meta.issuer,
        date=meta.date,
        kind=meta.kind,
        status=meta.status,
        implements=meta.implements,
        replaces=meta.replaces or [],
    )
    reader = _Reader(draft, _CachedResolver(resolver))
    for block in document.blocks:
        if isinstance(block, Paragraph):
            reader.paragraph(block)
        else:
            reader.table(block)
    if not draft.indicators:
        # A plan that tables its indicators repeats them in its body's objectives; only a
        # plan without such a table is read from the bullets.
        draft.indicators.extend(body_indicators(lines))
    duties, unknown = body_duties(lines, reader.resolver.refs)
    draft.duties.extend(duties)
    for duty in duties:
        for ref in duty.lead:
            if not ref.resolved:
                draft.warn(
                    f"Tổ chức thực hiện, dòng {duty.line}",
                    f"mục {duty.number}: không xác định được cơ quan “{ref.text}”; hãy chọn "
                    "cơ quan hoặc thêm tên gọi khác.",
                )
    for line, agency in unknown:
        if agency:
            draft.warn(
                f"Tổ chức thực hiện, dòng {line}",
                f"không xác định được cơ quan “{agency}”; đoạn này không được nhập thành "
                "trách nhiệm của cơ quan nào.",
            )
    plan_regime_apply(document, draft)
    return draft


class _CachedResolver:
    """Plans repeat the same agency cells hundreds of times."""

    def __init__(self, resolver: Resolver) -> None:
        self._resolver = resolver
        self._cache: dict[str, list[AgencyRef]] = {}

    def refs(self, text: str) -> list[AgencyRef]:
        if text not in self._cache:
            cell = agency_lines_unwrapped(text, self._resolver.resolve_cell)
            found = [
                AgencyRef(text=r.text, agency=r.agency, group=r.group)
                for r in self._resolver.resolve_cell(cell)
            ]
            found = agency_refs_as_written(cell, found, self._resolver.resolve_cell)
            self._cache[text] = found
        return self._cache[text]

    def resolves(self, text: str) -> bool:
        refs = self.refs(text)
        return bool(refs) and all(r.resolved for r in refs)


class _Reader:
    def __init__(self, draft: PlanDraft, resolver: _CachedResolver) -> None:
        self.draft = draft
        self.resolver = resolver
        self.appendix = ""
        self.appendix_caption: list[str] = []
        self.heading: _Section | None = None
        self.state: _TableState | None = None
        self.paragraphs_since_table = 0

    # -- paragraphs ---------------------------------------------------------

    def paragraph(self, paragraph: Paragraph) -> None:
        text = collapse_spaces(paragraph.text)
        if not text:
            return
        self.paragraphs_since_table += 1
        appendix = _APPENDIX.match(text)
        if appendix and len(text) < 200:
            label = appendix.group(1).capitalize()
            self.appendix = f"{label} {appendix.group(2) or ''}".strip()
            self.appendix_caption = []
            self.heading = None
            return
        heading = _BODY_HEADING.match(text)
        if heading:
            number = parse_number(heading.group(1))
            if number:
                self.heading = _Section(number=number, title=heading.group(2).strip())
                return
        if self.appendix and len(self.appendix_caption) < 4:
            self.appendix_caption.append(text)

    # -- tables -------------------------------------------------------------

    def table(self, table: Table) -> None:
        rows = [r for r in table.rows if not r.is_empty]
        if not rows:
            return
        layout = col.detect_layout([r.cells for r in rows[:6]])
        state = self.state
        continues = state is not None and self.paragraphs_since_table == 0
        if layout is None:
            if state is None or not continues:
                return
            start = 0
        elif state is not None and continues and layout.signature == state.layout.signature:
            start = layout.header_rows
        else:
            if layout.index(col.NAME) is None:
                return
            state = self.state = _TableState(layout=layout, appendix=self.appendix)
            if self.heading:
                state.sections.append(self.heading)
            start = layout.header_rows
            continues = False
        self.paragraphs_since_table = 0
        data = rows[start:]
        for index, row in enumerate(data):
            following = data[index + 1] if index + 1 < len(data) else None
            self._row(state, row, following, first_after_break=continues and index == 0)

    def _cells(self, state: _TableState, row: Row) -> list[str]:
        if row.loose:
            return loose_cells_fit(row.cells, state.layout, self.resolver.resolves)
        return row.cells

    def _row(
        self, state: _TableState, row: Row, following: Row | None, *, first_after_break: bool
    ) -> None:
        layout = state.layout
        cells = self._cells(state, row)
        if _is_repeated_header(cells, layout):
            return  # a header repeated inside the table
        number_text = _cell(cells, layout.index(col.NUMBER)).strip()
        name = _text(_cell(cells, layout.index(col.NAME)))
        if not number_text and first_after_break and state.last_item is not None:
            self._continue_item(state, cells)
            return
        number = parse_number(number_text)
        if self._is_section(layout, row, cells, number, following, state):
            if number is None:
                # An unnumbered bold heading, its text in the title cell or merged over
                # the row from the number cell: ranked like a Roman-numbered heading.
                section_number = Number(text="", kind="roman")
                name = name or _text(number_text)
            else:
                section_number = number
            _close_sections(state.sections, section_number.rank)
            is_task = _heading_names_lead(layout, cells, section_number)
            if is_task:
                # "II | Phát triển hạ tầng số | Sở KH&CN | … | Năm 2026": a heading that
                # assigns itself is a task of the section around it, and heads its items.
                self._item(state, row, cells, section_number.text, name)
            state.sections.append(_Section(number=section_number, title=name))
            if section_number.heads_section and not is_task:
                # A merged cell may run through a group row ("1", "2"), not past a heading.
                state.last_cells = []
            return
        if not name or _PLACEHOLDER.match(name):
            return
        if _EXAMPLE.match(name) and not number_text.strip(" -–."):
            return  # "Ví dụ: …" rows illustrate the row above in a form; they are not items
        if _TOTAL.match(name) and not number_text.strip(" -–."):
            return  # "Tổng cộng" sums the budget column; it is no task
        if number is not None and number.kind.startswith("arabic"):
            # Item 4 after the group "3" (whose children were 3.1, 3.2) is not in that group.
            _close_sections(
                state.sections, number.rank, keep_kinds=("letter", "roman", "roman_dotted")
            )
        number_text = number_text.rstrip(".")
        if number_text and name.startswith(number_text + " "):
            name = name[len(number_text) + 1 :]  # list numbering copied into the text
        if row.note:
            self.draft.warn(self._where(state, row), f"TT {number_text}: {row.note}")
        self._item(state, row, cells, number_text, name)

    def _is_section(
        self,
        layout: col.Layout,
        row: Row,
        cells: list[str],
        number: Number | None,
        following: Row | None,
        state: _TableState,
    ) -> bool:
        if row.bold:
            return True
        if number is None:
            return False
        if number.heads_section:
            return True
        others = [
            c
            for i, c in enumerate(cells)
            if i not in (layout.index(col.NUMBER), layout.index(col.NAME))
        ]
        if any(c.strip() for c in others) or following is None:
            return False
        next_text = _cell(self._cells(state, following), layout.index(col.NUMBER)).strip()
        next_number = parse_number(next_text)
        if number.kind == "bullet":
            # "- Ứng dụng các nền tảng số dùng chung:" over "+" rows: their group.
            return (
                next_number is not None
                and next_number.kind == "bullet"
                and next_number.text != number.text
            )
        if number.kind not in ("arabic", "arabic_dotted"):
            return False
        if _SUB_ITEM.match(next_text) or (next_number is not None and next_number.kind == "bullet"):
            # "3 Phổ cập kỹ năng số" over rows numbered "-", "+" or "a", "b": its items.
            return True
        # A group row ("1 Lĩnh vực khoa học, công nghệ") heads sub-items numbered one level
        # deeper; documents sometimes misnumber the group itself, so only depth is compared.
        return (
            next_number is not None
            and next_number.kind == "arabic_dotted"
            and next_number.text.count(".") == number.text.count(".") + 1
        )

    # -- items --------------------------------------------------------------

    def _where(self, state: _TableState, row: Row) -> str:
        return f"{state.appendix or 'Bảng'}, dòng {row.line}"

    def _agency_cell(self, state: _TableState, row: Row, cells: list[str], role: str) -> str:
        index = state.layout.index(role)
        text = _cell(cells, index).strip()
        inherited = index is not None and (
            index in row.merged_down or (role == col.LEAD and not row.merged_down)
        )
        if not text and inherited and state.last_cells:
            # A cell merged over several rows is written once, on the first of them.
            text = _cell(state.last_cells, index).strip()
        return text

    def _refs(
        self, state: _TableState, row: Row, text: str, label: str, number: str
    ) -> list[AgencyRef]:
        if _PLACEHOLDER.match(text):
            return []
        refs = self.resolver.refs(text)
        for ref in refs:
            if not ref.resolved:
                self.draft.warn(
                    self._where(state, row),
                    f"TT {number or '?'}: không xác định được cơ quan “{ref.text}” "
                    f"(cột {label}); hãy chọn cơ quan hoặc thêm tên gọi khác.",
                )
        return refs

    def _item(self, state: _TableState, row: Row, cells: list[str], number: str, name: str) -> None:
        layout = state.layout
        section = [s.path_entry for s in state.sections]
        base: dict[str, Any] = {
            "section": section,
            "number": number,
            "name": name,
            "line": row.line,
            "appendix": state.appendix,
        }
        lead_text = self._agency_cell(state, row, cells, col.LEAD)
        lead_label = _label(layout, col.LEAD)
        lead = self._refs(state, row, lead_text, lead_label, number)
        kind = layout.kind
        item: ItemDraft
        if kind == "indicators":
            implementers_text = self._agency_cell(state, row, cells, col.IMPLEMENTERS)
            unit_text = _text(_cell(cells, layout.index(col.UNIT))) or None
            targets = self._targets(state, cells, unit_text)
            if unit_text is None:
                units = {t.unit for t in targets if t.unit}
                unit_text = units.pop() if len(units) == 1 else None
            item = IndicatorDraft(
                **base,
                lead=lead,
                lead_text=lead_text,
                unit=unit_text,
                targets=targets,
                implementers=self._refs(
                    state, row, implementers_text, _label(layout, col.IMPLEMENTERS), number
                ),
                implementers_text=implementers_text,
            )
            self.draft.indicators.append(item)
        elif kind == "projects":
            years = [
                int(c.milestone.split("-")[0])
                for c in layout.columns
                if c.role == col.YEAR and c.milestone and _cell(cells, c.index).strip()
            ]
            item = ProjectDraft(**base, lead=lead, lead_text=lead_text, years=years)
            self.draft.projects.append(item)
        else:
            coordinating_text = self._agency_cell(state, row, cells, col.COORDINATING)
            result_index = layout.index(col.RESULT)
            timeframe_text = self._timeframe_cell(state, row, cells)
            item = TaskDraft(
                **base,
                lead=lead,
                lead_text=lead_text,
                coordinating=self._refs(
                    state, row, coordinating_text, _label(layout, col.COORDINATING), number
                ),
                coordinating_text=coordinating_text,
                result=_text(_cell(cells, result_index)) if result_index is not None else None,
                timeframe=_timeframe(timeframe_text),
            )
            if (
                timeframe_text
                and item.timeframe
                and not (item.timeframe.start or item.timeframe.end or item.timeframe.recurrence)
            ):
                self.draft.warn(
                    self._where(state, row),
                    f"TT {number}: không hiểu thời gian “{timeframe_text}”.",
                )
            self.draft.tasks.append(item)
        state.last_item = item
        # Padded to the header's width: a short row (trailing cells left out by the source)
        # must still hand its lead on to the rows merged under it.
        above = state.last_cells
        state.last_cells = list(cells) + [""] * (len(layout.columns) - len(cells))
        lead_index = layout.index(col.LEAD)
        if lead_index is not None and lead_index < len(state.last_cells):
            state.last_cells[lead_index] = lead_text
        for index in row.merged_down:
            # A cell merged over several rows (agencies, a time frame) hands on what it
            # inherited, so the third row of a merge gets it as the second did.
            if index < len(state.last_cells) and not state.last_cells[index].strip():
                state.last_cells[index] = _cell(above, index)

    def _timeframe_cell(self, state: _TableState, row: Row, cells: list[str]) -> str:
        """The time frame as written: its cell, or its two ends ("Bắt đầu" | "Kết thúc")
        joined by a dash; a cell merged over several rows is written on the first of them."""
        indexes = state.layout.indexes(col.TIMEFRAME)
        if indexes and all(i in row.merged_down for i in indexes) and state.last_cells:
            cells = state.last_cells
        return _timeframe_text(cells, indexes)

    def _targets(self, state: _TableState, cells: list[str], unit: str | None) -> list[TargetDraft]:
        targets = []
        for column in state.layout.columns:
            if column.role != col.TARGET:
                continue
            text = _text(_cell(cells, column.index))
            parsed = parse_target(text, unit=unit) if text else None
            targets.append(
                TargetDraft(
                    milestone=column.milestone or self._context_milestone(state) or "",
                    text=text,
                    comparator=parsed.comparator if parsed else None,
                    value=parsed.value if parsed else None,
                    unit=parsed.unit if parsed else None,
                    high=parsed.high if parsed else None,
                )
            )
        return targets

    def _context_milestone(self, state: _TableState) -> str | None:
        """A single target column takes its phase from the section or appendix title."""
        for section in reversed(state.sections):
            milestone = col.milestone_of(section.title)
            if milestone:
                return milestone
        for caption in self.appendix_caption:
            milestone = col.milestone_of(caption)
            if milestone:
                return milestone
        return None

    def _continue_item(self, state: _TableState, cells: list[str]) -> None:
        """Join the cells of a row cut by a page break to the item they continue."""
        item = state.last_item
        if item is None:
            return
        layout = state.layout
        for column in layout.columns:
            extra = _cell(cells, column.index).strip()
            if not extra:
                continue
            if column.index < len(state.last_cells):
                state.last_cells[column.index] = f"{state.last_cells[column.index]} {extra}"
            if column.role == col.NAME:
                item.name = _text(f"{item.name} {extra}")
            elif column.role == col.RESULT and isinstance(item, TaskDraft):
                item.result = _text(f"{item.result or ''} {extra}")
        # Agency cells and timeframes are re-read whole so a name cut in two resolves.
        self._reread_agencies(state, item)

    def _reread_agencies(self, state: _TableState, item: ItemDraft) -> None:
        layout = state.layout
        cells = state.last_cells
        number = item.number
        fake_row = Row(cells=cells, line=item.line)
        # Warnings about the cut halves are replaced by those about the whole cell.
        where = self._where(state, fake_row)
        self.draft.warnings[:] = [
            w
            for w in self.draft.warnings
            if not (w.where == where and w.message.startswith(f"TT {number}"))
        ]
        item.lead_text = _cell(cells, layout.index(col.LEAD)).strip() or item.lead_text
        item.lead = self._refs(state, fake_row, item.lead_text, _label(layout, col.LEAD), number)
        if isinstance(item, TaskDraft):
            item.coordinating_text = _cell(cells, layout.index(col.COORDINATING)).strip()
            item.coordinating = self._refs(
                state, fake_row, item.coordinating_text, _label(layout, col.COORDINATING), number
            )
            timeframe_text = _timeframe_text(cells, layout.indexes(col.TIMEFRAME))
            item.timeframe = _timeframe(timeframe_text)
        elif isinstance(item, IndicatorDraft):
            item.implementers_text = _cell(cells, layout.index(col.IMPLEMENTERS)).strip()
            item.implementers = self._refs(
                state, fake_row, item.implementers_text, _label(layout, col.IMPLEMENTERS), number
            )
            item.targets = self._targets(state, cells, item.unit)


def _heading_names_lead(layout: col.Layout, cells: Sequence[str], number: Number) -> bool:
    """Whether a Roman-numbered heading row names its own lead agency (a task, too)."""
    if layout.kind != "tasks" or not number.kind.startswith("roman"):
        return False
    lead = _cell(cells, layout.index(col.LEAD)).strip()
    return bool(lead) and not _PLACEHOLDER.match(lead)


def _close_sections(sections: list[_Section], rank: int, keep_kinds: tuple[str, ...] = ()) -> None:
    """Close the open sections at `rank` or deeper: a new heading or item replaces them."""
    while sections and sections[-1].number.rank >= rank:
        if sections[-1].number.kind in keep_kinds:
            break
        sections.pop()


def _cell(cells: Sequence[str], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return cells[index]


def _text(value: str) -> str:
    return cell_text(value)


def _timeframe_text(cells: Sequence[str], indexes: list[int]) -> str:
    ends: list[str] = []
    for index in indexes:
        text = _text(_cell(cells, index))
        if text and (not ends or ends[-1] != text):
            ends.append(text)
    return " - ".join(ends)


def _label(layout: col.Layout, role: str) -> str:
    index = layout.index(role)
    return layout.columns[index].label if index is not None else role


def _is_repeated_header(cells: Sequence[str], layout: col.Layout) -> bool:
    # Compared cell by cell so a data row stops at its number instead of folding every cell.
    signature = layout.signature
    return len(cells) == len(signature) and all(
        fold(c) == s for c, s in zip(cells, signature, strict=True)
    )


@functools.lru_cache(maxsize=1024)
def _timeframe(text: str) -> TimeframeDraft | None:
    # Cached: a plan writes the same few timeframes ("Năm 2026", "Thường xuyên") on many rows.
    if not text:
        return None
    parsed = parse_timeframe(text)
    return TimeframeDraft(
        text=text,
        start=parsed.start if parsed else None,
        end=parsed.end if parsed else None,
        recurrence=parsed.recurrence if parsed else None,
    )
