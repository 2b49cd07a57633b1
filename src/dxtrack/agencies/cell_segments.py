"""A plan's agency cell cut into the places where names may start and end: what always
separates names (";", bullets, a dash left dangling at the end), and the weak separators
(commas, line breaks, "và") that may separate names or belong to one. Which of the weak
cuts hold is the directory's choice (`Directory.resolve_cell`). No Django imports."""

from __future__ import annotations

import re

from dxtrack.vn_text import collapse_spaces, fold

BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[·•▪◦●○■□➢➤✓]|[-+*](?=\s))\s*")
# A dash at the very end, alone or followed by a repeat of the last word
# ("Sở Nông nghiệp và Môi trường –trường"): an editing leftover, not a name.
_TRAILING_DASH = re.compile(r"\s*[-–—]\s*([^\s\-–—]*)\s*$")
# "Các sở: Y tế, Giáo dục và Đào tạo, Tài chính" names three departments.
DISTRIBUTIVE = re.compile(r"^\s*(?:các\s+)?(sở)\s*:\s*", re.IGNORECASE)
TEXT_EDGES = " \t\n.,;:-–—·•"
# Words that start a new name, so unmatched words are reported name by name
# ("Sở Khoa học và Công nghệ tỉnh Kon Tum" stays one name, "Sở A, Sở B" are two).
_NAME_START = re.compile(
    r"^(?:các|sở|ubnd|ủy ban|uỷ ban|ban|bộ|cục|chi cục|công an|công ty|văn phòng|trường|"
    r"bệnh viện|báo|đài|ngân hàng|hội|hiệp hội|liên đoàn|tỉnh|thanh tra|bảo hiểm|"
    r"trung tâm|viện|doanh nghiệp|tổ|phòng|vụ|tổng cục|hợp tác xã|kho bạc|mặt trận|"
    r"đoàn|tập đoàn|tổng công ty|học viện|đại học|tòa án|toà án|huyện đoàn|huyện ủy|"
    r"thành đoàn|thành ủy|thị đoàn|thị ủy)\b",
    re.IGNORECASE,
)
_WEAK_SEPARATOR = re.compile(r",|\n|\s+và\s+", re.IGNORECASE)


def clean_text(text: str) -> str:
    return collapse_spaces(BOOKMARK.sub("", text)).strip(TEXT_EDGES)


def starts_name(text: str) -> bool:
    return _NAME_START.match(text) is not None


def strong_segments(text: str) -> list[str]:
    """Split a cell on what always separates names: ";" and bullets."""
    text = BOOKMARK.sub("", text).replace("\r", "")
    segments: list[str] = []
    for part in text.split(";"):
        current: list[str] = []
        for line in part.split("\n"):
            bullet = _BULLET.match(line)
            if bullet:
                if current:
                    segments.append("\n".join(current))
                current = [line[bullet.end() :]]
            else:
                current.append(line)
        if current:
            segments.append("\n".join(current))
    return [s for s in (_drop_trailing_dash(s) for s in segments) if s.strip(TEXT_EDGES)]


def _drop_trailing_dash(segment: str) -> str:
    match = _TRAILING_DASH.search(segment)
    if match is None:
        return segment
    before, leftover = segment[: match.start()], fold(match.group(1))
    if not leftover or fold(before).endswith(leftover):
        return before
    return segment


def split_weak(segment: str) -> list[tuple[int, int]]:
    """Token spans between commas, line breaks and the word "và", outside parentheses."""
    if "(" not in segment:
        spans: list[tuple[int, int]] = []
        start = 0
        for separator in _WEAK_SEPARATOR.finditer(segment):
            if segment[start : separator.start()].strip():
                spans.append(_trim(segment, start, separator.start()))
            start = separator.end()
        if segment[start:].strip():
            spans.append(_trim(segment, start, len(segment)))
        return spans
    spans = []
    depth = 0
    start = 0
    i = 0
    length = len(segment)
    lowered = segment.lower()
    while i < length:
        char = segment[i]
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            cut = 0
            if char in ",\n":
                cut = 1
            elif char.isspace() and lowered.startswith("và", i + 1):
                after = i + 3
                if after < length and segment[after].isspace():
                    cut = 4
            if cut:
                if segment[start:i].strip():
                    spans.append((start, i))
                start = i + cut
                i = start
                continue
        i += 1
    if segment[start:].strip():
        spans.append((start, length))
    return [_trim(segment, s, e) for s, e in spans]


def _trim(segment: str, start: int, end: int) -> tuple[int, int]:
    while start < end and segment[start].isspace():
        start += 1
    while end > start and segment[end - 1].isspace():
        end -= 1
    return start, end
