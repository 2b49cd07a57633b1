"""The Vietnamese words an OCR'd word is checked against, and respaced with.

Built at run time, once per process, from the product's own files: the agency directory's
names, the bundled plans' text, and Debian's Vietnamese dictionary (`hunspell-vi`, installed
by `bin/setup`) when it is there. Pure: no Django.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from dxtrack.vn_text import fold

__all__ = ["Lexicon", "lexicon_default"]

_LETTERS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_DICTIONARY = Path("/usr/share/hunspell/vi_VN.dic")  # Debian's hunspell-vi


class Lexicon:
    """Vietnamese words (syllables, lower case), with their forms without diacritics, to
    tell a word read wrongly ("phàp") from one written so ("pháp")."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words: set[str] = set()
        self.by_fold: dict[str, set[str]] = {}
        for word in words:
            word = unicodedata.normalize("NFC", word).lower()
            if word and word not in self.words:
                self.words.add(word)
                self.by_fold.setdefault(fold(word), set()).add(word)

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> Lexicon:
        return cls(m.group(0) for text in texts for m in _LETTERS.finditer(text))

    def split(self, word: str) -> str:
        """A word whose spaces the OCR lost ("hồsơ", "Khoahọcvà") written with them again,
        when it is no known word but reads as known syllables one after another; otherwise
        the word as it is."""
        match = _LETTERS.fullmatch(word.rstrip(",.;:"))
        if match is None or word.lower() in self.words or word.isupper():
            return word
        letters = match.group(0)
        lower = letters.lower()
        if lower in self.words or len(lower) > 40:
            return word
        # best[i]: the fewest known syllables making up lower[:i], with where the last starts
        best: list[tuple[int, int] | None] = [None] * (len(lower) + 1)
        best[0] = (0, 0)
        for end in range(1, len(lower) + 1):
            for start in range(max(0, end - 8), end):
                previous = best[start]
                if previous is None or lower[start:end] not in self.words:
                    continue
                current = best[end]
                if current is None or previous[0] + 1 < current[0]:
                    best[end] = (previous[0] + 1, start)
        last = best[-1]
        if last is None or last[0] < 2:
            return word
        cuts = []
        end = len(lower)
        while end > 0:
            entry = best[end]
            if entry is None:  # pragma: no cover - every end on the path was reached
                return word
            cuts.append(entry[1])
            end = entry[1]
        starts = sorted(cuts)
        parts = [letters[a:b] for a, b in zip(starts, [*starts[1:], len(letters)], strict=True)]
        return " ".join(parts) + word[len(letters) :]

    def doubt(self, word: str) -> str | None:
        """Why a word is doubtful ("chữ lạ", or the known spellings), None when it is known or
        cannot be checked (a number, an abbreviation, a foreign word without diacritics)."""
        doubts = []
        for match in _LETTERS.finditer(unicodedata.normalize("NFC", word)):
            token = match.group(0)
            lower = token.lower()
            if lower in self.words or (token.isupper() and len(token) > 1):
                continue
            known = sorted(self.by_fold.get(fold(lower), ()))
            if known:
                doubts.append(f"có thể là “{'”, “'.join(known[:3])}”")
            elif fold(lower) != lower:
                doubts.append("chữ lạ")
        return "; ".join(doubts) or None


@lru_cache(maxsize=1)
def lexicon_default() -> Lexicon:
    """The agency directory's names, the bundled plans' text and, when installed, Debian's
    Vietnamese dictionary: built once per process, from the product's own files."""
    from dxtrack.agencies.directory import load_records

    root = Path(__file__).resolve().parent.parent
    texts: list[str] = []

    def strings(value: Any) -> None:
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                strings(item)
        elif isinstance(value, list):
            for item in value:
                strings(item)

    strings(load_records())
    for plan in sorted((root / "plans" / "bundled").glob("*.txt")):
        texts.append(plan.read_text(encoding="utf-8"))
    if _DICTIONARY.is_file():
        lines = _DICTIONARY.read_text(encoding="utf-8", errors="ignore").splitlines()[1:]
        texts.extend(line.split("/", 1)[0] for line in lines)
    return Lexicon.from_texts(texts)
