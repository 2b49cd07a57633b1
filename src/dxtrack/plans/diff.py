"""What a revised version of a plan changes: its rows matched to the rows already stored.

A pure module (no Django): the import preview shows the diff and the import applies it,
so both call `plan_diff` on the same snapshots. Rows are matched, in this order:

1. same section path, number and name (the row did not move);
2. the same name, once on each side (the row moved to another section or was renumbered);
3. same section path and number with a similar name (the name was edited);
4. a very similar name anywhere (moved and edited).

What is left over is added (only in the new version) or removed (only in the stored one).
A matched row keeps its identity, so the reports attached to it stay.
"""

from __future__ import annotations

import difflib
from collections import defaultdict, deque
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from dxtrack.plans.drafts import (
    AgencyRef,
    IndicatorDraft,
    ItemDraft,
    PlanDraft,
    ProjectDraft,
    TaskDraft,
)
from dxtrack.vn_text import collapse_spaces, fold

Kind = Literal["indicator", "task", "project"]
Status = Literal["added", "removed", "modified", "unchanged"]
KINDS: tuple[Kind, ...] = ("indicator", "task", "project")

# A reference as compared: the text as written and what it resolved to.
Ref = tuple[str, str | None, str | None]

SIMILAR_WITH_SAME_NUMBER = 0.5
SIMILAR_ANYWHERE = 0.8

# The fields compared for each kind, in the order a change lists them.
FIELDS: dict[Kind, tuple[str, ...]] = {
    "indicator": ("section", "number", "name", "unit", "targets", "lead", "implementers"),
    "task": ("section", "number", "name", "result", "lead", "coordinating", "timeframe"),
    "project": ("section", "number", "name", "lead", "years"),
}


@dataclass(frozen=True)
class RowSnapshot:
    """One indicator, task or key project, reduced to what a revision can change.

    `section` is the appendix followed by the headings, as the document writes them;
    `values` holds the other compared fields (see FIELDS), as plain tuples and strings.
    """

    kind: Kind
    section: tuple[str, ...]
    number: str
    name: str
    values: Mapping[str, object] = field(default_factory=dict)

    def value(self, name: str) -> object:
        if name == "section":
            return tuple(_norm(s) for s in self.section if _norm(s))
        if name == "number":
            return _norm(self.number)
        if name == "name":
            return _norm(self.name)
        return self.values.get(name)

    def shown(self, name: str) -> str:
        """The field as a reader would write it (for the preview's "before" column)."""
        value = self.value(name) if name != "section" else self.section[1:] or self.section
        if isinstance(value, tuple):
            return "; ".join(_shown(v) for v in value if _shown(v))
        return _shown(value)


@dataclass(frozen=True)
class RowChange:
    """`old` indexes the stored rows, `new` the new version's rows, of one kind."""

    kind: Kind
    status: Status
    old: int | None
    new: int | None
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlanDiff:
    changes: tuple[RowChange, ...]

    def of(self, status: Status, kind: Kind | None = None) -> list[RowChange]:
        return [c for c in self.changes if c.status == status and (kind is None or c.kind == kind)]

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(("added", "removed", "modified", "unchanged"), 0)
        for change in self.changes:
            counts[change.status] += 1
        return counts

    @property
    def has_changes(self) -> bool:
        return any(c.status != "unchanged" for c in self.changes)

    def matches(self, kind: Kind) -> dict[int, int]:
        """New row index → stored row index, for the rows kept."""
        return {
            c.new: c.old
            for c in self.changes
            if c.kind == kind and c.new is not None and c.old is not None
        }

    def removed(self, kind: Kind) -> list[int]:
        return [c.old for c in self.of("removed", kind) if c.old is not None]

    def change_for(self, kind: Kind, new: int) -> RowChange | None:
        for change in self.changes:
            if change.kind == kind and change.new == new:
                return change
        return None


def plan_diff(
    old: Mapping[Kind, Sequence[RowSnapshot]], new: Mapping[Kind, Sequence[RowSnapshot]]
) -> PlanDiff:
    """The changes from the stored rows `old` to the rows `new` of a revised version.

    Changes come per kind in the new version's order, each removed row after the new
    rows; a modified change names the fields that differ.
    """
    changes: list[RowChange] = []
    for kind in KINDS:
        old_rows, new_rows = list(old.get(kind, ())), list(new.get(kind, ()))
        pairs = _match(old_rows, new_rows)
        for j, row in enumerate(new_rows):
            i = pairs.get(j)
            if i is None:
                changes.append(RowChange(kind=kind, status="added", old=None, new=j))
                continue
            fields = tuple(f for f in FIELDS[kind] if old_rows[i].value(f) != row.value(f))
            status: Status = "modified" if fields else "unchanged"
            changes.append(RowChange(kind=kind, status=status, old=i, new=j, fields=fields))
        kept = set(pairs.values())
        changes.extend(
            RowChange(kind=kind, status="removed", old=i, new=None)
            for i in range(len(old_rows))
            if i not in kept
        )
    return PlanDiff(changes=tuple(changes))


def _match(old: list[RowSnapshot], new: list[RowSnapshot]) -> dict[int, int]:
    """New index → old index for the rows that are the same row in both versions."""
    pairs: dict[int, int] = {}
    free_old = dict.fromkeys(range(len(old)))  # ordered sets
    free_new = dict.fromkeys(range(len(new)))

    def pair(j: int, i: int) -> None:
        pairs[j] = i
        del free_new[j], free_old[i]

    # 1. Unmoved rows, duplicates taken in document order.
    queues: dict[tuple, deque[int]] = defaultdict(deque)
    for i in free_old:
        queues[_identity(old[i])].append(i)
    for j in list(free_new):
        queue = queues.get(_identity(new[j]))
        if queue:
            pair(j, queue.popleft())

    # 2. The same name, once on each side.
    for j, i in _unique_name_pairs(old, new, free_old, free_new):
        pair(j, i)

    # 3. The same place, an edited name.
    by_place: dict[tuple, list[int]] = defaultdict(list)
    for i in free_old:
        by_place[_place(old[i])].append(i)
    for j in list(free_new):
        candidates = [i for i in by_place.get(_place(new[j]), ()) if i in free_old]
        best = _most_similar(new[j], old, candidates, SIMILAR_WITH_SAME_NUMBER)
        if best is not None:
            pair(j, best)

    # 4. Moved and edited: the most similar pairs first.
    scored = []
    for j in free_new:
        for i in free_old:
            score = _similarity(old[i], new[j], SIMILAR_ANYWHERE)
            if score >= SIMILAR_ANYWHERE:
                scored.append((-score, j, i))
    for _score, j, i in sorted(scored):
        if j in free_new and i in free_old:
            pair(j, i)
    return pairs


def _identity(row: RowSnapshot) -> tuple:
    return (row.value("section"), row.value("number"), _key(row.name))


def _place(row: RowSnapshot) -> tuple:
    return (row.value("section"), row.value("number"))


def _unique_name_pairs(
    old: list[RowSnapshot],
    new: list[RowSnapshot],
    free_old: Iterable[int],
    free_new: Iterable[int],
) -> list[tuple[int, int]]:
    old_by: dict[object, list[int]] = defaultdict(list)
    new_by: dict[object, list[int]] = defaultdict(list)
    for i in free_old:
        old_by[_key(old[i].name)].append(i)
    for j in free_new:
        new_by[_key(new[j].name)].append(j)
    return [
        (js[0], old_by[k][0])
        for k, js in new_by.items()
        if k and len(js) == 1 and len(old_by.get(k, ())) == 1
    ]


def _most_similar(
    row: RowSnapshot, old: list[RowSnapshot], candidates: Iterable[int], threshold: float
) -> int | None:
    best, best_score = None, threshold
    for i in candidates:
        score = _similarity(old[i], row, threshold)
        if score >= best_score:
            best, best_score = i, score
    return best


def _similarity(a: RowSnapshot, b: RowSnapshot, threshold: float) -> float:
    matcher = difflib.SequenceMatcher(None, _key(a.name), _key(b.name), autojunk=False)
    if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
        return 0.0
    return matcher.ratio()


def _key(text: str) -> str:
    return fold(text)


def _norm(text: str | None) -> str:
    return collapse_spaces(text or "")


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple):
        # a reference (text, agency, group) or a target (milestone, text)
        return ": ".join(str(v) for v in value[:2] if v) if len(value) == 2 else str(value[0])
    return str(value)


# --------------------------------------------------------------------------- drafts


def draft_rows(
    draft: PlanDraft,
    *,
    agencies: Container[str] | None = None,
    groups: Container[str] | None = None,
) -> dict[Kind, list[RowSnapshot]]:
    """The rows of a plan as read from a document, in the document's order.

    With `agencies` and `groups` (the names the catalogue holds), a reference resolved to
    a name the catalogue lacks counts as unresolved, as the catalogue would store it.
    """
    rows = _DraftRows(agencies, groups)
    return {
        "indicator": [rows.indicator(d) for d in draft.indicators],
        "task": [rows.task(d) for d in draft.all_tasks],
        "project": [rows.project(d) for d in draft.projects],
    }


@dataclass(frozen=True)
class _DraftRows:
    agencies: Container[str] | None
    groups: Container[str] | None

    def refs(self, refs: Iterable[AgencyRef]) -> tuple[Ref, ...]:
        # Cut as the catalogue stores them, so a long cell does not look changed.
        return tuple(
            (
                _norm(r.text[:500]),
                r.agency if self.agencies is None or r.agency in self.agencies else None,
                r.group if self.groups is None or r.group in self.groups else None,
            )
            for r in refs
        )

    def row(self, kind: Kind, item: ItemDraft, **values: object) -> RowSnapshot:
        return RowSnapshot(
            kind=kind,
            # A row outside any heading is stored without its appendix: compare it so.
            section=(item.appendix, *item.section) if item.section else ("",),
            number=item.number,
            name=item.name,
            values={**values, "lead": self.refs(item.lead)},
        )

    def indicator(self, item: IndicatorDraft) -> RowSnapshot:
        return self.row(
            "indicator",
            item,
            unit=_norm(item.unit),
            targets=tuple((t.milestone, _norm(t.text[:255])) for t in item.targets),
            implementers=self.refs(item.implementers),
        )

    def task(self, item: TaskDraft) -> RowSnapshot:
        return self.row(
            "task",
            item,
            result=_norm(item.result),
            coordinating=self.refs(item.coordinating),
            timeframe=_norm(item.timeframe.text[:255] if item.timeframe else ""),
        )

    def project(self, item: ProjectDraft) -> RowSnapshot:
        return self.row("project", item, years=tuple(item.years))
