"""Numbers that add up: over generated periods, every total in every document, on the
consolidation page, on the period page and in the API is the sum of the categories printed
beside it, and the same total agrees wherever it appears.

A period is generated with agencies that reported on time, late or not at all (a draft, a
report sent back), tasks led by one or two agencies in every status and on either side of
their deadline (recurring ones, approved extensions), and indicators met, not met, without
data and without a target for the period. The numbers are read back out of the produced
.docx and .xlsx files, the page's HTML and the API's JSON, never taken from the objects
that produced them.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from collections import Counter
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from documents.support import body_text, docx, nfc
from dxtrack.accounts.models import Profile, Role
from dxtrack.agencies.models import Agency
from dxtrack.consolidation import evaluation as ev
from dxtrack.documents.services import document_produce
from dxtrack.documents.sources import INDICATOR_PARTS, REPORT_PARTS, TASK_PARTS
from dxtrack.documents.spreadsheet import HEADER_ROW
from dxtrack.plans.models import Indicator, Plan, Target, Task
from dxtrack.reporting.models import (
    AgencyReport,
    ExtensionRequest,
    IndicatorValue,
    ReportingPeriod,
    TaskStatus,
    TaskUpdate,
)
from factories import UserFactory

pytestmark = pytest.mark.django_db

N = r"(\d[\d.]*)"

# ----------------------------------------------------------------------- generated periods

REPORT_STATES = ("on_time", "late", "draft", "returned", "approved")
TASK_STATUSES = ("", *TaskStatus.values)
TARGET_KINDS = ("at_least", "done", "dash")


@dataclass(frozen=True)
class TaskSpec:
    plan: int
    deadline: int | None  # days from today; None: no deadline
    recurring: bool
    leads: tuple[tuple[int, str, int | None, bool], ...]  # agency, status, done offset, extended


@dataclass(frozen=True)
class IndicatorSpec:
    plan: int
    target: str
    lead: int
    value: float | None
    met: bool | None


@dataclass(frozen=True)
class PeriodSpec:
    due: int  # days from today
    agencies: tuple[tuple[str, bool, int], ...]  # report state, commune, days late
    plans: int
    tasks: tuple[TaskSpec, ...]
    indicators: tuple[IndicatorSpec, ...]


@st.composite
def period_specs(draw) -> PeriodSpec:
    count = draw(st.integers(1, 5))
    agencies = tuple(
        (draw(st.sampled_from(REPORT_STATES)), draw(st.booleans()), draw(st.integers(1, 40)))
        for _ in range(count)
    )
    plans = draw(st.integers(1, 2))
    lead = st.tuples(
        st.integers(0, count - 1),
        st.sampled_from(TASK_STATUSES),
        st.one_of(st.none(), st.integers(-20, 20)),
        st.booleans(),
    )
    tasks = draw(
        st.lists(
            st.builds(
                TaskSpec,
                plan=st.integers(0, plans - 1),
                deadline=st.one_of(st.none(), st.integers(-90, 90)),
                recurring=st.booleans(),
                leads=st.lists(lead, min_size=1, max_size=2, unique_by=lambda t: t[0]).map(tuple),
            ),
            max_size=8,
        )
    )
    indicators = draw(
        st.lists(
            st.builds(
                IndicatorSpec,
                plan=st.integers(0, plans - 1),
                target=st.sampled_from(TARGET_KINDS),
                lead=st.integers(0, count - 1),
                value=st.one_of(st.none(), st.sampled_from([12.5, 50.0, 87.43, 100.0])),
                met=st.one_of(st.none(), st.booleans()),
            ),
            max_size=6,
        )
    )
    return PeriodSpec(
        due=draw(st.integers(-30, 30)),
        agencies=agencies,
        plans=plans,
        tasks=tuple(tasks),
        indicators=tuple(indicators),
    )


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


def period_build(spec: PeriodSpec, today: dt.date) -> ReportingPeriod:
    """The period `spec` describes, written row by row as the reporting loop leaves them."""
    year = today.year
    due = today + dt.timedelta(days=spec.due)
    period = ReportingPeriod.objects.create(
        name=f"Báo cáo năm {year} (kiểm thử số liệu)",
        kind=ReportingPeriod.Kind.YEARLY,
        starts_on=dt.date(year, 1, 1),
        ends_on=dt.date(year, 12, 31),
        due_on=due,
        status=ReportingPeriod.Status.OPEN,
    )
    plans = [
        Plan.objects.create(
            key=f"kiem-thu-so-lieu-{n}",
            number=f"{90 + n}/KH-UBND",
            title=f"Kế hoạch chuyển đổi số kiểm thử {n + 1}",
            kind="Kế hoạch",
            issued_on=dt.date(year - 1, 3, 1 + n),
        )
        for n in range(spec.plans)
    ]
    period.plans.set(plans)
    reports = []
    for n, (state, commune, days_late) in enumerate(spec.agencies):
        agency = Agency.objects.create(
            name=f"{'UBND xã Kiểm Thử' if commune else 'Sở Kiểm Thử'} {n + 1}",
            kind=Agency.Kind.COMMUNE if commune else Agency.Kind.DEPARTMENT,
        )
        # A report cannot have been sent after today: a "late" one sent before its due
        # date in the future is simply on time.
        sent_on = min(due + dt.timedelta(days=days_late), today)
        if state in ("on_time", "approved"):
            sent_on = min(due, today) - dt.timedelta(days=days_late % 5)
        status = {
            "on_time": AgencyReport.Status.SUBMITTED,
            "late": AgencyReport.Status.SUBMITTED,
            "draft": AgencyReport.Status.DRAFT,
            "returned": AgencyReport.Status.RETURNED,
            "approved": AgencyReport.Status.APPROVED,
        }[state]
        reports.append(
            AgencyReport.objects.create(
                period=period,
                agency=agency,
                status=status,
                submitted_at=None if state == "draft" else _aware(sent_on),
            )
        )
    for position, task_spec in enumerate(spec.tasks):
        deadline = (
            None if task_spec.deadline is None else today + dt.timedelta(days=task_spec.deadline)
        )
        task = Task.objects.create(
            plan=plans[task_spec.plan],
            number=str(position + 1),
            name=f"Nhiệm vụ chuyển đổi số kiểm thử {position + 1}",
            position=position,
            starts_on=dt.date(year, 1, 1),
            ends_on=None if task_spec.recurring else deadline,
            recurrence=Task.Recurrence.CONTINUOUS if task_spec.recurring else "",
            timeframe_text="Thường xuyên" if task_spec.recurring else "",
        )
        for agency_index, status, done_offset, extended in task_spec.leads:
            completed_on = None
            if status in (TaskStatus.DONE, TaskStatus.DONE_LATE) and done_offset is not None:
                completed_on = min((deadline or today) + dt.timedelta(days=done_offset), today)
            report = reports[agency_index]
            TaskUpdate.objects.create(
                report=report,
                task=task,
                role=TaskUpdate.Role.LEAD,
                status=status,
                completed_on=completed_on,
            )
            if extended and deadline is not None and not task_spec.recurring:
                ExtensionRequest.objects.create(
                    task=task,
                    agency=report.agency,
                    kind=ExtensionRequest.Kind.EXTEND,
                    reason="Chờ hướng dẫn của Bộ",
                    original_end=deadline,
                    proposed_end=deadline + dt.timedelta(days=30),
                    status=ExtensionRequest.Status.APPROVED,
                )
    for position, indicator_spec in enumerate(spec.indicators):
        indicator = Indicator.objects.create(
            plan=plans[indicator_spec.plan],
            number=str(position + 1),
            name=f"Tỷ lệ hồ sơ thủ tục hành chính được số hóa (kiểm thử {position + 1})",
            unit="%",
            position=position,
        )
        comparator, value, text = {
            "at_least": (Target.Comparator.GE, 50.0, "≥ 50%"),
            "done": (Target.Comparator.DONE, None, "Đạt"),
            "dash": ("", None, "-"),
        }[indicator_spec.target]
        Target.objects.create(
            indicator=indicator,
            milestone=str(year),
            year_from=year,
            year_to=year,
            text=text,
            comparator=comparator,
            value=value,
            unit="%",
        )
        number, met = indicator_spec.value, indicator_spec.met
        IndicatorValue.objects.create(
            report=reports[indicator_spec.lead],
            indicator=indicator,
            role="lead",
            value_number=number,
            value_met=met,
            value_text="" if number is None else f"{number}%".replace(".", ","),
        )
    return period


# ----------------------------------------------------------------------- reading back


def _int(text: str) -> int:
    return int(text.replace(".", ""))


def _sentence(text: str, head: str, labels, separator: str) -> tuple[int, dict[str, int]]:
    """(total, {label: count}) from "<head with the total>n label<sep>n label...". The
    sentence must name every label, in order: a category left out fails the match."""
    labels = list(labels)
    parts = separator.join(rf"{N} {re.escape(label)}" for label in labels)
    found = re.search(head + parts, text)
    assert found, f"no sentence «{head}…» naming {labels} in:\n{text}"
    numbers = [_int(n) for n in found.groups()]
    return numbers[0], dict(zip(labels, numbers[1:], strict=True))


def _closes(total: int, parts: dict[str, int]) -> dict[str, int]:
    assert sum(parts.values()) == total, (total, parts)
    return parts


def _by_kind(parts: dict[str, int], labels: dict[str, str]) -> dict[str, int]:
    return {kind: parts[label] for kind, label in labels.items()}


def _text(data: bytes) -> str:
    return nfc(body_text(docx(data)))


def _sheets(data: bytes) -> dict[str, list[tuple]]:
    book = load_workbook(io.BytesIO(data))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def _body_rows(rows: list[tuple], depth: int = 1) -> list[tuple]:
    """The data rows of a sheet: below the header, and not a heading row (two cells)."""
    body = rows[HEADER_ROW - 1 + depth :]
    return [row for row in body if any(cell not in (None, "") for cell in row[2:])]


TASK_LABELS = {kind: label for kind, label in ev.TASK_VERDICT_LABELS.items()}


def _task_kind(verdict: str) -> str:
    """The verdict of a cell ("Quá hạn, chưa hoàn thành 12 ngày") by its label."""
    matches = [kind for kind, label in TASK_LABELS.items() if verdict.startswith(label)]
    assert matches, verdict
    return max(matches, key=lambda kind: len(TASK_LABELS[kind]))


def _completion_kinds(cell: str) -> Counter:
    """A "Mức độ hoàn thành" cell: one verdict, or "Label: k/n đơn vị" per line."""
    counts: Counter = Counter()
    for line in cell.split("\n"):
        several = re.fullmatch(r"(.+): (\d+)/\d+ đơn vị", line)
        if several:
            counts[_task_kind(several.group(1))] += int(several.group(2))
        else:
            counts[_task_kind(line)] += 1
    return counts


def _page_counts(page: str, block: str) -> tuple[int, dict[str, int]]:
    section = page[page.index(f'id="{block}"') :]
    section = section[: section.index("</dl>")]
    total = _int(re.search(r"data-total>(\d+)<", section).group(1))
    parts = {kind: _int(n) for kind, n in re.findall(r'data-part="(\w+)">(\d+)', section)}
    return total, parts


# ----------------------------------------------------------------------- the property


def _coordinator():
    user = UserFactory(username="dieuphoi.kiemthu")
    Profile.objects.create(user=user, role=Role.COORDINATOR)
    client = Client()
    client.force_login(user)
    return user, client


def _produce(user, period: ReportingPeriod, today: dt.date) -> dict[str, dict[str, bytes]]:
    kinds = ("report", "appendix", "indicators", "chasing", "scorecard")
    return {
        kind: {
            fmt: document_produce(actor=user, kind=kind, period=period, fmt=fmt, as_of=today).data
            for fmt in ("docx", "xlsx")
        }
        for kind in kinds
    }


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(spec=period_specs())
def test_every_count_closes_and_agrees_everywhere(db, spec):
    today = timezone.localdate()
    with transaction.atomic():
        period = period_build(spec, today)
        _check_period(period, today)
        transaction.set_rollback(True)


def _check_period(period: ReportingPeriod, today: dt.date) -> None:
    user, client = _coordinator()
    api = client.get(f"/api/v1/periods/{period.pk}/consolidation").json()
    documents = _produce(user, period, today)

    # The API: each total is its parts, and the agencies' and plans' rows add up to it.
    for counts in (api["reports"], api["tasks"], api["indicators"]):
        _closes(counts["total"], {k: n for k, n in counts.items() if k != "total"})
    for row in (*api["agencies"], *api["plans"]):
        _closes(row["tasks"]["total"], {k: n for k, n in row["tasks"].items() if k != "total"})
    for kind in ev.TASK_VERDICTS:
        assert sum(a["tasks"][kind] for a in api["agencies"]) == api["tasks"][kind]
        assert sum(p["tasks"][kind] for p in api["plans"]) == api["tasks"][kind]
    reports = {k: api["reports"][k] for k in ("on_time", "late", "missing")}
    tasks = {k: api["tasks"][k] for k in ev.TASK_VERDICTS}
    indicators = {k: api["indicators"][k] for k in ev.INDICATOR_VERDICT_LABELS}
    assert api["reports"]["total"] == len(api["agencies"])

    _check_report(documents["report"], reports, tasks, indicators)
    _check_appendix(documents["appendix"], tasks)
    _check_indicators(documents["indicators"], indicators)
    _check_chasing(documents["chasing"], reports)
    _check_scorecard(documents["scorecard"], reports, tasks, api)
    _check_pages(client, period, reports, tasks, indicators)


def _report_parts(text: str, head: str) -> dict[str, int]:
    total, parts = _sentence(text, head, REPORT_PARTS.values(), ", ")
    return _by_kind(
        _closes(total, parts),
        {"on_time": "gửi đúng hạn", "late": "gửi muộn", "missing": "chưa gửi"},
    )


def _task_parts(text: str, head: str) -> dict[str, int]:
    total, parts = _sentence(text, head, TASK_PARTS.values(), "; ")
    return _by_kind(_closes(total, parts), TASK_PARTS)


def _indicator_parts(text: str, head: str) -> dict[str, int]:
    total, parts = _sentence(text, head, INDICATOR_PARTS.values(), ", ")
    return _by_kind(_closes(total, parts), INDICATOR_PARTS)


def _check_report(produced, reports, tasks, indicators) -> None:
    text = _text(produced["docx"])
    assert _report_parts(text, rf"trong {N} cơ quan, đơn vị phải báo cáo: ") == reports
    head = rf"Tổng số {N} lượt nhiệm vụ được giao chủ trì \(mỗi cơ quan chủ trì một lượt\): "
    assert _task_parts(text, head) == tasks
    done, late = re.search(rf"Như vậy, {N} đã hoàn thành và {N} trễ hạn", text).groups()
    assert _int(done) == tasks[ev.ON_TIME] + tasks[ev.DONE_LATE]
    assert _int(late) == tasks[ev.DONE_LATE] + tasks[ev.OVERDUE]
    if sum(indicators.values()):
        assert _indicator_parts(text, rf"Trong {N} chỉ tiêu: ") == indicators
    # The Excel tables hold one row per indicator and per task, judged as the sentences say.
    sheets = _sheets(produced["xlsx"])
    shown = Counter()
    completion = Counter()
    for name, rows in sheets.items():
        for row in _body_rows(rows):
            if name.startswith("Phần A"):
                shown[row[5]] += 1
            elif name.startswith("Phần B"):
                completion += _completion_kinds(row[4])
    labels = ev.INDICATOR_VERDICT_LABELS
    assert {kind: shown[labels[kind]] for kind in labels} == indicators
    assert {kind: completion[kind] for kind in ev.TASK_VERDICTS} == tasks


def _check_appendix(produced, tasks) -> None:
    text = _text(produced["docx"])
    if sum(tasks.values()):
        head = (
            rf"đã rà soát kết quả thực hiện {N} lượt nhiệm vụ được giao chủ trì của các cơ "
            r"quan, đơn vị trong kỳ [^:]+: "
        )
        assert _task_parts(text, head) == tasks
    else:
        assert "đã rà soát kết quả thực hiện 0 lượt nhiệm vụ" in text
    (rows,) = _sheets(produced["xlsx"]).values()
    judged = Counter(_task_kind(row[8]) for row in _body_rows(rows))
    assert {kind: judged[kind] for kind in ev.TASK_VERDICTS} == tasks


def _check_indicators(produced, indicators) -> None:
    text = _text(produced["docx"])
    sheets = _sheets(produced["xlsx"])
    total = sum(indicators.values())
    if not total:
        assert not any(name.startswith("Chỉ tiêu") for name in sheets)
        return
    per_table = [
        _indicator_parts(text, head)
        for head in (rf"Kế hoạch chuyển đổi số kiểm thử {n}: {N} chỉ tiêu \(" for n in (1, 2))
        if re.search(head, text)
    ]
    sums = {kind: sum(t[kind] for t in per_table) for kind in indicators}
    assert sums == indicators
    if len(per_table) > 1:
        assert _indicator_parts(text, rf"Tổng cộng {N} chỉ tiêu: ") == indicators
    shown = Counter()
    for rows in sheets.values():
        for row in _body_rows(rows, depth=2):
            shown[row[-1].split(" (mốc ")[0]] += 1
    labels = ev.INDICATOR_VERDICT_LABELS
    assert {kind: shown[labels[kind]] for kind in labels} == indicators


def _check_chasing(produced, reports) -> None:
    text = _text(produced["docx"])
    assert _report_parts(text, rf"trong {N} cơ quan, đơn vị phải báo cáo: ") == reports
    owed_tasks, owed_values = (
        _int(n)
        for n in re.search(
            rf"Các cơ quan, đơn vị chưa gửi còn {N} lượt nhiệm vụ được giao chủ trì chưa được "
            rf"báo cáo kết quả và {N} chỉ tiêu chưa có số liệu",
            text,
        ).groups()
    )
    owing, owed = _sheets(produced["xlsx"]).values()
    agencies = [row for row in owing[HEADER_ROW:] if row[1]]
    assert len(agencies) == reports["missing"]
    assert sum(row[4] for row in agencies) == owed_tasks
    assert sum(row[5] for row in agencies) == owed_values
    assert len(_body_rows(owed)) == owed_tasks


def _check_scorecard(produced, reports, tasks, api) -> None:
    text = _text(produced["docx"])
    head = rf"Căn cứ báo cáo của {N} cơ quan, đơn vị trong kỳ [^:]+, tính đến ngày [\d/]+: "
    assert _report_parts(text, head) == reports
    assert _task_parts(text, rf"Tổng số {N} lượt nhiệm vụ được giao chủ trì: ") == tasks
    assert api["weights"]["method"] in text
    (rows,) = _sheets(produced["xlsx"]).values()
    lines = rows[HEADER_ROW:]
    assert len(lines) == len(api["agencies"])
    for line, agency in zip(lines, api["agencies"], strict=True):
        # Số nhiệm vụ, then one column per verdict, in the order of the verdicts.
        verdicts = line[4 : 4 + len(ev.TASK_VERDICTS)]
        assert line[3] == sum(verdicts)
        assert dict(zip(ev.TASK_VERDICTS, verdicts, strict=True)) == {
            kind: agency["tasks"][kind] for kind in ev.TASK_VERDICTS
        }
        assert (line[1], line[-1]) == (agency["name"], agency["score"])
    for offset, kind in enumerate(ev.TASK_VERDICTS):
        assert sum(line[4 + offset] for line in lines) == tasks[kind]
    sent = Counter(
        "on_time"
        if line[2] == "Gửi đúng hạn"
        else "late"
        if line[2].startswith("Gửi muộn")
        else "missing"
        for line in lines
    )
    assert {kind: sent[kind] for kind in reports} == reports


def _check_pages(client, period, reports, tasks, indicators) -> None:
    page = html.unescape(
        client.get(reverse("consolidation-detail", args=[period.pk])).content.decode()
    )
    total, parts = _page_counts(page, "tong-quan-bao-cao")
    assert _closes(total, parts) == reports
    total, parts = _page_counts(page, "tong-quan-nhiem-vu")
    assert _closes(total, parts) == tasks
    total, parts = _page_counts(page, "tong-quan-chi-tieu")
    assert _closes(total, parts) == indicators
    ranking = page[page.index('id="xep-hang"') :]
    for row in re.findall(r"<tr>(.*?)</tr>", ranking[: ranking.index("</table>")], re.S)[1:]:
        total = re.search(r"data-total>(\d+)<", row)
        if total:
            parts = {kind: int(n) for kind, n in re.findall(r'data-part="(\w+)">(\d+)', row)}
            assert set(parts) == set(ev.TASK_VERDICTS)
            _closes(int(total.group(1)), parts)

    progress = nfc(
        html.unescape(client.get(reverse("period-progress", args=[period.pk])).content.decode())
    )
    sent, total, on_time, late, not_sent, waiting, overdue = (
        _int(n)
        for n in re.search(
            rf"{N}/{N} đơn vị đã gửi báo cáo \({N} đúng hạn, {N} gửi muộn\); {N} đơn vị chưa gửi "
            rf"\({N} chưa đến hạn, (?:<strong class=\"late\">)?{N} đã quá hạn",
            progress,
        ).groups()
    )
    assert total == sent + not_sent == sum(reports.values())
    assert (on_time, late, waiting + overdue) == (
        reports["on_time"],
        reports["late"],
        reports["missing"],
    )
    (listed,) = [p for p in client.get("/api/v1/periods").json() if p["id"] == period.pk]
    assert listed["report_count"] == listed["submitted_count"] + listed["waiting_count"] == total
    assert listed["waiting_count"] == reports["missing"]
