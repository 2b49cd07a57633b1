"""Fixtures for the agency directory tests, and a small reader of the agency cells of the
province's documents (../shared/seeds): rough on purpose, independent of the importer."""

import re
from pathlib import Path

import pytest

from dxtrack.agencies.directory import load_bundled
from dxtrack.vn_text import fold

SHARED = Path(__file__).resolve().parents[3] / "shared"
SEEDS = SHARED / "seeds"
ADMIN_UNITS = SHARED / "data" / "vn-admin-units.csv"

_AGENCY_HEADERS = {
    "chu tri",
    "co quan chu tri",
    "co quan phoi hop",
    "co quan thuc hien",
    "don vi do luong bao cao",
    "co quan, don vi chu tri",
    "co quan chu tri theo doi, danh gia",
    "co quan chu tri trien khai, theo doi va danh gia",
}
_ROW_NUMBER_HEADERS = {"stt", "tt"}
_TAGS = re.compile(r"</?b>|\*\*")


def _is_agency_header(cell: str) -> bool:
    return fold(_TAGS.sub("", cell)).strip(" :") in _AGENCY_HEADERS


def _block_cells(block: str) -> list[str]:
    """000, 003: a row is a run of lines, each cell starting with a tab."""
    cells: list[str] = []
    for line in block.split("\n"):
        if line.startswith("\t"):
            cells.append(line[1:])
        elif cells:
            cells[-1] += "\n" + line
    return [cell.replace("\xa0", " ").strip() for cell in cells]


def _tab_block_agency_cells(text: str) -> list[str]:
    tables: list[tuple[list[int], int, list[list[str]]]] = []
    for block in re.split(r"\n *\n", text):
        cells = _block_cells(block)
        if not cells:
            continue
        columns = [i for i, cell in enumerate(cells) if _is_agency_header(cell)]
        if columns:
            tables.append((columns, len(cells), []))
        elif tables and fold(cells[0]) not in _ROW_NUMBER_HEADERS:
            tables[-1][2].append(cells)
    found = []
    for columns, header_width, rows in tables:
        width = max((len(r) for r in rows), default=0)
        for row in rows:
            for column in columns:
                # A header cell spanning the target columns shifts the last column: count it
                # from the end, and only in full rows (a merged cell leaves a row short).
                if column == header_width - 1:
                    index = len(row) - 1 if len(row) == width else None
                else:
                    index = column
                if index is not None and index < len(row) and row[index]:
                    found.append(row[index])
    return found


def _tab_separated_agency_cells(text: str) -> list[str]:
    """002: a row is one line of tab-separated cells; after a repeated header, a line
    starting with a tab continues the row cut by the page break."""
    columns: list[int] = []
    rows: list[tuple[list[int], list[str]]] = []
    after_header = False
    header_text = ""
    for line in text.split("\n"):
        cells = [_TAGS.sub("", c).strip() for c in line.split("\t")]
        if len(cells) < 2:
            continue
        header = [i for i, cell in enumerate(cells) if _is_agency_header(cell)]
        if header:
            # Only a header repeated at a page break continues the row above it.
            repeated = "|".join(cells) == header_text
            columns, after_header, header_text = header, repeated, "|".join(cells)
            continue
        if not columns or line.startswith("<b>"):
            after_header = False
            continue
        if not cells[0] and after_header and rows:
            previous = rows[-1][1]
            for i, cell in enumerate(cells):
                if cell and i < len(previous):
                    previous[i] = f"{previous[i]} {cell}".strip()
        elif cells[0]:
            row = [cells[i] if i < len(cells) else "" for i in range(max(columns) + 1)]
            rows.append((columns, row))
        after_header = False
    return [row[i] for row_columns, row in rows for i in row_columns if row[i]]


def _line_agency_cells(text: str) -> list[str]:
    """001: appendix rows are lines: number, content, lead, timeframe."""
    lines = text.split("\n")
    i = lines.index("Thời gian thực hiện") + 1
    found = []
    while i < len(lines):
        if re.fullmatch(r"\d+\.?", lines[i].strip()) and i + 2 < len(lines):
            found.append(lines[i + 2])
            i += 4
        else:
            i += 1
    return found


def read_seed_agency_cells() -> list[tuple[str, str]]:
    """(file prefix, cell) for every agency cell of the seed plans."""
    readers = {
        "000": _tab_block_agency_cells,
        "001": _line_agency_cells,
        "002": _tab_separated_agency_cells,
        "003": _tab_block_agency_cells,
    }
    cells = []
    for path in sorted(SEEDS.glob("*.txt")):
        reader = readers.get(path.name[:3])
        if reader:
            text = path.read_text(encoding="utf-8")
            cells.extend((path.name[:3], cell) for cell in reader(text))
    return cells


@pytest.fixture(scope="session")
def seed_agency_cells() -> list[tuple[str, str]]:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside the project")
    return read_seed_agency_cells()


@pytest.fixture(scope="session")
def directory():
    return load_bundled()
