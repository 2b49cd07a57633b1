"""An agency cell's entries as the plan writes them, whatever the directory made of them.

The directory answers one entry per agency: a cell naming "Sở Thông tin và Truyền thông,
Sở Khoa học và Công nghệ" (the former name and the successor) comes back with the first
only, and a unit it does not know, "Cục Thông tin, Thống kê", comes back cut at its comma.
A plan keeps what the document says (spec/plan-json: one entry per agency or group named,
in the order written), so both are put back here. Pure: no Django imports.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from dxtrack.plans.drafts import AgencyRef
from dxtrack.vn_text import collapse_spaces, fold

__all__ = ["agency_refs_as_written"]

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


def agency_refs_as_written(text: str, refs: list[AgencyRef], resolve: Resolve) -> list[AgencyRef]:
    """`refs` (the directory's reading of the cell `text`) with the entries it folded into
    an earlier one put back, and an unknown name cut at a comma joined again."""
    return _join_cut_names(text, _restore_repeats(text, refs, resolve))


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
