"""What a plan table's columns hold, read from their header labels.

Plans label the same column many ways ("TT", "STT"; "Chủ trì", "Cơ quan chủ
trì", "Cơ quan, đơn vị chủ trì"; "Thời gian", "Thời gian thực hiện",
"Thời hạn"). Labels are folded (no case, no diacritics) and matched on the
words that carry the meaning, so an unseen wording of a known column still
maps.
"""

import re
from dataclasses import dataclass, field

from dxtrack.vn_text import fold

NUMBER = "number"
NAME = "name"
UNIT = "unit"
LEAD = "lead"
COORDINATING = "coordinating"
IMPLEMENTERS = "implementers"
RESULT = "result"
TIMEFRAME = "timeframe"
TARGET = "target"
YEAR = "year"  # a year column under a phasing header: x marks the years a project runs
IGNORED = "ignored"  # report columns of a blank form: assessment, completion, notes

_YEAR_SPAN = re.compile(r"(?<!\d)(20\d\d)(?:\s*[-–—‐‑]\s*(20\d\d))?(?!\d)")

# Order matters: the first rule whose words all occur in the folded label wins.
_RULES: list[tuple[str, tuple[str, ...]]] = [
    (IGNORED, ("danh gia cua",)),
    (IGNORED, ("muc do hoan thanh",)),
    (IGNORED, ("ket qua chi tiet",)),
    (IGNORED, ("ghi chu",)),
    (IGNORED, ("kho khan",)),
    (IGNORED, ("de xuat",)),
    (IGNORED, ("ngay hoan thanh",)),
    (IGNORED, ("kinh phi",)),
    (COORDINATING, ("phoi hop",)),
    (LEAD, ("chu tri",)),
    (TIMEFRAME, ("thoi gian",)),
    (TIMEFRAME, ("thoi han",)),
    (TIMEFRAME, ("tien do",)),
    (IMPLEMENTERS, ("thuc hien",)),
    (LEAD, ("don vi", "bao cao")),
    (LEAD, ("co quan",)),
    (LEAD, ("chu dau tu",)),  # the owner of a project
    (UNIT, ("don vi",)),
    (UNIT, ("dvt",)),  # "ĐVT", the usual abbreviation of "Đơn vị tính"
    (NAME, ("chi tieu",)),
    (NAME, ("chi so",)),  # "Chỉ số" of an index plan (DTI): its indicators
    (NAME, ("nhiem vu",)),
    (NAME, ("noi dung",)),
    (NAME, ("du an",)),
    (NAME, ("giai phap",)),
    (NAME, ("ten",)),
    (TARGET, ("muc tieu",)),
    (RESULT, ("ket qua",)),
    (RESULT, ("san pham",)),
    (IGNORED, ("danh gia",)),
]
_NUMBER_LABELS = {"tt", "stt", "so tt", "so thu tu"}


def _words(label: str) -> str:
    return " " + re.sub(r"[^0-9a-z]+", " ", fold(label)).strip() + " "


def label_role(label: str) -> str | None:
    """The role of a column from its own label alone (no parent header)."""
    return role_by_rules(label, _RULES)


def role_by_rules(label: str, rules: list[tuple[str, tuple[str, ...]]]) -> str | None:
    """NUMBER for a numbering column's label, else the role of the first of `rules` whose
    folded words all stand in `label` as whole words, else None."""
    words = _words(label)
    if words.strip() in _NUMBER_LABELS:
        return NUMBER
    for role, needles in rules:
        if all(f" {needle} " in words for needle in needles):
            return role
    return None


def milestone_of(label: str) -> str | None:
    """The year or phase a label names: "Đến hết năm 2025" -> "2025", "Giai đoạn 2026-2027"
    -> "2026-2027"; None when it names none."""
    match = _YEAR_SPAN.search(label)
    if not match:
        return None
    return f"{match.group(1)}-{match.group(2)}" if match.group(2) else match.group(1)


# The two ends of a time frame split under "Thời gian thực hiện" ("Bắt đầu" | "Kết thúc").
_TIME_ENDS = {"bat dau", "ket thuc", "khoi cong", "hoan thanh", "tu nam", "den nam"}


def looks_like_header_label(text: str) -> bool:
    """A short cell that names a column: a known label, an end of a time frame, or a
    year/milestone."""
    stripped = text.strip()
    if not stripped or len(stripped) > 60:
        return False
    if label_role(stripped) is not None or " ".join(_words(stripped).split()) in _TIME_ENDS:
        return True
    return milestone_of(stripped) is not None and len(stripped) <= 25


@dataclass
class Column:
    index: int
    label: str
    role: str | None
    parent: str = ""
    milestone: str | None = None


@dataclass
class Layout:
    """The columns of one table, and which rows of it are header rows."""

    columns: list[Column]
    header_rows: int
    signature: tuple[str, ...] = field(default=())

    def index(self, role: str) -> int | None:
        for column in self.columns:
            if column.role == role:
                return column.index
        return None

    def indexes(self, role: str) -> list[int]:
        return [c.index for c in self.columns if c.role == role]

    @property
    def kind(self) -> str:
        """ "indicators", "projects" or "tasks"."""
        name = next((c for c in self.columns if c.role == NAME), None)
        if self.indexes(YEAR):
            return "projects"
        if name is not None and any(w in fold(name.label) for w in ("chi tieu", "chi so")):
            return "indicators"
        if self.indexes(TARGET) and self.index(TIMEFRAME) is None:
            return "indicators"
        return "tasks"


def is_header_row(cells: list[str]) -> bool:
    filled = [c for c in cells if c.strip()]
    if len(filled) < 2:
        return False
    first = fold(cells[0]).strip(" .")
    known = sum(1 for c in filled if label_role(c) is not None)
    return (first in _NUMBER_LABELS and known >= 1) or known >= max(2, len(filled) - 1)


def _is_subheader_row(top: list[str], cells: list[str]) -> bool:
    """The second line of a two-level header: years under "Kết quả", or the real
    labels under a spanning caption, with the number cell empty.

    Something in the upper row must span: it has fewer cells, or an empty cell over
    a filled one. Otherwise the row is the table's first (heading) row.
    """
    if cells and cells[0].strip():
        return False
    filled = [c for c in cells if c.strip()]
    if not filled or not all(looks_like_header_label(c) for c in filled):
        return False
    return len(top) < len(cells) or any(
        text.strip() and (index >= len(top) or not top[index].strip())
        for index, text in enumerate(cells)
    )


def _combine(top: list[str], sub: list[str]) -> list[tuple[str, str]]:
    """(label, parent) per column from a two-level header.

    When the lower row has more cells, the upper row's spanning cell sits over
    the lower row's filled middle; leading and trailing empty cells of the
    lower row take the upper row's labels from the left and right edges.
    """
    if len(sub) <= len(top):
        combined = []
        parent = ""
        for index, label in enumerate(top):
            lower = sub[index].strip() if index < len(sub) else ""
            if label.strip():
                parent = label.strip()
            combined.append((lower, parent) if lower else (label.strip(), ""))
        return combined
    lead = next((i for i, c in enumerate(sub) if c.strip()), len(sub))
    trail = next((i for i, c in enumerate(reversed(sub)) if c.strip()), 0)
    combined = []
    for index, lower in enumerate(sub):
        if index < lead:
            combined.append((top[index].strip() if index < len(top) else "", ""))
        elif index >= len(sub) - trail:
            from_right = len(sub) - index
            combined.append((top[len(top) - from_right].strip(), ""))
        else:
            middle = top[lead : len(top) - trail] or [""]
            parent = next((c.strip() for c in middle if c.strip()), "")
            combined.append((lower.strip(), parent))
    return combined


def detect_layout(rows: list[list[str]]) -> Layout | None:
    """The layout of a table from its first rows, or None when no header is found."""
    for start, cells in enumerate(rows[:6]):
        if not is_header_row(cells):
            continue
        header_rows = 1
        labels = [(c.strip(), "") for c in cells]
        if start + 1 < len(rows) and _is_subheader_row(cells, rows[start + 1]):
            labels = _combine(cells, rows[start + 1])
            header_rows = 2
        columns = [_column(i, label, parent) for i, (label, parent) in enumerate(labels)]
        layout = Layout(
            columns=columns,
            header_rows=start + header_rows,
            signature=tuple(fold(label) for label, _ in labels),
        )
        for column in [c for c in columns if c.role == NAME][1:]:
            if column.milestone:
                # "Chỉ tiêu năm 2024" after "Chỉ tiêu": the year's target, not a second name.
                column.role = TARGET
        if layout.kind == "indicators":
            # In an indicator table "Kết quả" is the result to reach: the target.
            for column in columns:
                if column.role == RESULT:
                    column.role = TARGET
            _baseline_apart(columns)
        elif layout.index(LEAD) is None:
            # Tasks and projects have no implementers of their own: a table whose only agency
            # column is "Đơn vị thực hiện" names the agencies in charge.
            for column in columns:
                if column.role == IMPLEMENTERS:
                    column.role = LEAD
        return layout
    return None


def _baseline_apart(columns: list[Column]) -> None:
    """Beside the milestones grouped under "Mục tiêu", a column "Kết quả năm 2025" standing
    on its own is what was already reached (the baseline), not a target."""
    grouped = [
        c for c in columns if c.role == TARGET and c.parent and label_role(c.parent) == TARGET
    ]
    if not grouped:
        return
    for column in columns:
        if column.role == TARGET and not column.parent and label_role(column.label) == RESULT:
            column.role = IGNORED


def _column(index: int, label: str, parent: str) -> Column:
    role = label_role(label)
    milestone = milestone_of(label)
    if milestone and role == IMPLEMENTERS and label_role(parent) not in (TARGET, RESULT):
        # "Thực hiện năm 2025", "Ước thực hiện 2025": an agency column never names a year;
        # this one holds what was reached that year.
        return Column(index=index, label=label, role=IGNORED, parent=parent, milestone=milestone)
    parent_role = label_role(parent) if parent else None
    if milestone and (role in (None, TARGET, RESULT) or parent_role in (TARGET, RESULT)):
        phasing = (parent and "phan ky" in fold(parent)) or parent_role == TIMEFRAME
        role = YEAR if phasing else TARGET
    elif parent_role in (NAME, TIMEFRAME) and role is None:
        # "Thời gian thực hiện" over "Bắt đầu" | "Kết thúc": both ends make the time frame.
        role = parent_role
    return Column(index=index, label=label, role=role, parent=parent, milestone=milestone)
