"""The shape of a corpus plan: its paragraphs, appendix tables and the rows a reader must
return, each field as written."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "EX",
    "TOTAL",
    "UNSCORED_ROLES",
    "A",
    "Agencies",
    "Appendix",
    "CorpusPlan",
    "ExpectedRow",
    "H",
    "R",
    "Row",
    "expected_rows",
]

# Columns a reader must leave out of the items: the year already reached in an indicator
# table ("Kết quả năm 2025"), the budget and its source, notes.
UNSCORED_ROLES = frozenset({"baseline", "budget", "note"})


@dataclass(frozen=True)
class Agencies:
    """An agency cell: the names as written, in order, and the separator between them (a
    line break, maybe with a bullet, makes a cell of several lines)."""

    names: tuple[str, ...]
    sep: str = "; "

    def __str__(self) -> str:
        # A separator "\n- " lists the names as bullets, the first one too.
        bullet = self.sep.lstrip("\n") if self.sep.startswith("\n") else ""
        return bullet + self.sep.join(self.names)


Cell = str | Agencies


@dataclass(frozen=True)
class Row:
    """One appendix row. `heading`: printed bold, opens a section. `item`: a row the reader
    must return (a heading that names a lead is both). `example`: a form's "Ví dụ:" row.
    `rest`: what the page after a break holds of this row (the TT cell empty there)."""

    cells: tuple[Cell, ...]
    heading: bool = False
    item: bool = True
    example: bool = False
    rest: tuple[str, ...] = ()

    def whole(self) -> tuple[Cell, ...]:
        """The row's cells with the part after a page break put back."""
        if not self.rest:
            return self.cells
        joined: list[Cell] = []
        for index, cell in enumerate(self.cells):
            extra = self.rest[index] if index < len(self.rest) else ""
            if extra and isinstance(cell, Agencies):
                raise ValueError("a page break inside an agency cell is not described")
            joined.append(f"{cell} {extra}".strip() if extra else cell)
        return tuple(joined)


def H(*cells: Cell, item: bool = False) -> Row:
    """A heading row (bold)."""
    return Row(cells=cells, heading=True, item=item)


def R(*cells: Cell, rest: tuple[str, ...] = ()) -> Row:
    return Row(cells=cells, rest=rest)


def TOTAL(*cells: Cell) -> Row:
    """A totals row ("Tổng cộng" and the sum of the budget column): not an item."""
    return Row(cells=cells, item=False)


def EX(*cells: Cell) -> Row:
    return Row(cells=cells, item=False, example=True)


def A(*names: str, sep: str = "; ") -> Agencies:
    return Agencies(names=names, sep=sep)


@dataclass(frozen=True)
class Appendix:
    title: str
    caption: tuple[str, ...]
    header: tuple[str, ...]
    # What each column holds: number, name, lead, coordinating, implementers, result,
    # timeframe, unit, "target:<milestone>", or one of UNSCORED_ROLES.
    roles: tuple[str, ...]
    rows: tuple[Row, ...]
    kind: str  # "tasks" or "indicators"
    landscape: bool = False
    # The lower row of a two-level header: "" under a label that spans both rows; in
    # `header`, "" right of a label that spans several columns ("Cơ quan thực hiện" over
    # "Chủ trì" and "Phối hợp").
    subheader: tuple[str, ...] = ()

    def spans(self) -> list[tuple[int, int]]:
        """(first column, column count) of each upper header cell."""
        found: list[tuple[int, int]] = []
        for index, label in enumerate(self.header):
            if label or not found:
                found.append((index, 1))
            else:
                first, count = found[-1]
                found[-1] = (first, count + 1)
        return found


@dataclass(frozen=True)
class Para:
    text: str
    bold: bool = False


@dataclass(frozen=True)
class CorpusPlan:
    slug: str
    head: tuple[Para, ...]
    body: tuple[Para, ...]
    appendices: tuple[Appendix, ...]
    # What the reader must make of the text around the tables.
    number: str | None = None
    replaces: str | None = None
    duties: tuple[tuple[str, str], ...] = ()  # (number, agency as written)
    body_targets: int = 0


@dataclass(frozen=True)
class ExpectedRow:
    kind: str
    number: str
    fields: dict[str, object] = field(default_factory=dict)


def _value(cell: Cell) -> object:
    if isinstance(cell, Agencies):
        return list(cell.names)
    return cell


def expected_rows(plan: CorpusPlan) -> list[ExpectedRow]:
    """The rows every format must give, each field as written."""
    found = []
    for appendix in plan.appendices:
        for row in appendix.rows:
            if not row.item:
                continue
            cells = row.whole()
            fields: dict[str, object] = {}
            number = ""
            for role, cell in zip(appendix.roles, cells, strict=False):
                if role == "number":
                    number = str(cell).rstrip(".")
                    continue
                if role in UNSCORED_ROLES:
                    continue
                value = _value(cell)
                if role in ("lead", "coordinating", "implementers") and isinstance(value, str):
                    value = [value] if value else []
                fields[role] = value
            found.append(ExpectedRow(kind=appendix.kind, number=number, fields=fields))
    return found
