"""A scanned word's small marks read from the words around it (decision 0216).

At a scan's resolution Tesseract sees a syllable's letters well and its tone mark badly: the
hook above ("sổ", "đổi") and the acute ("số", "đối") are a few pixels each, and the word
it reads is as often a real word as not. Of the readings that differ only in that mark, one
that the words on either side make clearly likelier than the one read, in real
administrative texts (`Lexicon.pair_counts`) and counting the OCR's confidence, is taken;
otherwise the word stays as read, and the review notes name it when the OCR was unsure or
the context makes another reading as likely. A tone mark Tesseract read apart from its word,
as a "3" or a "?" above it, is put back on the word; a full stop read inside a phrase is
dropped. A quarter read "1" in a document that writes its other quarters in Roman numerals
is "I".

Pure: no Django.
"""

from __future__ import annotations

import itertools
import math
import re
import statistics
import unicodedata
from collections.abc import Sequence
from dataclasses import replace

from dxtrack.ingest.ocr_image import Rule
from dxtrack.ingest.ocr_words import Lexicon, toneless
from dxtrack.ingest.pdf_words import Word
from dxtrack.vn_text import fold

__all__ = [
    "ATTESTED",
    "ODDS",
    "marks_rejoined",
    "quarters_roman",
    "reading_chosen",
    "reading_doubted",
    "word_core",
    "word_runs",
    "words_in_context",
]

# Another reading is taken when the words around make it this many times likelier than the
# one Tesseract read, its confidence counted.
ODDS = 20.0
# What Tesseract's Vietnamese model gives most words it reads (the misread tone marks among
# them): taken for a word that has no confidence.
USUAL_CONFIDENCE = 96.0
# Times a reading must be written beside one of the words around it in the lexicon's texts to
# be taken: a pair seen once may be chance ("kinh phí từ" ngân sách, beside "kinh phí tự chủ").
ATTESTED = 2
# How far a pair of words is smoothed towards the neighbour's own frequency (in words).
SMOOTHING = 5.0
# A word written this many times or fewer in the lexicon's texts is known from the dictionary
# alone.
RARE = 1
# The word's core: its letters without the punctuation around them.
_CORE = re.compile(r"^([(“\"‘']*)([^\W\d_]+)([.,;:!?)”\"’']*)$")
# What a tone mark read on its own looks like to the OCR, and the mark it is.
_DETACHED = {
    "3": "\u0309",
    "?": "\u0309",
    "ʔ": "\u0309",
    "'": "\u0301",
    "’": "\u0301",
    "´": "\u0301",
    "`": "\u0300",
    "‘": "\u0300",
    "~": "\u0303",
}
_DOT = "\u0323"
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
_QUARTER_WORD = re.compile(r"^(?:I|II|III|IV|[1-4])(?=/|[,.;]?$)")


def _cased(reading: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return reading.upper()
    if like[:1].isupper():
        return reading[:1].upper() + reading[1:]
    return reading


def _tone(word: str) -> str | None:
    marks = [c for c in unicodedata.normalize("NFD", word) if c in _TONES]
    return marks[0] if marks else None


def _log_likelihood(lexicon: Lexicon, left: str | None, word: str, right: str | None) -> float:
    """How likely the words on either side are beside `word`, in the lexicon's texts:
    log P(left before | word) + log P(right after | word), each smoothed towards the
    neighbour's own frequency by `SMOOTHING` words. A word the texts seldom write says
    little by never being written beside a neighbour; a frequent one, much."""
    total = lexicon.word_total + 0.5 * len(lexicon.counts)
    seen_word = lexicon.counts.get(word, 0)
    score = 0.0
    for neighbour, before in ((left, True), (right, False)):
        if neighbour is None:
            continue
        alone = (lexicon.counts.get(neighbour, 0) + 0.5) / total
        pair = (neighbour, word) if before else (word, neighbour)
        together = lexicon.pair_counts.get(pair, 0)
        score += math.log((together + SMOOTHING * alone) / (seen_word + SMOOTHING))
    return score


def reading_chosen(
    left: str | None,
    word: str,
    right: str | None,
    *,
    lexicon: Lexicon,
    confidence: float | None = None,
) -> str | None:
    """The reading of `word` (letters only) that differs from it only in its tone mark and
    that the words on either side (lower case, None at a cell's edge or punctuation) make
    clearly more likely than the one read; None when the word is to stay as read.

    Tesseract's confidence is taken as the odds that it read the word right (96: 24 to 1);
    the words around multiply those odds by how much likelier they make the other reading
    (`_log_likelihood`), and the other reading is taken only when it comes out `ODDS` times
    likelier than the word read, and is written beside one of those words at least
    `ATTESTED` times in the texts."""
    weighed = _weighed(left, word, right, lexicon=lexicon, confidence=confidence)
    if weighed is None or weighed[1] < math.log(ODDS):
        return None
    return weighed[0]


def reading_doubted(
    left: str | None,
    word: str,
    right: str | None,
    *,
    lexicon: Lexicon,
    confidence: float | None = None,
) -> str | None:
    """The other reading of `word` that the words on either side make at least as likely as
    the one read, the OCR's confidence counted, but not clearly likelier (`reading_chosen`
    would not take it): the word is for review. None when the reading is not in doubt."""
    weighed = _weighed(left, word, right, lexicon=lexicon, confidence=confidence)
    if weighed is None or not 0.0 <= weighed[1] < math.log(ODDS):
        return None
    return weighed[0]


def _weighed(
    left: str | None,
    word: str,
    right: str | None,
    *,
    lexicon: Lexicon,
    confidence: float | None,
) -> tuple[str, float] | None:
    """The likeliest other reading of `word` and the log of how much likelier than the one
    read it is, the OCR's confidence counted; None when there is none to weigh."""
    if left is None and right is None:
        return None
    lower = unicodedata.normalize("NFC", word).lower()
    tone = _tone(lower)
    # Another tone mark above the letter, or one lost or added there: a mark below it (the
    # dot) is not confused with those, and the same mark placed otherwise ("hoá", "hóa") is
    # a way of writing, kept as written.
    readings = {
        r
        for r in lexicon.by_toneless.get(toneless(lower), ())
        if _tone(r) != tone and (_tone(r) == _DOT) == (tone == _DOT)
    }
    attested = [
        r
        for r in readings
        if (left is not None and lexicon.pair_counts.get((left, r), 0) >= ATTESTED)
        or (right is not None and lexicon.pair_counts.get((r, right), 0) >= ATTESTED)
    ]
    if not attested:
        return None
    sure = min(max(confidence if confidence is not None else USUAL_CONFIDENCE, 1.0), 99.0)
    prior = math.log(sure / (100.0 - sure))

    def gain(reading: str) -> float:
        # A side where neither reading is ever written beside the neighbour says nothing:
        # the texts are plans and reports, not all of the language.
        pairs = lexicon.pair_counts
        side_left = left if (left, reading) in pairs or (left, lower) in pairs else None
        side_right = right if (reading, right) in pairs or (lower, right) in pairs else None
        gained = _log_likelihood(lexicon, side_left, reading, side_right) - _log_likelihood(
            lexicon, side_left, lower, side_right
        )
        if lexicon.counts.get(lower, 0) <= RARE:
            # A word no administrative text writes (known from the dictionary alone,
            # "triến") is itself unlikely in a plan: how much more often the texts write the
            # other reading counts too.
            gained += math.log((lexicon.counts.get(reading, 0) + 0.5) / (RARE + 0.5))
        return gained

    best = max(attested, key=lambda r: (gain(r), r))
    odds = gain(best) - prior
    # The chosen mark on the vowel the word read has it on, when that is a way of writing
    # the word too ("hoả" read where "hoá" is printed is "hoá", not "hóa").
    marked = _tone(best)
    if tone is not None and marked is not None:
        in_place = unicodedata.normalize(
            "NFC", unicodedata.normalize("NFD", lower).replace(tone, marked)
        )
        if in_place in lexicon.words:
            best = in_place
    return _cased(best, word), odds


def marks_rejoined(words: Sequence[Word], *, lexicon: Lexicon) -> list[Word]:
    """A tone mark read as a word of its own ("3" or "?" for the hook above, "'" for the
    acute) just above a word that has none, put back on that word when the word so marked is
    a known one ("3" over "cưa": "cửa"). A mark is small (under half the usual word's
    height) and read with little confidence; anything else is left as read."""
    if len(words) < 3:
        return list(words)
    size = statistics.median(w.bottom - w.top for w in words)
    dropped: set[int] = set()
    amended: dict[int, Word] = {}
    for index, mark in enumerate(words):
        tone = _DETACHED.get(mark.text)
        if tone is None or mark.bottom - mark.top > 0.5 * size:
            continue
        if mark.confidence is not None and mark.confidence >= 60:
            continue
        for other, word in enumerate(words):
            if other == index or other in amended or not (word.x0 <= mark.centre <= word.x1):
                continue
            if not -0.2 * size <= word.top - mark.bottom <= 0.5 * size:
                continue
            match = _CORE.match(word.text)
            if match is None or _tone(match.group(2)) is not None:
                continue
            letters = match.group(2)
            base = toneless(letters)
            marked = [r for r in lexicon.by_toneless.get(base, ()) if _tone(r) == tone]
            if len(marked) != 1:
                continue
            text = match.group(1) + _cased(marked[0], letters) + match.group(3)
            amended[other] = replace(word, text=text)
            dropped.add(index)
            break
    return [amended.get(i, w) for i, w in enumerate(words) if i not in dropped]


def word_runs(words: Sequence[Word], *, vertical: Sequence[Rule]) -> list[list[int]]:
    """The words' indices grouped into runs of one printed line, left to right, broken at a
    ruling line between two words (another cell) and at a gap wider than two letters'
    height."""
    if not words:
        return []
    size = statistics.median(w.bottom - w.top for w in words) or 1.0
    order = sorted(range(len(words)), key=lambda i: words[i].middle)
    bands: list[list[int]] = []
    for index in order:
        if bands and abs(words[index].middle - words[bands[-1][0]].middle) <= 0.5 * size:
            bands[-1].append(index)
        else:
            bands.append([index])
    runs: list[list[int]] = []
    for band in bands:
        band.sort(key=lambda i: words[i].x0)
        run: list[int] = []
        for index in band:
            if run:
                before, word = words[run[-1]], words[index]
                ruled = any(
                    before.x1 <= rule.at <= word.x0 and rule.start <= word.middle <= rule.end
                    for rule in vertical
                )
                if ruled or word.x0 - before.x1 > 2 * size:
                    runs.append(run)
                    run = []
            run.append(index)
        runs.append(run)
    return runs


def _next_lines(
    words: Sequence[Word],
    runs: Sequence[Sequence[int]],
    *,
    vertical: Sequence[Rule],
    horizontal: Sequence[Rule],
) -> dict[int, int]:
    """For each run (by index), the run that carries its text on: the next printed line of
    the same cell or paragraph (below it, within two lines' height, overlapping it across,
    with no ruling line between them). A cell's text wraps "Triển khai / sổ sức khỏe"."""
    if not words:
        return {}
    size = statistics.median(w.bottom - w.top for w in words) or 1.0

    def span(run: Sequence[int]) -> tuple[float, float, float]:
        members = [words[i] for i in run]
        middle = statistics.median(w.middle for w in members)
        return min(w.x0 for w in members), max(w.x1 for w in members), middle

    spans = [span(run) for run in runs]
    links: dict[int, int] = {}
    for index, (x0, x1, middle) in enumerate(spans):
        best: tuple[float, int] | None = None
        for other, (y0, y1, below) in enumerate(spans):
            drop = below - middle
            if not 0.5 * size < drop <= 2.0 * size or y1 < x0 or y0 > x1:
                continue
            left, right = min(x0, y0), max(x1, y1)
            if any(left < r.at < right and r.start <= below and r.end >= middle for r in vertical):
                continue
            if any(
                middle < r.at < below and r.start <= max(x0, y0) and r.end >= min(x1, y1)
                for r in horizontal
            ):
                continue
            if best is None or drop < best[0]:
                best = (drop, other)
        if best is not None:
            links[index] = best[1]
    return links


def word_core(text: str) -> tuple[str, str, str] | None:
    """A word's punctuation before, letters, punctuation after ("“đúng," → "“", "đúng",
    ","); None when it is not letters between punctuation (a number, "57-NQ/TW")."""
    match = _CORE.match(unicodedata.normalize("NFC", text))
    return None if match is None else (match.group(1), match.group(2), match.group(3))


def quarters_roman(texts: Sequence[Sequence[str]]) -> bool:
    """Whether a document (its printed lines' words) writes its quarters in Roman numerals:
    at least one "Quý II", "Quý III" or "Quý IV" and no quarter in Arabic digits 2 to 4. A
    "1" there is then the "I" of the same type, which Tesseract reads as "1"."""
    roman = arabic = 0
    for line in texts:
        for before, word in itertools.pairwise(line):
            if fold(before) != "quy":
                continue
            match = _QUARTER_WORD.match(word)
            if match is None:
                continue
            numeral = match.group(0)
            if numeral in ("II", "III", "IV"):
                roman += 1
            elif numeral in ("2", "3", "4"):
                arabic += 1
    return roman > 0 and arabic == 0


def words_in_context(
    words: Sequence[Word],
    *,
    vertical: Sequence[Rule],
    horizontal: Sequence[Rule] = (),
    lexicon: Lexicon,
    roman_quarters: bool = False,
) -> list[Word]:
    """A page's words with the tone marks put right that the words beside them decide
    (`reading_chosen`; the last word of a wrapped line is beside the first of the next), the
    marks read apart put back on their words (`marks_rejoined`), and, when `roman_quarters`
    (`quarters_roman` of the whole document), a quarter read "1" written "I"; a full stop
    read between the two words of a phrase is dropped (`_stray_stop`)."""
    result = marks_rejoined(words, lexicon=lexicon)
    runs = word_runs(result, vertical=vertical)
    links = _next_lines(result, runs, vertical=vertical, horizontal=horizontal)
    before: dict[int, int] = {}  # a run's first word: the last word of the line it carries on
    after: dict[int, int] = {}
    for run_index, next_index in links.items():
        if runs[next_index][0] not in before:
            before[runs[next_index][0]] = runs[run_index][-1]
            after[runs[run_index][-1]] = runs[next_index][0]
    cores = [word_core(w.text) for w in result]
    for run in runs:
        for position, index in enumerate(run):
            word = result[index]
            core = cores[index]
            left_index = run[position - 1] if position else before.get(index)
            right_index = run[position + 1] if position + 1 < len(run) else after.get(index)
            previous = cores[left_index] if left_index is not None else None
            if (
                roman_quarters
                and previous is not None
                and fold(previous[1]) == "quy"
                and not previous[2]
                and re.match(r"^1(?=/|[,.;]?$)", word.text)
            ):
                result[index] = replace(word, text="I" + word.text[1:])
                continue
            if core is None:
                continue
            following = cores[right_index] if right_index is not None else None
            left = previous[1].lower() if previous and not previous[2] and not core[0] else None
            right = following[1].lower() if following and not following[0] and not core[2] else None
            chosen = reading_chosen(
                left, core[1], right, lexicon=lexicon, confidence=word.confidence
            )
            if chosen is not None:
                result[index] = replace(word, text=core[0] + chosen + core[2])
                cores[index] = (core[0], chosen, core[2])
            if following is not None and _stray_stop(core, following, word, lexicon):
                core = cores[index] or core
                result[index] = replace(result[index], text=core[0] + core[1] + core[2][1:])
                cores[index] = (core[0], core[1], core[2][1:])
    return result


def _stray_stop(
    core: tuple[str, str, str], following: tuple[str, str, str], word: Word, lexicon: Lexicon
) -> bool:
    """A full stop the OCR read between the two words of a phrase ("AN. TOÀN"): the word
    read with less than the model's usual confidence, the next word begins no sentence
    (small, or both in capitals as a heading is) and the texts write the two words together
    at least `ATTESTED` times."""
    if core[2] != "." or following[0] or (word.confidence or 0) >= USUAL_CONFIDENCE:
        return False
    if word.confidence is None:
        return False
    nxt = following[1]
    heading = core[1].isupper() and len(core[1]) > 1 and nxt.isupper()
    if not (nxt.islower() or heading):
        return False
    return lexicon.pair_counts.get((core[1].lower(), nxt.lower()), 0) >= ATTESTED
