"""An agency cell's entries as the plan writes them, whatever the directory made of them.

The directory answers one entry per agency: a cell naming "Sở Thông tin và Truyền thông,
Sở Khoa học và Công nghệ" (the former name and the successor) comes back with the first
only, and a unit it does not know, "Cục Thông tin, Thống kê", comes back cut at its comma.
A plan keeps what the document says (spec/plan-json: one entry per agency or group named,
in the order written), so both are put back here, and two pieces the directory cut apart
are joined again where the writing makes them one name: an office of two bodies sharing
the level written after the second ("Văn phòng HĐND và UBND xã"), and an enumeration
continued after a comma in lower case ("Các thôn, tổ dân phố", "UBND các xã, thị trấn").
Pure: no Django imports.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from dxtrack.agencies.cell_segments import starts_name
from dxtrack.plans.drafts import AgencyRef
from dxtrack.vn_text import collapse_spaces, fold

__all__ = ["agency_lines_unwrapped", "agency_refs_as_written"]

_SEPARATORS = " \t\n,;.:-–—+/&()"
_JOINER = re.compile(r"^[\s,;.:\-–—+/&()]*(?:và|cùng|với)?[\s,;.:\-–—+/&()]*$", re.IGNORECASE)
# The words an organisation's name starts with; an unknown piece that starts otherwise
# ("Thống kê" after "Cục Thông tin,") is the rest of the name before it.
_HEAD_WORDS = frozenset(
    fold(w)
    for w in (
        "Sở Ban Bộ Cục Vụ Viện Văn phòng Trung tâm Thanh tra Công an UBND Ủy ban Tổng cục "
        "Các Trường Bệnh viện Đài Báo Hội Liên đoàn Tỉnh Huyện Xã Phường Phòng Chi cục Quỹ "
        "Hiệp hội Đảng Đoàn Doanh nghiệp Công ty Ngân hàng Kho bạc Bảo hiểm Học viện Đại học "
        "Tập đoàn Tổng công ty Bộ Chỉ huy Cơ quan Đơn vị Hợp tác xã Nhà Khu Cảng Kiểm toán "
        "Tòa án Viện kiểm sát Mặt trận HĐND VNPT Viettel MobiFone FPT Bưu điện Điện lực"
    ).split()
)

Resolve = Callable[[str], Sequence[Any]]

# A line ending in a dash or "và" leaves its name open: "Phòng Văn hóa -" / "Xã hội".
_OPEN_END = re.compile(r"(?:\s[-–—]|\svà|&)$", re.IGNORECASE)
_DASH_START = re.compile(r"^\s*[-–—]\s")
# Kinds of bodies, which never stand as a name without what follows them.
_KINDS_ALONE = frozenset(
    fold(w)
    for w in (
        "Văn phòng",
        "Sở",
        "Phòng",
        "Trung tâm",
        "Ban",
        "Cục",
        "Vụ",
        "Chi cục",
        "Tổng cục",
        "Công an",
        "Ủy ban nhân dân",
        "Ủy ban",
        "Bộ",
        "Viện",
        "Trường",
        "Bệnh viện",
        "Kho bạc",
        "Hợp tác xã",
        "Mặt trận",
        "Hội",
        "Đoàn",
    )
)

# A council or committee named without its level ("Văn phòng HĐND"), then "và" and the
# other body with the level both share ("UBND xã").
_BODY_WITHOUT_LEVEL = re.compile(
    r"(?:HĐND|UBND|Hội đồng nhân dân|Ủy ban nhân dân|Uỷ ban nhân dân|ĐBQH)$", re.IGNORECASE
)
_BODY_WITH_LEVEL = re.compile(r"^(?:UBND|HĐND|Hội đồng nhân dân|Ủy ban nhân dân|Uỷ ban nhân dân)\s")
_AND = re.compile(r"^\s*(?:,\s*)?và\s+$")
# The plural a list of bodies opens with: "Các thôn", "UBND các xã", "các cơ quan".
_ENUMERATION = re.compile(r"^(?:(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+)?các\s", re.IGNORECASE)


def agency_lines_unwrapped(text: str, resolve: Resolve) -> str:
    """The cell with the line breaks of a narrow column's wrapping taken out.

    A name starts with a capital ("Sở", "UBND", "Các") or with a plural "các" the directory
    knows ("các sở, ban, ngành"); a line starting otherwise ("hội", "xã", "phòng Bộ", "các
    tỉnh, thành phố" after "Sở Nông nghiệp và Môi trường") is the rest of the line above,
    as a PDF's text lays out a cell too narrow for it. So is the line after a kind of body
    left without its name ("Văn phòng" / "HĐND và UBND xã") and after a dash or "và"
    ("Phòng Văn hóa -" / "Xã hội")."""
    text = _bullets_on_one_line(text, resolve)
    if "\n" not in text:
        return text
    lines = text.split("\n")
    # In a cell listing its names as bullets every line opens with one; otherwise a line
    # opening with a dash is a name's dash wrapped ("Phòng Văn hóa" / "- Xã hội").
    bulleted = _DASH_START.match(lines[0]) is not None
    joined = [lines[0]]
    for line in lines[1:]:
        stripped = line.strip()
        first = stripped[:1]
        previous = joined[-1].rstrip()
        last_piece = fold(re.split(r"[,;]", previous)[-1]).strip(" -–—+•")
        wrapped = bool(stripped) and (
            last_piece in _KINDS_ALONE
            or _OPEN_END.search(previous) is not None
            or (not bulleted and _DASH_START.match(stripped) is not None)
            or (
                bool(previous)
                and first.isalpha()
                and first.islower()
                and previous[-1:] not in ",;:."
                and not (
                    stripped.lower().startswith("các ")
                    and any(r.agency or r.group for r in resolve(stripped))
                )
            )
        )
        if wrapped:
            joined[-1] = f"{previous} {stripped}"
        else:
            joined.append(line)
    return "\n".join(joined)


def _bullets_on_one_line(text: str, resolve: Resolve) -> str:
    """ "- Công an tỉnh - UBND các huyện, …": a bulleted cell a text extraction put on one
    line; its dashes are bullets again when every piece is a name the directory knows (a
    dash inside a name, "Phòng Văn hóa - Xã hội", leaves a piece it does not know)."""
    if "\n" in text or not _DASH_START.match(text):
        return text
    pieces = [p.strip() for p in re.split(r"\s[-–—]\s", " " + text.strip() + " ") if p.strip()]
    if len(pieces) < 2 or not all(
        (found := resolve(piece)) and all(r.agency or r.group for r in found) for piece in pieces
    ):
        return text
    return "\n".join(f"- {piece}" for piece in pieces)


def agency_refs_as_written(text: str, refs: list[AgencyRef], resolve: Resolve) -> list[AgencyRef]:
    """`refs` (the directory's reading of the cell `text`) with the entries it folded into
    an earlier one put back, and an unknown name cut at a comma joined again."""
    refs = _restore_repeats(text, refs, resolve)
    refs = _join_shared_names(text, _join_cut_names(text, refs))
    return _split_run_together(refs, resolve)


def _identity(ref: AgencyRef) -> tuple[str | None, str | None]:
    return (ref.agency, ref.group)


def _restore_repeats(text: str, refs: list[AgencyRef], resolve: Resolve) -> list[AgencyRef]:
    cell = collapse_spaces(text)
    if not refs:
        return refs
    spans: list[tuple[int, int]] = []
    cursor = 0
    for ref in refs:
        start = cell.find(ref.text, cursor)
        if start < 0:
            return refs  # the directory rewrote a name: nothing to place the gaps against
        spans.append((start, start + len(ref.text)))
        cursor = start + len(ref.text)
    known = {_identity(r) for r in refs if r.resolved}
    result: list[AgencyRef] = []
    previous_end = 0
    for ref, (start, end) in zip(refs, spans, strict=True):
        result += _repeats_in(cell[previous_end:start], known, resolve)
        result.append(ref)
        previous_end = end
    result += _repeats_in(cell[previous_end:], known, resolve)
    return result


def _repeats_in(gap: str, known: set[tuple[str | None, str | None]], resolve: Resolve):
    if _JOINER.match(gap) or not any(c.isalpha() for c in gap):
        return []
    restored = []
    for found in resolve(gap.strip(_SEPARATORS)):
        ref = AgencyRef(text=found.text, agency=found.agency, group=found.group)
        if ref.resolved and _identity(ref) in known:
            restored.append(ref)
    return restored


def _join_cut_names(text: str, refs: list[AgencyRef]) -> list[AgencyRef]:
    cell = collapse_spaces(text)
    lines = " ".join(line.strip() for line in text.splitlines())
    result: list[AgencyRef] = []
    for ref in refs:
        if result and not ref.resolved and not result[-1].resolved:
            # Two unknown names parted by a line break alone: one name wrapped in a narrow
            # column ("Văn phòng" / "Bộ"), not a list, which a plan separates by punctuation.
            wrapped = f"{result[-1].text} {ref.text}"
            if f"{result[-1].text}\n{ref.text}" in text and wrapped in lines:
                result[-1] = AgencyRef(text=wrapped, agency=None, group=None)
                continue
        # Also when the rest alone matches a short name ("Thống kê" is the province's
        # statistics office): no organisation's name starts without its head word.
        if result and not result[-1].resolved:
            joined = f"{result[-1].text}, {ref.text}"
            words = fold(ref.text).split()
            if joined in cell and words and words[0] not in _HEAD_WORDS and ref.text[:1].isupper():
                result[-1] = AgencyRef(text=joined, agency=None, group=None)
                continue
        result.append(ref)
    return result


def _join_shared_names(text: str, refs: list[AgencyRef]) -> list[AgencyRef]:
    cell = collapse_spaces(text)
    result: list[AgencyRef] = []
    cursor = 0
    previous_start = previous_end = -1
    for ref in refs:
        start = cell.find(ref.text, cursor)
        if start < 0:
            return refs  # the directory rewrote a name: nothing to measure the gaps against
        end = start + len(ref.text)
        if result and previous_end >= 0:
            gap = cell[previous_end:start]
            joined = _shared(result[-1], ref, gap)
            if joined is not None:
                result[-1] = AgencyRef(
                    text=cell[previous_start:end], agency=joined.agency, group=joined.group
                )
                previous_end = cursor = end
                continue
        result.append(ref)
        previous_start, previous_end = start, end
        cursor = end
    return result


def _shared(before: AgencyRef, after: AgencyRef, gap: str) -> AgencyRef | None:
    """What `before` and `after` name together when the writing makes them one name (the
    resolution the whole keeps), or None when they are two."""
    if (
        not before.resolved
        and _BODY_WITHOUT_LEVEL.search(before.text)
        and _AND.match(gap)
        and _BODY_WITH_LEVEL.match(after.text)
    ):
        return AgencyRef(text="", agency=None, group=None)
    # "Các thôn, tổ dân phố", and "Các Cục, Vụ liên quan": the kinds a plural lists share
    # what follows the last of them.
    bare_plural = not before.resolved and len(before.text.split()) == 2
    # A piece the directory knows ("địa phương" after "Các sở, ban, ngành") stands alone.
    if (
        gap.strip() == ","
        and not after.resolved
        and _ENUMERATION.match(before.text)
        and (after.text[:1].islower() or bare_plural)
        and not _ENUMERATION.match(after.text)
    ):
        return before
    return None


def _split_run_together(refs: list[AgencyRef], resolve: Resolve) -> list[AgencyRef]:
    """An unknown piece that is two known names run together ("Công an tỉnh Bảo hiểm xã hội
    tỉnh", a list of lines an extraction put on one line) is those two names."""
    result: list[AgencyRef] = []
    for ref in refs:
        result += _known_names_in(ref, resolve) if not ref.resolved else [ref]
    return result


def _known_names_in(ref: AgencyRef, resolve: Resolve, depth: int = 0) -> list[AgencyRef]:
    words = ref.text.split(" ")
    if depth > 3 or len(words) < 2:
        return [ref]
    for cut in range(1, len(words)):
        rest = " ".join(words[cut:])
        if not rest[:1].isupper() or not starts_name(rest):
            continue
        left = _known(" ".join(words[:cut]), resolve)
        if left is None:
            continue
        right = _known(rest, resolve)
        tail = (
            [right]
            if right is not None
            else _known_names_in(AgencyRef(text=rest, agency=None, group=None), resolve, depth + 1)
        )
        if right is not None or len(tail) > 1:
            return [left, *tail]
    return [ref]


def _known(text: str, resolve: Resolve) -> AgencyRef | None:
    found = list(resolve(text))
    if len(found) != 1 or found[0].text != text or not (found[0].agency or found[0].group):
        return None
    return AgencyRef(text=found[0].text, agency=found[0].agency, group=found[0].group)
