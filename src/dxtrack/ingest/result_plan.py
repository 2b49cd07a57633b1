"""The plan a result table reports on, when the catalogue does not hold it: its reference
(number, kind, date, issuer) read from the table's heading, and its tasks from the rows the
catalogue has no task for (number, name, deadline; the reporting agency leads them).

Seed 004 reports on "Thông báo số 396/TB-VPCP của Văn phòng Chính phủ", which is no plan
of the province: 53 of its 76 rows match nothing. The draft built here goes through the
plan import's own review and `plans.services.plan_import`, like a plan read from a file.
No Django imports.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from dxtrack.ingest.report_draft import ReportDraft
from dxtrack.ingest.result_lines import parse_date
from dxtrack.plans.drafts import AgencyRef, PlanDraft, TaskDraft, TimeframeDraft
from dxtrack.plans.timeframes import parse_timeframe
from dxtrack.vn_text import collapse_spaces

_KINDS = (
    "Thông báo kết luận",
    "Thông báo",
    "Kế hoạch",
    "Quyết định",
    "Nghị quyết",
    "Chỉ thị",
    "Kết luận",
    "Chương trình",
    "Đề án",
    "Công văn",
)
# "Thông báo số 396/TB-VPCP", "Nghị quyết 71/NQ-CP ngày 01/4/2025 của Chính phủ".
_REFERENCE = re.compile(
    r"(?P<kind>" + "|".join(_KINDS) + r")\s+(?:số\s+)?"
    r"(?P<number>\d+[\w.]*/[\w\u0110\u0111&.-]+(?:/[\w\u0110\u0111&.-]+)?)"
    r"(?:\s+ngày\s+(?P<date>\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}))?"
    r"(?:\s+của\s+(?P<issuer>[^,;()]+?))?\s*(?:[,;()]|\s+về\s|$)",
    re.IGNORECASE,
)
# What a report's title says before naming what it reports on.
_RESULT_WORDS = re.compile(
    r"^(?:báo cáo\s+)?(?:kết quả|tiến độ|tình hình)\s+(?:(?:triển khai|thực hiện)\s+)*",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class PlanReference:
    """The document a plan is known by; any part may be unknown (then asked for)."""

    number: str | None = None
    title: str | None = None
    kind: str | None = None
    issuer: str | None = None
    date: dt.date | None = None

    def merged(self, **given: Any) -> PlanReference:
        """This reference with the parts a person gave (non-empty) put over it."""
        return replace(self, **{k: v for k, v in given.items() if v not in (None, "")})


def reference_read(*texts: str | None) -> PlanReference:
    """The first document named in `texts` (a report's title, an appendix heading).

    The title is the subject the report gives without its result words: "Kết quả triển khai
    thực hiện chỉ đạo … tại Thông báo số 396/TB-VPCP …" names the plan "Chỉ đạo … tại
    Thông báo số 396/TB-VPCP …"."""
    for text in texts:
        if not text:
            continue
        text = collapse_spaces(text)
        found = _REFERENCE.search(text)
        if found is None:
            continue
        subject = _RESULT_WORDS.sub("", text).strip(" .")
        title = subject[:1].upper() + subject[1:] if subject else None
        issuer = collapse_spaces(found["issuer"] or "") or None
        return PlanReference(
            number=re.sub(r"\s+", "", found["number"]),
            title=title,
            kind=found["kind"][:1].upper() + found["kind"][1:].lower(),
            issuer=issuer,
            date=parse_date(found["date"]) if found["date"] else None,
        )
    return PlanReference()


def rows_unmatched(draft: ReportDraft) -> list[int]:
    """The rows no catalogue task was found for, not even an unsure one."""
    return [index for index, row in enumerate(draft.rows) if row.match is None]


def result_plan_draft(
    *,
    draft: ReportDraft,
    rows: Iterable[int],
    reference: PlanReference,
    lead: AgencyRef,
) -> PlanDraft:
    """A plan draft holding the given rows of the table as tasks, in the table's order,
    each under its appendix ("Phụ lục I") and led by `lead`, the agency reporting on them."""
    plan = PlanDraft(
        source=draft.source,
        number=reference.number,
        title=reference.title,
        issuer=reference.issuer,
        date=reference.date,
        kind=reference.kind,
    )
    for index in sorted(set(rows)):
        row = draft.rows[index]
        timeframe = None
        if row.deadline is not None and row.deadline.text:
            parsed = parse_timeframe(row.deadline.text)
            timeframe = TimeframeDraft(
                text=row.deadline.text,
                start=parsed.start if parsed else None,
                end=(parsed.end if parsed else None) or row.deadline.date,
                recurrence=parsed.recurrence if parsed else None,
            )
        plan.tasks.append(
            TaskDraft(
                # One heading per appendix: "TT 1" of Phụ lục I and of Phụ lục II differ.
                section=[row.appendix] if row.appendix else [],
                number=row.number,
                name=row.task,
                line=row.line,
                appendix=row.appendix,
                lead=[lead],
                lead_text=lead.text,
                timeframe=timeframe,
            )
        )
    return plan
