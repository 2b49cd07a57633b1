"""Matching a task as a result table words it to a task of the catalogue.

Agencies copy task names with small changes: a word dropped, "Chủ trì, phối hợp với …"
added, diacritics lost in a PDF, a line wrapped mid-word. Names are compared as folded
word sets weighted by how rare each word is in the catalogue (TF-IDF cosine over words
and word pairs), then the best few are re-scored on the character sequence, so a near
copy scores close to 1 and a task that only shares common words ("triển khai", "hệ
thống") scores low. No Django imports.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from dxtrack.vn_text import fold

# Below this a row is not matched at all; below SURE (or too close to the runner-up)
# the preview asks the user to choose among the candidates.
MATCH_THRESHOLD = 0.45
SURE = 0.8
_CLOSE = 0.05
_RESCORED = 8
_COVERAGE = 0.9

_WORD = re.compile(r"[0-9a-z]+")


@dataclass(frozen=True)
class CatalogueTask:
    id: int
    plan: str
    name: str
    number: str = ""


@dataclass(frozen=True)
class Match:
    task_id: int
    plan: str
    name: str
    score: float


@dataclass(frozen=True)
class MatchResult:
    best: Match | None
    candidates: list[Match]
    sure: bool


def _terms(text: str) -> Counter[str]:
    words = _WORD.findall(fold(text))
    return Counter(words + [f"{a} {b}" for a, b in itertools.pairwise(words)])


class TaskMatcher:
    def __init__(self, tasks: Iterable[CatalogueTask]) -> None:
        self.tasks = list(tasks)
        self._folded = [fold(t.name) for t in self.tasks]
        terms = [_terms(t.name) for t in self.tasks]
        frequency: Counter[str] = Counter()
        for counted in terms:
            frequency.update(counted.keys())
        total = len(self.tasks) or 1
        self._idf = {term: math.log((1 + total) / (1 + n)) + 1 for term, n in frequency.items()}
        self._default_idf = math.log(1 + total) + 1
        self._vectors = [self._vector(counted) for counted in terms]
        self._index: dict[str, list[int]] = {}
        for position, counted in enumerate(terms):
            for term in counted:
                self._index.setdefault(term, []).append(position)

    def _vector(self, counted: Counter[str]) -> tuple[dict[str, float], float]:
        weights = {t: n * self._idf.get(t, self._default_idf) for t, n in counted.items()}
        return weights, math.sqrt(sum(w * w for w in weights.values())) or 1.0

    def match(self, text: str, *, limit: int = 3) -> MatchResult:
        query, query_norm = self._vector(_terms(text))
        shared: set[int] = set()
        for term in query:
            shared.update(self._index.get(term, ()))
        query_total = sum(query.values()) or 1.0
        cosine = []
        for position in shared:
            weights, norm = self._vectors[position]
            dot = sum(w * weights.get(t, 0.0) for t, w in query.items())
            # A row that shortens a long task keeps its rare words: how much of the row's
            # weight the task covers counts too, a little below an equal cosine.
            covered = sum(w for t, w in query.items() if t in weights) / query_total
            cosine.append((max(dot / (norm * query_norm), _COVERAGE * covered), position))
        cosine.sort(reverse=True)
        folded = fold(text)
        scored = []
        for similarity, position in cosine[:_RESCORED]:
            sequence = SequenceMatcher(None, folded, self._folded[position], autojunk=False)
            score = 0.6 * similarity + 0.4 * sequence.ratio()
            task = self.tasks[position]
            scored.append(Match(task.id, task.plan, task.name, round(score, 3)))
        scored.sort(key=lambda m: (-m.score, m.task_id))
        candidates = scored[:limit]
        best = candidates[0] if candidates and candidates[0].score >= MATCH_THRESHOLD else None
        runner_up = candidates[1].score if len(candidates) > 1 else 0.0
        sure = best is not None and best.score >= SURE and best.score - runner_up > _CLOSE
        return MatchResult(best=best, candidates=candidates, sure=sure)
