"""The shape every reader produces: paragraphs and tables, whatever the file format.

A text extraction, a .docx and an .xlsx all become a `Document`, so the plan
reader works on tables without knowing where they came from. A file that cannot become
one raises `UnreadableDocument`, whichever reader found out.
"""

from dataclasses import dataclass, field


class UnreadableDocument(Exception):
    """The file cannot be read as a plan; the message is for the user, in Vietnamese."""


@dataclass
class Paragraph:
    text: str
    line: int = 0
    bold: bool = False


@dataclass
class Row:
    """One table row.

    `cells` are the cell texts in column order. `merged_down` holds the indexes of
    cells that continue a vertical merge from the row above (known in .docx and
    .xlsx; a text extraction only shows them as empty). A `loose` row is a run
    of lines whose cell boundaries the source did not keep: the plan reader fits
    them to the columns. A `note` is what the reader could not make of the row, for the
    plan reader to pass on as a warning.
    """

    cells: list[str]
    line: int = 0
    bold: bool = False
    merged_down: frozenset[int] = frozenset()
    loose: bool = False
    note: str = ""

    def cell(self, index: int | None) -> str:
        if index is None or index >= len(self.cells):
            return ""
        return self.cells[index]

    @property
    def is_empty(self) -> bool:
        return not any(c.strip() for c in self.cells)


@dataclass
class Table:
    rows: list[Row] = field(default_factory=list)
    line: int = 0


Block = Paragraph | Table


@dataclass
class Document:
    name: str
    blocks: list[Block] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]
