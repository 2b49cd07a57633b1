"""The agency directory as a name resolver: from what a plan's agency cell says to the
agencies and groups of the directory, as they are today.

Pure Python (no Django): the importer uses it on a fresh machine, the database builds it
with `services.directory_from_db`, and tests drive it directly.

A cell such as "Sở TT&TT; các Sở, ban ngành; UBND cấp huyện, cấp xã" is read in three steps:

1. split on what always separates names: ";", bullets, a dash left dangling at the end;
2. within each part, commas, line breaks and "và" may separate names or belong to one
   ("Sở Văn hóa, Thể thao và Du lịch", "UBND các xã, phường, đặc khu", "Sở Khoa\\nhọc và
   Công nghệ"), so the part is cut into tokens at each of them and the segmentation that
   resolves the most text wins (dynamic programming over the tokens);
3. each resolved name follows the 2025 successions to today's agency or group.

Nothing is guessed: text that matches no key comes back with `agency=None, group=None`.

The keys names are matched on are in `name_keys`; the cutting of a cell in `cell_segments`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from dxtrack.agencies.cell_segments import (
    DISTRIBUTIVE,
    clean_text,
    split_weak,
    starts_name,
    strong_segments,
)
from dxtrack.agencies.name_keys import (
    accented_words,
    core_key,
    match_key,
    unglued_key,
    words_key,
    words_match_key,
)
from dxtrack.vn_text import fold

BUNDLED_PATH = Path(__file__).resolve().parent / "data" / "directory.json"

# Vietnam has no daylight saving time: a fixed offset is exact.
_VIETNAM = dt.timezone(dt.timedelta(hours=7))
# Successions chain at most a few times (district → commune); this only stops cycles.
_MAX_SUCCESSION_STEPS = 20
# Most tokens one directory name can span, allowing for words broken across lines.
_MIN_SPAN = 12

_COMMITTEE = "UBND "
# Heads written once for several names: "UBND cấp huyện, cấp xã" also names "UBND cấp xã".
_ELIDABLE_HEADS = ("uy ban nhan dan ", "so ")


@dataclass(frozen=True)
class Resolution:
    """One name of a cell: the words as written and what they resolve to (or neither)."""

    text: str
    agency: str | None
    group: str | None

    @property
    def resolved(self) -> bool:
        return self.agency is not None or self.group is not None


@dataclass(frozen=True)
class _Target:
    is_group: bool
    name: str


@dataclass(frozen=True)
class _Step:
    on: dt.date | None
    to: _Target


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    key: str
    weight: int
    accents: frozenset[str]


def today() -> dt.date:
    """Today's date in Vietnam."""
    return dt.datetime.now(_VIETNAM).date()


def _parse_date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


class Directory:
    """Agencies, groups, their other names and successions, indexed for resolution."""

    def __init__(self) -> None:
        self._exact: dict[str, _Target] = {}
        self._core: dict[str, _Target] = {}
        # Keys found for more than one target, per index: never resolved.
        self._ambiguous_exact: dict[str, set[_Target]] = {}
        self._ambiguous_core: dict[str, set[_Target]] = {}
        self._next: dict[_Target, _Step] = {}
        self._suggestions: list[tuple[str, _Target]] = []
        self._agencies: set[str] = set()
        self._groups: set[str] = set()
        self._max_span = _MIN_SPAN
        self._lookups: dict[str, _Target | frozenset[_Target] | None] = {}
        self._accents: dict[_Target, set[str]] = {}
        self._cells: dict[tuple[str, dt.date], list[Resolution]] = {}
        self._segments: dict[str, list[tuple[str, _Target | None]]] = {}

    # ------------------------------------------------------------------ building

    @classmethod
    def from_records(cls, data: Mapping[str, Any]) -> Directory:
        """Build from the shape of `data/directory.json`: "agencies" and "groups" with their
        "aliases", "successions"; dates as ISO strings or `date` objects."""
        directory = cls()
        for record in data.get("agencies", ()):
            directory._agencies.add(record["name"])
            directory._add_names(_Target(False, record["name"]), record)
        for record in data.get("groups", ()):
            directory._groups.add(record["name"])
            directory._add_names(_Target(True, record["name"]), record)
        for record in data.get("groups", ()):
            if record.get("successor"):
                directory._next[_Target(True, record["name"])] = _Step(
                    _parse_date(record.get("succeeded_on")), _Target(True, record["successor"])
                )
        for record in data.get("successions", ()):
            # Unfinished work follows the primary succession; the others record where a
            # part of the duties went (press and publishing, vocational training).
            if record.get("primary", True):
                directory._next[_Target(False, record["predecessor"])] = _Step(
                    _parse_date(record["date"]), _Target(False, record["successor"])
                )
        directory._drop_ambiguous()
        return directory

    def _add_names(self, target: _Target, record: Mapping[str, Any]) -> None:
        names = [record["name"]]
        if record.get("short_name"):
            names.append(record["short_name"])
        if record.get("kind") == "commune" and record["name"].startswith(_COMMITTEE):
            # "UBND xã Sơn Hạ" is also written "Xã Sơn Hạ", even when another unit's
            # name folds alike and so could not be stored as an alias.
            names.append(record["name"][len(_COMMITTEE) :])
        for alias in record.get("aliases", ()):
            names.append(alias["name"] if isinstance(alias, Mapping) else alias)
        for name in names:
            key = match_key(name)
            if not key:
                continue
            _index(self._exact, self._ambiguous_exact, key, target)
            core = core_key(key)
            if core:
                _index(self._core, self._ambiguous_core, core, target)
            self._suggestions.append((key, target))
            self._accents.setdefault(target, set()).update(accented_words(name))
            tokens = len(split_weak(clean_text(name))) * 2
            self._max_span = max(self._max_span, tokens)

    def _drop_ambiguous(self) -> None:
        # A key shared by two different agencies says nothing about which one is meant.
        for key in self._ambiguous_exact:
            self._exact.pop(key, None)
        for key in self._ambiguous_core:
            self._core.pop(key, None)

    # ------------------------------------------------------------------ reading

    @property
    def ambiguous_keys(self) -> dict[str, list[str]]:
        """Keys that name more than one agency or group, with the names (never resolved)."""
        found: dict[str, set[str]] = {}
        for keys in (self._ambiguous_exact, self._ambiguous_core):
            for key, targets in keys.items():
                found.setdefault(key, set()).update(t.name for t in targets)
        return {key: sorted(names) for key, names in found.items()}

    def agency_names(self) -> list[str]:
        return sorted(self._agencies)

    def group_names(self) -> list[str]:
        return sorted(self._groups)

    # ------------------------------------------------------------------ resolving

    def resolve_name(self, name: str, *, on: dt.date | None = None) -> Resolution:
        """Resolve one name, without splitting it, as of `on` (default: today)."""
        text = clean_text(name)
        target = self._lookup(words_key(text), accented_words(text))
        return self._resolution(text, target, on or today())

    def resolve_cell(self, text: str, *, on: dt.date | None = None) -> list[Resolution]:
        """Every name in an agency cell, in the order written, each resolved as of `on`.

        Unresolved names keep their text and have neither agency nor group. A name that
        resolves to an agency or group already listed in the cell is left out.
        """
        on = on or today()
        cache_key = (text, on)
        cached = self._cells.get(cache_key)
        if cached is None:
            if len(self._cells) > 50_000:
                self._cells.clear()
            cached = self._cells[cache_key] = self._resolve_cell(text, on)
        return list(cached)

    def _resolve_cell(self, text: str, on: dt.date) -> list[Resolution]:
        results: list[Resolution] = []
        seen: set[tuple[str | None, str | None]] = set()
        for segment in strong_segments(text):
            pieces = self._segments.get(segment)
            if pieces is None:
                if len(self._segments) > 50_000:
                    self._segments.clear()
                pieces = self._segments[segment] = self._resolve_segment(segment)
            for piece_text, target in pieces:
                resolution = self._resolution(piece_text, target, on)
                identity = (
                    (resolution.agency, resolution.group)
                    if resolution.resolved
                    else (fold(resolution.text), None)
                )
                if identity not in seen:
                    seen.add(identity)
                    results.append(resolution)
        return results

    def _resolve_segment(self, segment: str) -> list[tuple[str, _Target | None]]:
        head = ""
        distributive = DISTRIBUTIVE.match(segment)
        if distributive:
            head = match_key(distributive.group(1)) + " "
            segment = segment[distributive.end() :]
        tokens = [
            _Token(
                start,
                end,
                words_key(segment[start:end]),
                len(segment[start:end].strip()),
                accented_words(segment[start:end]),
            )
            for start, end in split_weak(segment)
        ]
        if not tokens:
            return []
        pieces = self._segment(tokens, head)
        pieces = self._fill_elisions(tokens, pieces)
        return self._merge_unresolved(segment, tokens, pieces)

    def _segment(self, tokens: list[_Token], head: str) -> list[tuple[int, int, _Target | None]]:
        """Cut tokens into names so that the resolved text is longest, then pieces fewest."""
        count = len(tokens)
        # best[i]: (resolved weight, -pieces) of the best cut of tokens[:i], and its last cut
        best: list[tuple[tuple[int, int], int, _Target | None]] = [((0, 0), 0, None)]
        for end in range(1, count + 1):
            score, _, _ = best[end - 1]
            choice: tuple[tuple[int, int], int, _Target | None] = (
                (score[0], score[1] - 1),
                end - 1,
                None,
            )
            for start in range(max(0, end - self._max_span), end):
                words = " ".join(t.key for t in tokens[start:end] if t.key)
                target = self._lookup(head + words, tokens[start:end]) if words else None
                if target is None:
                    continue
                prior = best[start][0]
                weight = sum(t.weight for t in tokens[start:end])
                candidate = ((prior[0] + weight, prior[1] - 1), start, target)
                if candidate[0] > choice[0]:
                    choice = candidate
            best.append(choice)
        pieces: list[tuple[int, int, _Target | None]] = []
        end = count
        while end > 0:
            _, start, target = best[end]
            pieces.append((start, end, target))
            end = start
        return pieces[::-1]

    def _fill_elisions(
        self, tokens: list[_Token], pieces: list[tuple[int, int, _Target | None]]
    ) -> list[tuple[int, int, _Target | None]]:
        """ "UBND cấp huyện, cấp xã": try the head of the name before on an unmatched one."""
        filled = list(pieces)
        for i in range(1, len(filled)):
            start, end, target = filled[i]
            previous_start, previous_end, previous_target = filled[i - 1]
            if target is not None or previous_target is None:
                continue
            previous_key = " ".join(t.key for t in tokens[previous_start:previous_end] if t.key)
            for prefix in _ELIDABLE_HEADS:
                if previous_key.startswith(prefix):
                    words = " ".join(t.key for t in tokens[start:end] if t.key)
                    found = self._lookup(prefix + words, tokens[start:end])
                    if found is not None:
                        filled[i] = (start, end, found)
                    break
        return filled

    def _merge_unresolved(
        self, segment: str, tokens: list[_Token], pieces: list[tuple[int, int, _Target | None]]
    ) -> list[tuple[str, _Target | None]]:
        """Report unmatched words name by name: join runs that continue one name."""
        merged: list[tuple[int, int, _Target | None]] = []
        for start, end, target in pieces:
            if (
                target is None
                and merged
                and merged[-1][2] is None
                and not starts_name(segment[tokens[start].start : tokens[end - 1].end])
            ):
                merged[-1] = (merged[-1][0], end, None)
            else:
                merged.append((start, end, target))
        out: list[tuple[str, _Target | None]] = []
        for start, end, target in merged:
            text = clean_text(segment[tokens[start].start : tokens[end - 1].end])
            if text:
                out.append((text, target))
        return out

    def _lookup(self, words: str, accents: frozenset[str] | list[_Token]) -> _Target | None:
        found: _Target | frozenset[_Target] | Literal[False] | None = self._lookups.get(
            words, False
        )
        if found is False:
            if len(self._lookups) > 50_000:
                self._lookups.clear()
            found = self._lookups[words] = self._find(words)
        if isinstance(found, frozenset):
            if isinstance(accents, list):
                accents = frozenset().union(*(t.accents for t in accents))
            return self._by_accents(found, accents)
        return found

    def _find(self, words: str) -> _Target | frozenset[_Target] | None:
        """The target of a words key, or the candidates when several share the key."""
        key = words_match_key(words)
        if not key:
            return None
        keys = [(key, core_key(key))]
        unglued = unglued_key(key)
        if unglued != key:
            keys.append((unglued, core_key(unglued) or unglued))
        for exact, core in keys:
            if exact in self._exact:
                return self._exact[exact]
            if exact in self._ambiguous_exact:
                return frozenset(self._ambiguous_exact[exact])
            if core and core in self._core:
                return self._core[core]
            if core and core in self._ambiguous_core:
                return frozenset(self._ambiguous_core[core])
        return None

    def _by_accents(
        self, candidates: frozenset[_Target], accents: frozenset[str]
    ) -> _Target | None:
        """Among names that fold alike ("Sơn Hà", "Sơn Hạ"), the one written with the same
        accents; none when the text does not tell them apart."""
        scores = sorted(
            ((len(accents & self._accents.get(t, set())), t.name, t) for t in candidates),
            reverse=True,
        )
        if len(scores) > 1 and scores[0][0] == scores[1][0]:
            return None
        return scores[0][2] if scores and scores[0][0] > 0 else None

    def _resolution(self, text: str, target: _Target | None, on: dt.date) -> Resolution:
        if target is None:
            return Resolution(text=text, agency=None, group=None)
        target = self._follow(target, on)
        if target.is_group:
            return Resolution(text=text, agency=None, group=target.name)
        return Resolution(text=text, agency=target.name, group=None)

    def _follow(self, target: _Target, on: dt.date) -> _Target:
        for _step in range(_MAX_SUCCESSION_STEPS):
            step = self._next.get(target)
            if step is None or (step.on is not None and step.on > on):
                break
            target = step.to
        return target

    # ------------------------------------------------------------------ suggesting

    def suggest(self, name: str, limit: int = 5) -> list[str]:
        """Canonical names (as of today) most similar to `name`, best first, for a choice
        offered to the user when a name did not resolve."""
        key = match_key(clean_text(name))
        if not key or limit <= 0:
            return []
        words = set(key.split())
        on = today()
        scores: dict[_Target, float] = {}
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(key)
        for candidate, target in self._suggestions:
            matcher.set_seq1(candidate)
            if matcher.real_quick_ratio() < 0.3:
                continue
            shared = len(words & set(candidate.split())) / max(len(words), 1)
            score = 0.6 * matcher.ratio() + 0.4 * shared
            current = self._follow(target, on)
            if score > scores.get(current, 0.0):
                scores[current] = score
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0].name))
        return [target.name for target, score in ranked[:limit] if score >= 0.35]


def _index(
    index: dict[str, _Target], ambiguous: dict[str, set[_Target]], key: str, target: _Target
) -> None:
    known = index.setdefault(key, target)
    if known != target:
        ambiguous.setdefault(key, {known}).add(target)


def load_records(path: Path = BUNDLED_PATH) -> dict[str, Any]:
    """The directory records shipped with the product."""
    return json.loads(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def load_bundled() -> Directory:
    """The directory shipped with the product (provincial agencies and groups, no communes)."""
    return Directory.from_records(load_records())
