"""The deadline an agency's task is held to. No Django imports.

The plan sets a task's deadline; an approved extension (gia hạn) replaces it for the agency
that asked, the plan keeping its own; a recurring task (Thường xuyên, Hằng năm) is due in
each period by the period's end. The report page, the Excel form, the API, the extension
pages and the consolidation all take the deadline from `task_deadline`;
`consolidation.verdict_queries.task_deadline_expression` is its SQL form, tested against it.
"""

from __future__ import annotations

import datetime as dt


def task_deadline(
    *,
    ends_on: dt.date | None,
    extended_to: dt.date | None,
    recurring: bool,
    period_end: dt.date | None = None,
) -> dt.date | None:
    """The deadline a task is held to: the period's end for a recurring task (when judged in
    a period), else the latest approved extension for the agency (`extended_to`: the
    selectors' `task_deadlines`), else the plan's deadline (None when the plan gives none)."""
    if recurring and period_end is not None:
        return period_end
    return extended_to or ends_on


def deadline_extended(
    *, ends_on: dt.date | None, deadline: dt.date | None, recurring: bool
) -> bool:
    """Does `deadline` (from `task_deadline`) differ from the plan's because of an extension?
    Never for a recurring task: it is held to each period's end, extended or not."""
    return not recurring and deadline is not None and deadline != ends_on
