"""What a plan's text says about its reporting regime and its money, beside its tables.

- The regime (chế độ báo cáo): how often agencies report and by when, from the sentences
  that ask for reports: "Định kỳ hằng năm (trước ngày 30/11) báo cáo …" (002), "định kỳ
  hàng tháng, 3 tháng, 6 tháng, 1 năm báo cáo … trước ngày 10 hàng tháng" (003), "báo cáo
  … trước 16 giờ hằng ngày" (004). Several regimes in one plan (agencies report quarterly,
  the standing body sums up every six months) give the shortest, the agencies' own; among
  yearly deadlines the earliest is the agencies' (30/11 before the consolidated 15/12).
  The result is a period kind and a due rule of `reporting.period_rules`.
- Funding: a table column "Nguồn vốn" / "Nguồn kinh phí" and "Kinh phí" / "Tổng mức đầu
  tư" (millions of đồng; "tỷ đồng" counts a thousand millions) gives each row its own; a
  sentence "Kinh phí thực hiện … được bố trí từ nguồn …" gives the rest the plan's.

No Django imports: `plan_reader` calls `plan_regime_apply` once a plan is read.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from dxtrack.ingest.document import Document, Paragraph, Table
from dxtrack.plans.drafts import ItemDraft, PlanDraft
from dxtrack.vn_text import collapse_spaces, fold

# Period kinds as `reporting.period_rules` names them, shortest first.
DAILY, WEEKLY, MONTHLY, QUARTERLY, HALF_YEARLY, YEARLY = (
    "daily",
    "weekly",
    "monthly",
    "quarterly",
    "half_yearly",
    "yearly",
)
_ORDER = (DAILY, WEEKLY, MONTHLY, QUARTERLY, HALF_YEARLY, YEARLY)
_KIND_WORDS: tuple[tuple[str, str], ...] = (
    (r"hang ngay|moi ngay", DAILY),
    (r"hang tuan|moi tuan", WEEKLY),
    (r"hang thang|moi thang", MONTHLY),
    (r"hang quy|moi quy|(?<!\d )\b0?3 thang\b", QUARTERLY),
    (r"\b0?6 thang\b|sau thang", HALF_YEARLY),
    (r"hang nam|moi nam|\b1 nam\b|(?:,|\bva) nam\b", YEARLY),
)
_HOUR = re.compile(r"truoc (\d{1,2})\s*(?:gio|h)(?:\s*(\d{2})(?:\s*phut)?)?")
_DAY_OF_MONTH = re.compile(r"truoc ngay (\d{1,2})(?!\s*/)")
_DAY_MONTH = re.compile(r"truoc ngay (\d{1,2})\s*/\s*(\d{1,2})")
_SENTENCE = re.compile(r"(?<=[.;])\s+")


@dataclass(frozen=True)
class Regime:
    kind: str
    due_rule: str  # "" leaves the kind's default
    text: str


def _kinds(folded: str) -> list[str]:
    return [kind for words, kind in _KIND_WORDS if re.search(words, folded)]


def _due_rule(kind: str, folded: str) -> str:
    if kind == DAILY and (hour := _HOUR.search(folded)):
        hours, minutes = int(hour[1]), int(hour[2] or 0)
        if hours < 24 and minutes < 60:
            return f"same_day:{hours:02d}:{minutes:02d}"
    if kind == YEARLY and (day_month := _DAY_MONTH.search(folded)):
        day, month = int(day_month[1]), int(day_month[2])
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"date:{month:02d}-{day:02d}"
    if kind in (MONTHLY, QUARTERLY, HALF_YEARLY) and (nth := _DAY_OF_MONTH.search(folded)):
        if 1 <= int(nth[1]) <= 28:
            return f"next_month:{int(nth[1])}"
    return ""


def regime_read(texts: Iterable[str]) -> Regime | None:
    """The agencies' reporting regime as the plan's sentences state it, or None."""
    found: list[Regime] = []
    for text in texts:
        for sentence in _SENTENCE.split(collapse_spaces(text)):
            folded = fold(sentence).replace("*", "")
            if "bao cao" not in folded or not ("dinh ky" in folded or "truoc" in folded):
                continue
            kinds = _kinds(folded)
            if not kinds:
                continue
            kind = min(kinds, key=_ORDER.index)
            found.append(Regime(kind=kind, due_rule=_due_rule(kind, folded), text=sentence))
    if not found:
        return None
    shortest = min(_ORDER.index(r.kind) for r in found)
    candidates = [r for r in found if _ORDER.index(r.kind) == shortest]
    dated = [r for r in candidates if r.due_rule]
    # The agencies' deadline comes before the one they feed (30/11 before 15/12).
    return min(dated, key=lambda r: r.due_rule) if dated else candidates[0]


# --------------------------------------------------------------------------- funding

_PLAN_FUNDING = re.compile(
    r"kinh phi (?:thuc hien|trien khai)[^.]*?(?:duoc )?(?:bo tri|dam bao|su dung) tu "
    r"(?:cac )?(?:nguon )?"
)
_SOURCE_LABELS = ("nguon von", "nguon kinh phi")
_BUDGET_LABELS = ("kinh phi", "tong muc dau tu", "du toan")
_NAME_LABELS = ("nhiem vu", "du an", "ten", "noi dung", "chuong trinh")
_AMOUNT = re.compile(r"\d[\d.,]*")


def plan_funding_read(texts: Iterable[str]) -> str:
    """The plan's own funding source ("Ngân sách nhà nước theo phân cấp …"), or ""."""
    for text in texts:
        # Composed and single-spaced, the text folds character by character.
        text = collapse_spaces(unicodedata.normalize("NFC", text)).replace("*", "")
        folded = fold(text)
        found = _PLAN_FUNDING.search(folded)
        if found is None:
            continue
        # Folding keeps every character in place, so the match's end points into `text`.
        rest = text[found.end() :].split(".")[0].strip(" ,;:")
        if rest:
            return (rest[:1].upper() + rest[1:])[:255]
    return ""


def budget_read(text: str) -> Decimal | None:
    """An amount in millions of đồng: "15.000", "6.250,5", "1,5 tỷ đồng" (1.500)."""
    folded = fold(text)
    found = _AMOUNT.search(folded)
    if found is None:
        return None
    digits = found[0].rstrip(".,")
    if "," in digits:
        digits = digits.replace(".", "").replace(",", ".")
    elif digits.count(".") > 1 or re.fullmatch(r"\d{1,3}(?:\.\d{3})+", digits):
        digits = digits.replace(".", "")
    try:
        amount = Decimal(digits)
    except InvalidOperation:
        return None
    return amount * 1000 if "ty" in folded.split() else amount


def _column(header: list[str], labels: tuple[str, ...], *, avoid: tuple[str, ...] = ()) -> int:
    for index, label in enumerate(header):
        folded = fold(label)
        if any(word in folded for word in labels) and not any(w in folded for w in avoid):
            return index
    return -1


def _funding_rows(tables: list[Table]) -> dict[str, tuple[str, Decimal | None]]:
    """Item name (folded) → (funding source, budget) from tables with such columns."""
    found: dict[str, tuple[str, Decimal | None]] = {}
    for table in tables:
        if not table.rows:
            continue
        for depth in (1, 2):
            header = [
                " ".join(cells).strip()
                for cells in zip(*(r.cells for r in table.rows[:depth]), strict=False)
            ]
            source = _column(header, _SOURCE_LABELS)
            budget = _column(header, _BUDGET_LABELS, avoid=("nguon",))
            name = _column(header, _NAME_LABELS, avoid=("nguon", "kinh phi", "co quan"))
            if name >= 0 and (source >= 0 or budget >= 0):
                break
        else:
            continue
        for row in table.rows[depth:]:
            key = fold(collapse_spaces(row.cell(name)))
            if not key:
                continue
            found[key] = (
                collapse_spaces(row.cell(source))[:255] if source >= 0 else "",
                budget_read(row.cell(budget)) if budget >= 0 else None,
            )
    return found


def plan_regime_apply(document: Document, draft: PlanDraft) -> None:
    """Fill the draft's regime and its items' funding from what the document says."""
    texts = [block.text for block in document.blocks if isinstance(block, Paragraph)]
    regime = regime_read(texts)
    if regime is not None:
        draft.report_kind = regime.kind
        draft.report_due_rule = regime.due_rule
    rows = _funding_rows([block for block in document.blocks if isinstance(block, Table)])
    default = plan_funding_read(texts)
    items: list[ItemDraft] = [*draft.tasks, *draft.duties, *draft.projects]
    for item in items:
        source, budget = rows.get(fold(collapse_spaces(item.name)), ("", None))
        item.funding_source = source or item.funding_source or default
        item.budget = budget if budget is not None else item.budget
