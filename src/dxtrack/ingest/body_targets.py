"""Indicators a plan writes as bullet lines in its body rather than in a table.

Plans such as 001 list their targets under headings like "1.1. Mục tiêu cơ bản đến năm
2025", "1.2. Mục tiêu cơ bản đến năm 2030" or "Mục tiêu giai đoạn 2026-2027", one target per
bullet, grouped under "a) …", "b) …". Each bullet becomes a target at the heading's
milestone; the same indicator written under two milestones becomes one indicator with a
target at each; a bullet holding several targets ("Trên 90% hồ sơ … cấp tỉnh; 80% hồ sơ …
cấp huyện và 70% hồ sơ … cấp xã được xử lý …") becomes one target per clause.

Pure: no Django imports. Works on paragraph texts only, so any reader's `Document` will do.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from dxtrack.ingest.columns import milestone_of
from dxtrack.plans.drafts import IndicatorDraft, TargetDraft
from dxtrack.plans.numbering import parse_number
from dxtrack.plans.targets import parse_target
from dxtrack.plans.vn_numbers import NUMBER_PATTERN
from dxtrack.vn_text import collapse_spaces, fold

__all__ = ["BodyTarget", "body_indicators", "body_targets", "split_targets"]

_BULLET = re.compile(r"^\s*(?:[-–—+•*·▪●◦]|\u2022)\s*")
# "1.1. Mục tiêu …", "I. MỤC TIÊU", "a) Về …", "2) …", "Phần A".
_NUMBERED_HEADING = re.compile(r"^(?P<label>[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])[.)]\s+(?P<title>\S.*)$")
_LETTER_HEADING = re.compile(r"^(?P<label>[a-zđ])\)\s+(?P<title>\S.*)$")
_OBJECTIVES = re.compile(r"\bmuc tieu\b")
# An objectives heading without a number: short, no sentence after it.
_UNNUMBERED_OBJECTIVES = re.compile(r"^mục tiêu\b[^.;:]{0,100}:?$", re.IGNORECASE)
# A clause that opens with a target: an optional cue, then a number (a percentage).
_CUE = (
    r"(?:(?:phấn đấu|phần đấu|đạt|tối thiểu|ít nhất|không dưới|không ít hơn|trên|hơn|"
    r"dưới|tối đa|không quá|khoảng|gần|xấp xỉ|có|≥|>=|>|≤|<=|<|~)\s*)*"
)
_CLAUSE_START = re.compile(
    rf"(?:;\s*|,\s*|\s+và\s+)(?={_CUE}{NUMBER_PATTERN}\s*%)",
    re.IGNORECASE,
)
_LEADING_TARGET = re.compile(rf"^{_CUE}{NUMBER_PATTERN}\s*%\s*", re.IGNORECASE)
# Where the predicate shared by all clauses starts in the last one.
_PREDICATE = re.compile(
    r"\s(?=(?:được|có|sử dụng|tham gia|thực hiện|kết nối|đạt|hoàn thành)\b)", re.IGNORECASE
)
# A bullet that opens with its own milestone: "Đến năm 2030, …".
_OWN_MILESTONE = re.compile(r"^(?:đến|tới|trong)\s+(?:hết\s+)?năm\s+\d{4}\s*,\s*", re.IGNORECASE)
# Words that carry the target, not the indicator: left out when comparing two bullets.
_NOT_NAME_WORDS = frozenset(
    "phan dau dat toi thieu it nhat khong duoi tren hon duoi toi da qua khoang gan xap xi "
    "va cac cua tai trong".split()
)
_PAIRING_THRESHOLD = 0.6


@dataclass(frozen=True)
class BodyTarget:
    """One target as a bullet writes it, with where it stands in the body."""

    text: str
    milestone: str
    section: tuple[str, ...]
    line: int


@dataclass
class _Heading:
    label: str
    title: str
    depth: int

    @property
    def path_entry(self) -> str:
        return f"{self.label} {self.title}".strip()


@dataclass
class _Scope:
    milestone: str
    depth: int
    outer: list[str] = field(default_factory=list)
    group: str = ""


def body_targets(paragraphs: Sequence[tuple[str, int]]) -> list[BodyTarget]:
    """The targets written as bullets under the "Mục tiêu" headings that name a milestone.

    `paragraphs` are (text, line) in document order. A bullet holding several targets gives
    one entry per target."""
    found: list[BodyTarget] = []
    outer: list[_Heading] = []
    scope: _Scope | None = None
    for raw, line in paragraphs:
        text = collapse_spaces(raw)
        if not text:
            continue
        heading = _heading(text)
        if heading is None and _UNNUMBERED_OBJECTIVES.match(text):
            # "Mục tiêu cụ thể đến năm 2026" on a line of its own: a heading one level under
            # the part it stands in.
            heading = _Heading(label="", title=text.rstrip(": "), depth=_deeper(outer))
        if heading is not None and not _BULLET.match(text):
            if scope is not None and heading.depth == 99:
                scope.group = heading.path_entry
                continue
            while outer and outer[-1].depth >= heading.depth:
                outer.pop()
            milestone = milestone_of(heading.title)
            if _OBJECTIVES.search(fold(heading.title)) and milestone:
                scope = _Scope(
                    milestone=milestone,
                    depth=heading.depth,
                    outer=[h.path_entry for h in outer],
                )
            elif scope is not None and heading.depth <= scope.depth:
                scope = None
            outer.append(heading)
            continue
        if scope is None:
            continue
        body = _BULLET.sub("", text) if _BULLET.match(text) else text
        if not body or body.endswith(":"):
            continue  # "Phấn đấu đến năm 2025, tỉnh đạt các mục tiêu sau:"
        milestone = scope.milestone
        own = _OWN_MILESTONE.match(body)
        if own:
            milestone = milestone_of(own.group()) or milestone
            body = body[own.end() :]
            body = body[:1].upper() + body[1:]
        section = tuple(scope.outer + ([scope.group] if scope.group else []))
        for clause in split_targets(body):
            found.append(BodyTarget(text=clause, milestone=milestone, section=section, line=line))
    return found


def split_targets(text: str) -> list[str]:
    """The targets one bullet holds, each a sentence of its own.

    "Trên 90% hồ sơ công việc tại cấp tỉnh; 80% hồ sơ công việc tại cấp huyện và 70% hồ sơ
    công việc tại cấp xã được xử lý trên môi trường mạng." gives three sentences, each
    ending with the predicate the bullet writes once, at its end. A bullet with one target
    (or none) is returned as it is."""
    starts = [m.end() for m in _CLAUSE_START.finditer(text)]
    if not starts:
        return [text]
    bounds = [0, *starts, len(text)]
    clauses = [text[bounds[i] : bounds[i + 1]] for i in range(len(bounds) - 1)]
    clauses = [re.sub(r"(?:[;,]|\s+và)\s*$", "", c).strip() for c in clauses]
    if not all(clauses):
        return [text]
    first_target = _first_target_at(clauses[0])
    subject = clauses[0][:first_target].strip() if first_target else ""
    last = clauses[-1]
    predicate = ""
    after_number = _LEADING_TARGET.match(last)
    if after_number:
        found = _PREDICATE.search(last, after_number.end())
        if found:
            predicate = last[found.start() :].strip()
    result = []
    for index, clause in enumerate(clauses):
        sentence = clause
        if index > 0 and subject:
            sentence = f"{subject} {sentence}"
        if index < len(clauses) - 1 and predicate:
            sentence = f"{sentence.rstrip(' .')} {predicate}"
        result.append(sentence[:1].upper() + sentence[1:])
    return result


def _first_target_at(clause: str) -> int | None:
    match = re.search(rf"{_CUE}{NUMBER_PATTERN}\s*%", clause, re.IGNORECASE)
    if match is None:
        return None
    return match.start()


def _deeper(outer: list[_Heading]) -> int:
    depths = [h.depth for h in outer if h.depth != 99]
    return depths[-1] + 1 if depths else 1


def _heading(text: str) -> _Heading | None:
    letter = _LETTER_HEADING.match(text)
    if letter and len(text) < 250:
        return _Heading(label=letter.group("label"), title=letter.group("title"), depth=99)
    match = _NUMBERED_HEADING.match(text)
    if not match or len(text) > 250:
        return None
    label = match.group("label")
    if len(label) == 1 and label.islower():
        return None  # "a. …" rarely heads a section in plans' bodies; bullets use "a)".
    number = parse_number(label)
    if number is None:
        return None
    return _Heading(label=label, title=match.group("title").strip(), depth=number.rank)


def _words(text: str) -> frozenset[str]:
    words = re.findall(r"[^\W\d_]+", fold(text))
    return frozenset(w for w in words if w not in _NOT_NAME_WORDS)


def _likeness(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def body_indicators(paragraphs: Sequence[tuple[str, int]]) -> list[IndicatorDraft]:
    """Indicators from the body's target bullets, one per indicator however many milestones
    name it: a bullet under a later milestone joins the most alike bullet of an earlier one
    (by the words that are left when the figures and cues are taken out), each at most
    once. The indicator keeps the first bullet's words as its name and every bullet as the
    text of its target."""
    targets = body_targets(paragraphs)
    milestones: list[str] = []
    for target in targets:
        if target.milestone not in milestones:
            milestones.append(target.milestone)
    groups: list[list[BodyTarget]] = []
    for milestone in milestones:
        current = [t for t in targets if t.milestone == milestone]
        candidates = sorted(
            (
                (_likeness(_words(group[0].text), _words(target.text)), gi, ti)
                for gi, group in enumerate(groups)
                for ti, target in enumerate(current)
                if all(t.milestone != milestone for t in group)
            ),
            key=lambda c: (-c[0], c[1], c[2]),
        )
        taken_groups: set[int] = set()
        taken_targets: set[int] = set()
        for score, gi, ti in candidates:
            if score < _PAIRING_THRESHOLD:
                break
            if gi in taken_groups or ti in taken_targets:
                continue
            groups[gi].append(current[ti])
            taken_groups.add(gi)
            taken_targets.add(ti)
        groups.extend([t] for ti, t in enumerate(current) if ti not in taken_targets)
    groups.sort(key=lambda g: g[0].line)
    indicators = []
    for group in groups:
        first = group[0]
        drafts = []
        for target in group:
            parsed = parse_target(target.text)
            drafts.append(
                TargetDraft(
                    milestone=target.milestone,
                    text=target.text,
                    comparator=parsed.comparator if parsed else None,
                    value=parsed.value if parsed else None,
                    unit=parsed.unit if parsed else None,
                    high=parsed.high if parsed else None,
                )
            )
        units = {d.unit for d in drafts if d.unit}
        indicators.append(
            IndicatorDraft(
                section=list(first.section),
                number="",
                name=first.text,
                line=first.line,
                appendix="",
                unit=units.pop() if len(units) == 1 else None,
                targets=drafts,
            )
        )
    return indicators
