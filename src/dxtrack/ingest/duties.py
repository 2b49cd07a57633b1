"""The duties a plan gives each agency under "Tổ chức thực hiện", read from its body.

Plans end with a part "IV. TỔ CHỨC THỰC HIỆN" whose numbered paragraphs name an agency
("2. Sở Tài chính", "3. Sở Nội vụ: Chủ trì …", "4. Đề nghị Báo và Phát thanh, Truyền hình …:")
and say what it must do, on the same line after a colon, in the paragraph below it or in
the bullets under it. Each such paragraph whose heading resolves to an agency or group is a
duty of that agency: the words after the number are its name when the duty is written on
the same line, else the paragraph or bullets below (joined with a space). A closing
paragraph ("Trong quá trình tổ chức thực hiện…", "Kế hoạch này thay thế…") ends the part.

Pure: no Django imports; the agency cell resolver is passed in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from dxtrack.plans.drafts import AgencyRef, TaskDraft
from dxtrack.vn_text import collapse_spaces, fold

__all__ = ["DUTY_ORIGIN", "body_duties"]

DUTY_ORIGIN = "duty"

_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
_PART = re.compile(r"^(?P<label>[IVXLC]+)[.)]\s+(?P<title>.+)$")
_DUTIES_TITLE = re.compile(r"^to chuc thuc hien\b")
_NUMBERED = re.compile(r"^(?P<number>\d{1,2})[.)]\s+(?P<text>\S.*)$")
_BULLET = re.compile(r"^\s*(?:[-–—+•*·▪●◦]|[a-zđ]\))\s*")
_ENDS = ("noi nhan", "phu luc", "tm. ", "kt. ", "tm ", "kt ")
# Where the agency's name ends when the duty follows on the same line without a colon.
_NAME_END = re.compile(
    r"\s(?:là|chủ trì|có trách nhiệm|chịu trách nhiệm|phối hợp|tham mưu|thực hiện|triển khai|"
    r"theo dõi|hướng dẫn|căn cứ|cân đối|bố trí)\b|,\s",
    re.IGNORECASE,
)
_LEAD_IN = re.compile(r"^(?:đề nghị|trách nhiệm của|giao)\s+", re.IGNORECASE)
# Duties are given to an agency through its head: "Thủ trưởng các sở", "Chủ tịch UBND …".
_PEOPLE = re.compile(r"\b(?:thủ trưởng|giám đốc|chủ tịch|trưởng)\s+(?=\S)", re.IGNORECASE)
_TRAILING = re.compile(r"\s*(?:có trách nhiệm|chịu trách nhiệm)\s*:?\s*$", re.IGNORECASE)
_MAX_HEADING_WORDS = 25

RefsOf = Callable[[str], list[AgencyRef]]


@dataclass
class _Duty:
    number: str
    agency_text: str
    line: int
    inline: str
    body: list[str] = field(default_factory=list)
    bullets: bool = False


def body_duties(
    paragraphs: Sequence[tuple[str, int]], refs_of: RefsOf
) -> tuple[list[TaskDraft], list[tuple[int, str]]]:
    """The duties under "Tổ chức thực hiện" as tasks of origin "duty", and the (line,
    agency text) of numbered paragraphs whose agency is not known (for warnings)."""
    section = ""
    duties: list[_Duty] = []
    inside = False
    for raw, line in paragraphs:
        text = _MARKDOWN_HEADING.sub("", collapse_spaces(raw))
        if not text:
            continue
        part = _PART.match(text)
        folded = fold(text)
        if part:
            if inside:
                break
            if _DUTIES_TITLE.match(fold(part.group("title")).strip(" .*:")):
                inside = True
                section = f"{part.group('label')} {part.group('title').strip(' *:')}"
            continue
        if not inside:
            continue
        if folded.startswith(_ENDS):
            break
        numbered = _NUMBERED.match(text)
        if numbered:
            agency, inline = _split_heading(numbered.group("text"))
            duties.append(
                _Duty(number=numbered.group("number"), agency_text=agency, line=line, inline=inline)
            )
            continue
        if not duties:
            continue
        current = duties[-1]
        bullet = _BULLET.match(text)
        if bullet:
            current.body.append(text[bullet.end() :])
            current.bullets = True
        elif not current.inline and not current.body:
            current.body.append(text)
        else:
            break  # a closing paragraph ends the part
    found: list[TaskDraft] = []
    unknown: list[tuple[int, str]] = []
    for duty in duties:
        # Duties are given through an agency's head; the agency is what resolves.
        agency = _PEOPLE.sub("", duty.agency_text)
        refs = refs_of(agency) if agency else []
        if not any(r.resolved for r in refs):
            if not duty.inline:
                # A heading naming someone we do not know; a numbered sentence that does
                # not start with an agency ("1. Trên cơ sở …") is no duty at all.
                unknown.append((duty.line, duty.agency_text))
            continue
        name = collapse_spaces(" ".join([duty.inline, *duty.body]))
        if not name:
            continue
        found.append(
            TaskDraft(
                section=[section],
                number=duty.number,
                name=name,
                line=duty.line,
                appendix="",
                lead=refs,
                lead_text=duty.agency_text,
                origin=DUTY_ORIGIN,
            )
        )
    return found, unknown


def _split_heading(text: str) -> tuple[str, str]:
    """(the agency as written, the duty written on the same line or "")."""
    text = _LEAD_IN.sub("", text.strip(" *"))
    head, colon, rest = text.partition(":")
    if colon and len(head.split()) <= _MAX_HEADING_WORDS:
        return _TRAILING.sub("", head).strip(" *"), rest.strip(" *")
    end = _NAME_END.search(text)
    words = len(text.split())
    if not text.endswith(".") and (
        words <= _MAX_HEADING_WORDS // 2
        or (words <= _MAX_HEADING_WORDS and (end is None or end.group().startswith(",")))
    ):
        # A heading of its own: "10. Thủ trưởng các sở, ban, ngành, Chủ tịch UBND các xã".
        return _TRAILING.sub("", text).strip(" *"), ""
    if end is None:
        return "", text
    # "Sở Khoa học và Công nghệ là cơ quan thường trực, chủ trì …": the whole sentence is
    # the duty, its subject the agency.
    return text[: end.start()].strip(), text
