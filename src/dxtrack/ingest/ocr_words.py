"""The Vietnamese words an OCR'd word is checked against, and respaced with.

Built at run time, once per process, from the product's own files: the agency directory's
names, the bundled plans' text, and Debian's Vietnamese dictionary (`hunspell-vi`, installed
by `bin/setup`) when it is there. Pure: no Django.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from dxtrack.vn_text import fold

__all__ = [
    "Lexicon",
    "case_amended",
    "lexicon_default",
    "number_label_amended",
    "quarter_amended",
    "toneless",
]

_LETTERS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_DICTIONARY = Path("/usr/share/hunspell/vi_VN.dic")  # Debian's hunspell-vi
# Standard phrases of administrative texts, written for the product (decision 0216).
PHRASES = Path(__file__).resolve().parent / "data" / "word_pairs.txt"
PHRASE_WEIGHT = 2
# The marks that make a Vietnamese vowel another letter (â, ă, ơ, ư, ê, ô): kept by
# `toneless`, which drops the five tone marks and any mark Vietnamese does not write.
_VOWEL_MARKS = frozenset("\u0302\u0306\u031b")


def toneless(word: str) -> str:
    """A word, lower case, without its tone mark ("sổ" and "số" give "sô", "Ït" gives "it"):
    what two readings that differ only in the small mark above or below share."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    kept = "".join(c for c in decomposed if unicodedata.category(c) != "Mn" or c in _VOWEL_MARKS)
    return unicodedata.normalize("NFC", kept)


class Lexicon:
    """Vietnamese words (syllables, lower case), with their forms without diacritics, to
    tell a word read wrongly ("phàp") from one written so ("pháp")."""

    def __init__(
        self,
        words: Iterable[str],
        pairs: Iterable[tuple[str, str]] = (),
        names: Iterable[tuple[str, str]] = (),
    ) -> None:
        self.words: set[str] = set()
        # A capitalised syllable and the (lower-case) one after it as the product's texts write
        # them ("Cơ sở" dữ liệu quốc gia, "Công nghệ" thông tin): the start of a name.
        self.names: set[tuple[str, str]] = set(names)
        self.by_fold: dict[str, set[str]] = {}
        # The known words by their form without a tone mark: the readings a misread tone
        # mark may have meant.
        self.by_toneless: dict[str, set[str]] = {}
        # How often each syllable, and each two syllables one after the other, are written in
        # the texts the lexicon was made of: what tells which of two readings the words
        # around one mean (`ocr_context`).
        self.counts: Counter[str] = Counter()
        self.pair_counts: Counter[tuple[str, str]] = Counter(pairs)
        # Two syllables written one after the other in the product's own texts ("hằng năm",
        # "công an"): what tells a good reading of a cell from a worse one.
        self.pairs: set[tuple[str, str]] = set(self.pair_counts)
        self.pair_total = sum(self.pair_counts.values())
        for word in words:
            word = unicodedata.normalize("NFC", word).lower()
            if not word:
                continue
            self.counts[word] += 1
            if word not in self.words:
                self.words.add(word)
                self.by_fold.setdefault(fold(word), set()).add(word)
                self.by_toneless.setdefault(toneless(word), set()).add(word)
        self.word_total = sum(self.counts.values())

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> Lexicon:
        words: list[str] = []
        pairs: list[tuple[str, str]] = []
        names: set[tuple[str, str]] = set()
        for text in texts:
            tokens = [unicodedata.normalize("NFC", m.group(0)) for m in _LETTERS.finditer(text)]
            words.extend(tokens)
            # Two syllables with punctuation between them ("tin, bài") are not a pair.
            for part in re.split(r"[.,;:!?()\[\]“”\"\n]|\s[-–—]\s", text):
                lower = [
                    unicodedata.normalize("NFC", m.group(0)).lower()
                    for m in _LETTERS.finditer(part)
                ]
                pairs.extend(itertools.pairwise(lower))
            names.update(
                (a, b) for a, b in itertools.pairwise(tokens) if a.istitle() and b.islower()
            )
        return cls(words, pairs, names)

    def fit(self, texts: list[str]) -> float:
        """How well a reading of a cell fits Vietnamese as the word list knows it: known
        syllables (their case ignored, as the OCR mixes "Số" and "số"), known pairs of
        syllables counted twice, unknown letters against it; a reading of the same cell with
        more words is not favoured for its length alone."""
        tokens = [m.group(0) for text in texts for m in _LETTERS.finditer(text)]
        if not tokens:
            return 0.0
        lower = [unicodedata.normalize("NFC", t).lower() for t in tokens]
        known = sum(1 for t in lower if t in self.words)
        unknown = len(lower) - known
        pairs = sum(1 for pair in itertools.pairwise(lower) if pair in self.pairs)
        mixed = sum(1 for t in tokens if len(t) > 1 and not t.isupper() and not t.istitle())
        return known + 2 * pairs - 2 * unknown - mixed

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


# Quarters are written in Roman numerals; the OCR reads a serif "I" as "1", "l" or "|", and
# a bold "II" whose serifs join as "H".
_QUARTER_MISREAD = re.compile(
    r"(?<![^\W\d_])(Quý|quý|QUÝ)(\s+)([1Il|]{2,3}|[1Il|]V|H|[1Il|]H|H[1Il|])"
    r"(?=\s*(?:/|năm|$|[,;.]))"
)
_NUMBER_LABELS = ("TT", "STT")


def quarter_amended(text: str) -> str:
    """ "Quý 11/2026" as "Quý II/2026": after "Quý" only I to IV can stand, so two or three
    upright strokes read as "1", "l" or "|" are "II" or "III", "1V" is "IV", and "H" (the
    serifs of a bold "II" joined) is "II". A lone "1" stays as read ("Quý 1" is also
    written) unless the document writes its quarters in Roman numerals
    (`ocr_context.quarters_roman`); otherwise the review notes name it."""
    return _QUARTER_MISREAD.sub(
        lambda m: m.group(1) + m.group(2) + re.sub(r"[1l|]", "I", m.group(3).replace("H", "II")),
        text,
    )


# Letters whose capital is their small form drawn larger: at a scan's resolution Tesseract
# cannot tell "Số" from "số" by shape, only by height, and often picks the capital.
_SAME_SHAPE = frozenset("cosuvwxz")
# A Vietnamese syllable, folded: a word that is not one ("Zalo", "Covid", "Online") may be a
# foreign name written with its capital, and is left as read.
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?"
)
_SENTENCE_END = frozenset(".!?;:\n")
# A capital right after an opening quote or bracket begins a title or a name as written
# ("phong trào “Công dân số”").
_OPENING = frozenset("“‘\"'«(")
# Names of bodies written with only their first syllable capitalised ("Văn phòng Ủy ban nhân
# dân tỉnh", "Công an tỉnh"): the two syllables that begin them keep the capital.
_NAME_HEADS = frozenset(
    {
        ("ủy", "ban"),
        ("uỷ", "ban"),
        ("văn", "phòng"),
        ("công", "an"),
        ("công", "ty"),
        ("chi", "cục"),
        ("chi", "nhánh"),
        ("cổng", "dịch"),
        ("cổng", "thông"),
    }
)


def _capital_misread(word: str) -> bool:
    first = unicodedata.normalize("NFD", word[0])[0]
    return (
        len(word) > 1
        and word[0].isupper()
        and word[1:].islower()
        and first.lower() in _SAME_SHAPE
        and _SYLLABLE.fullmatch(fold(word)) is not None
    )


def _capitals_misread(word: str) -> bool:
    """A word of two or more capitals whose every letter has the same shape small ("SỐ",
    "SƠ"): a small word Tesseract may have read as capitals."""
    letters = [unicodedata.normalize("NFD", c)[0].lower() for c in word]
    return (
        len(word) > 1
        and word.isupper()
        and all(c in _SAME_SHAPE for c in letters)
        and _SYLLABLE.fullmatch(fold(word)) is not None
    )


def case_amended(text: str, *, names: Collection[tuple[str, str]] = frozenset()) -> str:
    """ "hồ Sơ giải quyết" as "hồ sơ giải quyết": a capitalised word whose first letter has the
    same shape in both cases (c, o, s, u, v, w, x, z, with or without marks), between two
    lower-case words of the same sentence (or last in it), is lowered. A proper name is a
    capital followed by another capital word ("Sở Y tế", "Ủy ban Nhân dân") or after "và"
    ("Khoa học và Công nghệ"), and a sentence's or the cell's first word, or one after an
    opening quote or bracket, keeps its capital, so none is touched; nor is a capital that
    `names` (`Lexicon.names`) shows beginning a name with the word after it ("với Cơ sở dữ
    liệu quốc gia")."""
    text = unicodedata.normalize("NFC", text)
    tokens = list(_LETTERS.finditer(text))
    out: list[str] = []
    done = 0
    for index, match in enumerate(tokens):
        word = match.group(0)
        if index == 0:
            continue
        if _capitals_misread(word):
            # "Chuyển đổi SỐ": a word all in capitals of the same shape as their small
            # letters, after a small word, and last or before another small word.
            previous = tokens[index - 1]
            following_word = ""
            if index + 1 < len(tokens):
                following = tokens[index + 1]
                if not _SENTENCE_END & set(text[match.end() : following.start()]):
                    following_word = following.group(0)
            between = text[previous.end() : match.start()]
            if (
                previous.group(0).islower()
                and not (_SENTENCE_END & set(between))
                and (not following_word or following_word.islower())
            ):
                out.append(text[done : match.start()])
                out.append(word.lower())
                done = match.end()
            continue
        if not _capital_misread(word):
            continue
        previous = tokens[index - 1]
        if (_SENTENCE_END | _OPENING) & set(text[previous.end() : match.start()]):
            continue
        # After "và" a capital begins the second half of a name ("Sở Khoa học và Công nghệ",
        # "Lao động - Thương binh và Xã hội").
        if not previous.group(0).islower() or previous.group(0) == "và":
            continue
        if index + 1 < len(tokens):
            following = tokens[index + 1]
            ended = bool(_SENTENCE_END & set(text[match.end() : following.start()]))
            if not ended and not following.group(0).islower():
                continue
            if not ended and (word.lower(), following.group(0)) in _NAME_HEADS:
                continue
            if not ended and (word, following.group(0)) in names:
                continue
        out.append(text[done : match.start()])
        out.append(word.lower())
        done = match.end()
    out.append(text[done:])
    return "".join(out)


def number_label_amended(cells: list[str]) -> list[str]:
    """A header row's first cell read as "STL", "SIT" or "TỰ" put back as the number column's
    label ("STT", "TT") when it is one letter away from it and the row's other cells are
    header labels: the plan reader finds the number column by that label."""
    if not cells:
        return cells
    first = cells[0].strip()
    if not first or len(first) > 4 or first.upper() in _NUMBER_LABELS:
        return cells
    folded = fold(first).upper()
    for label in _NUMBER_LABELS:
        if (
            len(folded) == len(label)
            and sum(a != b for a, b in zip(folded, label, strict=True)) == 1
        ):
            from dxtrack.ingest.columns import label_role

            rest = [c for c in cells[1:] if c.strip()]
            known = sum(1 for c in rest if label_role(c) is not None)
            if rest and known >= max(2, len(rest) - 1):
                return [label, *cells[1:]]
    return cells


@lru_cache(maxsize=1)
def lexicon_default() -> Lexicon:
    """The agency directory's names, the bundled plans' text, the standard phrases of
    administrative texts kept with the product (`data/word_pairs.txt`) and, when installed,
    Debian's Vietnamese dictionary: built once per process, from the product's own files."""
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
    if PHRASES.is_file():
        lines = PHRASES.read_text(encoding="utf-8").splitlines()
        phrases = [line for line in lines if line.strip() and not line.startswith("#")]
        # A standard phrase is no chance neighbouring of two words: it counts as written
        # as often as `ocr_context` asks of a pair before trusting it.
        texts.extend(phrases * PHRASE_WEIGHT)
    if _DICTIONARY.is_file():
        lines = _DICTIONARY.read_text(encoding="utf-8", errors="ignore").splitlines()[1:]
        texts.extend(line.split("/", 1)[0] for line in lines)
    return Lexicon.from_texts(texts)
