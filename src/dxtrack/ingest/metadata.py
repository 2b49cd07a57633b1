"""A plan's number, title, issuer, date and status, read from the text around its tables.

Administrative documents (Nghị định 30/2020) put these in fixed places: the
number ("Số: 38/KH-UBND") and the place and date in the header, the document
type in capitals over its title, and appendix captions such as "(Kèm theo
Kế hoạch số 38/KH-UBND ngày 20/02/2024 của UBND tỉnh)".
"""

import datetime as dt
import re
from dataclasses import dataclass

from dxtrack.vn_text import collapse_spaces, fold, fold_dashes

_KINDS = {
    "ke hoach hanh dong": "Kế hoạch hành động",
    "ke hoach": "Kế hoạch",
    "quyet dinh": "Quyết định",
    "chuong trinh hanh dong": "Chương trình hành động",
    "chuong trinh": "Chương trình",
    "de an": "Đề án",
    "bao cao": "Báo cáo",
    "chi thi": "Chỉ thị",
}
# A symbol starts with the document's number: "38/KH-UBND", "411/QĐ-TTg", "13-NQ/TU"; a number
# typed into the form's blank keeps the blank's spaces: "Số: 05  /KH-UBND"; a legal document
# carries its year: "33/2025/QĐ-TTg".
_SYMBOL = r"(\d+[\w.]*(?:\s*-\s*[\w.]+)*\s*/\s*[\w\u0110\u0111.]+(?:\s*[-/]\s*[\w\u0110\u0111.]+)*)"
_NUMBER_LINE = re.compile(rf"^\s*Số\s*:?\s*{_SYMBOL}", re.IGNORECASE)
_CAPTION = re.compile(
    rf"Kèm theo\s+(?:[^()]*?)\bsố\s*:?\s*(?:{_SYMBOL})?[^()]*?ngày\s*(\d{{1,2}}/\d{{1,2}}/\d{{4}})?"
    r"[^()]*?của\s+([^()]+)\)",
    re.IGNORECASE,
)
_DATE_NUMERIC = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_DATE_WORDS = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
_PROVINCE = re.compile(r"tỉnh\s+((?:[A-ZĐ][\wà-ỹ]*\s?){1,3})")
# The issuing body's line in capitals: "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI".
_PROVINCE_CAPS = re.compile(r"\bTỈNH\s+(?![ỦU][YỶ]\b)([^\W\d_]+(?:\s+[^\W\d_]+){1,2})")
_TITLE_STOPS = (
    "can cu",
    "thuc hien",
    "tren co so",
    "chu tich",
    "uy ban",
    "ubnd",
    "so:",
    "i.",
    "phu luc",
    "(kem theo",
    "kinh gui",
    "noi nhan",
)
_REFERENCE = re.compile(
    r"(Nghị quyết|Quyết định|Kế hoạch hành động|Kế hoạch|Chỉ thị|Chương trình|Thông báo)\s+"
    rf"(?:số\s+)?{_SYMBOL}",
    re.IGNORECASE,
)


# "Kế hoạch này … thay thế Kế hoạch số 45/KH-UBND …", "Bãi bỏ Quyết định số 12/QĐ-UBND …":
# the sentence must speak of this document ("… này", "có hiệu lực … và thay thế") or open
# with the verb, so a task
# that replaces something ("thay thế cách quản lý …") is not read as the plan's own act.
_REPLACING_SENTENCE = re.compile(
    r"(?:\b(?:này|có hiệu lực|hiệu lực thi hành)\b[^.;]*?\b(?:thay thế|bãi bỏ)\b"
    r"|^\W*(?:điều \d+\.\s*)?(?:thay thế|bãi bỏ)\b)"
    r"(?P<rest>[^.]*)",
    re.IGNORECASE,
)

_LIST_JOIN = re.compile(
    r"\s*(?:ngày\s*[\d/]+\s*)?(?:của\s+(?:UBND|Ủy ban nhân dân|Chủ tịch)[^,;]{0,40}?)?"
    r"\s*(?:,|;|và|,\s*và)\s*",
    re.IGNORECASE,
)


@dataclass
class PlanMetadata:
    number: str | None = None
    title: str | None = None
    kind: str | None = None
    issuer: str | None = None
    date: dt.date | None = None
    status: str | None = None
    implements: str | None = None
    replaces: list[str] | None = None


def _parse_date(day: str, month: str, year: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _symbol(text: str) -> str:
    return re.sub(r"\s*([-/])\s*", r"\1", text.strip().rstrip("."))


def _issuer(text: str, province: str | None) -> str:
    folded = fold(text)
    if "ubnd" in folded or "uy ban nhan dan" in folded:
        if " tinh" in f" {folded}" or "chu tich" in folded:
            return f"UBND tỉnh {province}" if province else "UBND tỉnh"
    return collapse_spaces(text).rstrip(".")


def _province(paragraphs: list[str]) -> str | None:
    counts: dict[str, int] = {}
    for text in paragraphs:
        names = [match.group(1) for match in _PROVINCE.finditer(text)]
        capitals = [match.group(1) for match in _PROVINCE_CAPS.finditer(text)]
        names += [name.title() for name in capitals if name.isupper()]
        for name in names:
            name = name.strip()
            if len(name.split()) >= 2:
                name = " ".join(name.split()[:2])
                counts[name] = counts.get(name, 0) + 1
    return max(counts, key=lambda k: counts[k]) if counts else None


def _title(paragraphs: list[str]) -> tuple[str | None, str | None]:
    for index, text in enumerate(paragraphs[:20]):
        key = fold(text).strip(" .:")
        if key not in _KINDS:
            continue
        kind = _KINDS[key]
        parts: list[str] = []
        for following in paragraphs[index + 1 : index + 6]:
            folded = fold(following)
            if not following.strip() or folded.startswith(_TITLE_STOPS) or len(following) > 600:
                break
            parts.append(following.strip())
        if not parts:
            return kind, kind
        rest = collapse_spaces(" ".join(parts))
        head = text.strip() if rest.isupper() else kind
        return kind, f"{head} {rest}"
    return None, None


def read_metadata(paragraphs: list[str]) -> PlanMetadata:
    """What the paragraphs say about the plan; fields stay None when they say nothing."""
    meta = PlanMetadata()
    province = _province(paragraphs)
    meta.kind, meta.title = _title(paragraphs)
    if any(fold(p).strip(" .") == "du thao" for p in paragraphs[:8]):
        meta.status = "draft"

    for text in paragraphs[:15]:
        match = _NUMBER_LINE.match(fold_dashes(text))
        if match:
            meta.number = _symbol(match.group(1))
            break
    for text in paragraphs:
        caption = _CAPTION.search(fold_dashes(collapse_spaces(text)))
        if caption:
            symbol, day_text, issuer = caption.groups()
            if symbol and not meta.number:
                meta.number = _symbol(symbol)
            if day_text and not meta.date:
                meta.date = _parse_date(*day_text.split("/"))
            if not meta.issuer:
                meta.issuer = _issuer(issuer, province)
            break
    if meta.date is None:
        for text in paragraphs[:15]:
            match = _DATE_WORDS.search(text)
            if match:
                meta.date = _parse_date(*match.groups())
                break
    if meta.issuer is None:
        head = paragraphs[:10]
        for index, text in enumerate(head):
            folded = fold(text)
            if folded.startswith(("uy ban nhan dan", "chu tich uy ban nhan dan", "ubnd")):
                # The header block often breaks the body's name: "ỦY BAN NHÂN DÂN" / "TỈNH …".
                following = head[index + 1] if index + 1 < len(head) else ""
                if fold(following).startswith("tinh "):
                    text = f"{text} {following}"
                meta.issuer = _issuer(text, province)
                break
    meta.replaces = _replaced(paragraphs, meta.number) or None
    if meta.title:
        reference = _REFERENCE.search(fold_dashes(meta.title))
        if reference:
            meta.implements = f"{reference.group(1).capitalize()} số {_symbol(reference.group(2))}"
    return meta


def _replaced(paragraphs: list[str], own_number: str | None) -> list[str]:
    """The documents this one replaces or repeals, each "Kế hoạch số 45/KH-UBND", in the
    order written."""
    found: list[str] = []
    for text in paragraphs:
        cleaned = fold_dashes(collapse_spaces(text))
        for sentence in _REPLACING_SENTENCE.finditer(cleaned):
            rest = sentence.group("rest")
            end = None
            for reference in _REFERENCE.finditer(rest):
                # Only a list continues the act: "… số 45/KH-UBND ngày 10/3/2025 và Kế hoạch
                # số 46/…"; "… của UBND tỉnh thực hiện Nghị quyết số 03/NQ-CP" describes it.
                if end is not None and not _LIST_JOIN.fullmatch(rest[end : reference.start()]):
                    break
                end = reference.end()
                name = f"{reference.group(1).capitalize()} số {_symbol(reference.group(2))}"
                if _symbol(reference.group(2)) != own_number and name not in found:
                    found.append(name)
    return found
