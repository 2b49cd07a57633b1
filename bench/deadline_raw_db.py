"""The raw floor's database and reads (bench/deadline_raw.py): the thread's connection with
every statement counted, and a report with its rows read and answered as the API's JSON."""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from pathlib import Path
from typing import Any

POSTGRES = bool(os.environ.get("DATABASE_URL"))
TOKEN_LIFETIME = dt.timedelta(days=30)
LOCAL = dt.timezone(dt.timedelta(hours=7))  # Asia/Ho_Chi_Minh, dxtrack's TIME_ZONE
STATUS_LABELS = {
    "done": "Đã hoàn thành",
    "done_late": "Hoàn thành quá hạn",
    "in_progress": "Đang thực hiện",
    "not_started": "Chưa thực hiện",
    "not_done": "Không thực hiện",
    "not_assigned": "Không thuộc chức năng, nhiệm vụ",
}
STATUS_BY_LABEL = {label: value for value, label in STATUS_LABELS.items()}
TOPICS = [
    ("the_che", "Thể chế"),
    ("ha_tang", "Hạ tầng"),
    ("nen_tang_so", "Nền tảng số"),
    ("du_lieu_so", "Dữ liệu số"),
    ("an_toan_thong_tin", "An toàn thông tin mạng và an ninh mạng"),
    ("nhan_luc_so", "Nhân lực số"),
    ("ky_nang_so", "Kỹ năng số, công dân số và văn hóa số"),
]
EDITABLE = ("draft", "returned")
TASK_FIELDS = ("status", "description", "evidence", "completed_on", "difficulties", "proposals")
_local = threading.local()


# ----------------------------------------------------------------------- the database


def _connect():
    if POSTGRES:
        import psycopg

        # The planner's page cost dxtrack's own connections use (settings.py), so that both
        # run the same plans.
        page_cost = os.environ.get("DXTRACK_PG_RANDOM_PAGE_COST", "1.1")
        return psycopg.connect(
            os.environ["DATABASE_URL"],
            autocommit=True,
            options=f"-c random_page_cost={page_cost}",
        )
    import sqlite3

    path = Path(os.environ["DXTRACK_DATA_DIR"]) / "dxtrack.sqlite3"
    # As dxtrack's settings: autocommit, WAL, writers wait up to 20 s for the lock.
    connection = sqlite3.connect(path, timeout=20, isolation_level=None, check_same_thread=False)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    return connection


class Db:
    """The thread's connection; every statement counted."""

    def __init__(self) -> None:
        if getattr(_local, "connection", None) is None:
            _local.connection = _connect()
            _local.queries = 0
        self.connection = _local.connection

    def run(self, sql: str, params: tuple | list = ()) -> Any:
        _local.queries += 1
        if not POSTGRES:
            sql = sql.replace("%s", "?")
        return self.connection.execute(sql, params)

    def many(self, sql: str, rows: list) -> None:
        if not rows:
            return
        _local.queries += 1
        if POSTGRES:
            with self.connection.cursor() as cursor:
                cursor.executemany(sql, rows)
        else:
            self.connection.executemany(sql.replace("%s", "?"), rows)

    # Not counted, as Django's query log does not count them either.
    def begin(self) -> None:
        # SQLite: take the write lock at once, as dxtrack's IMMEDIATE transactions do.
        self.connection.execute("BEGIN" if POSTGRES else "BEGIN IMMEDIATE")

    def commit(self) -> None:
        self.connection.execute("COMMIT")

    def rollback(self) -> None:
        self.connection.execute("ROLLBACK")


def query_count() -> int:
    return getattr(_local, "queries", 0)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _moment(value: dt.datetime) -> Any:
    """A time as the column holds it: naive UTC text on SQLite (as Django writes it)."""
    return value if POSTGRES else value.replace(tzinfo=None).isoformat(" ")


def _json_param(value: Any) -> Any:
    if POSTGRES:
        from psycopg.types.json import Jsonb

        return Jsonb(value)
    return json.dumps(value, ensure_ascii=False)


def _json_value(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _date_text(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, str) else value.isoformat()


def _time_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):  # SQLite: naive UTC
        value = dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC)
    return value.isoformat()


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


class Refused(Exception):
    def __init__(self, status: str, detail: str, errors: list | None = None, **more: Any):
        super().__init__(detail)
        self.status, self.body = status, {"detail": detail, "errors": errors or [], **more}


# ----------------------------------------------------------------------- the report


def _report_row(db: Db, period_id: int, agency_id: int) -> dict:
    row = db.run(
        "SELECT r.id, r.status, r.version, r.submitted_at, r.reviewed_at, r.review_comment,"
        " r.assessment, p.id, p.name, p.due_on, p.ends_on, a.id, a.name"
        " FROM reporting_agencyreport r"
        " JOIN reporting_reportingperiod p ON p.id = r.period_id"
        " JOIN agencies_agency a ON a.id = r.agency_id"
        " WHERE r.period_id = %s AND r.agency_id = %s",
        (period_id, agency_id),
    ).fetchone()
    if row is None:
        raise Refused("404 Not Found", "Không tìm thấy báo cáo của đơn vị trong kỳ này.")
    keys = (
        "id status version submitted_at reviewed_at review_comment assessment period_id "
        "period_name due_on ends_on agency_id agency_name"
    ).split()
    report = dict(zip(keys, row, strict=True))
    report["assessment"] = _json_value(report["assessment"]) or {}
    return report


def _rows(db: Db, report: dict, agency_id: int) -> dict:
    """The report's rows, as the API shows them (six statements)."""
    report_id = report["id"]
    year = int(_date_text(report["ends_on"])[:4])
    extended = dict(
        db.run(
            "SELECT task_id, MAX(proposed_end) FROM reporting_extensionrequest"
            " WHERE agency_id = %s AND kind = 'extend' AND status = 'approved' GROUP BY task_id",
            (agency_id,),
        ).fetchall()
    )
    files: dict[int, list] = {}
    for update_id, file_id, name, content_type, size in db.run(
        "SELECT f.update_id, f.id, f.original_name, f.content_type, f.size"
        " FROM reporting_evidencefile f JOIN reporting_taskupdate u ON u.id = f.update_id"
        " WHERE u.report_id = %s ORDER BY f.uploaded_at, f.id",
        (report_id,),
    ):
        files.setdefault(update_id, []).append(
            {"id": file_id, "name": name, "content_type": content_type, "size": size}
        )
    tasks = []
    for row in db.run(
        "SELECT u.id, u.task_id, t.plan_id, t.number, t.name, u.role, t.ends_on, t.recurrence,"
        " u.status, u.description, u.evidence, u.completed_on, u.difficulties, u.proposals,"
        " u.evaluation, u.dispute_decision, t.funding_source, t.budget, u.carried_over"
        " FROM reporting_taskupdate u JOIN plans_task t ON t.id = u.task_id"
        " WHERE u.report_id = %s ORDER BY u.role, u.position, u.id",
        (report_id,),
    ):
        (update_id, task_id, plan_id, number, name, role, ends_on, recurrence, status) = row[:9]
        deadline = (
            _date_text(report["ends_on"])
            if recurrence
            else _date_text(extended.get(task_id)) or _date_text(ends_on)
        )
        tasks.append(
            {
                "_id": update_id,
                "task_id": task_id,
                "plan_id": plan_id,
                "number": number,
                "name": name,
                "role": role,
                "deadline": deadline,
                "status": status,
                "description": row[9],
                "evidence": row[10],
                "completed_on": _date_text(row[11]),
                "difficulties": row[12],
                "proposals": row[13],
                "evaluation": row[14],
                "dispute_decision": row[15],
                "funding_source": row[16],
                "budget": _number(row[17]),
                "carried_over": bool(row[18]),
                "files": files.get(update_id, []),
            }
        )
    targets: dict[int, list] = {}
    for indicator_id, milestone, text, year_from, year_to in db.run(
        "SELECT g.indicator_id, g.milestone, g.text, g.year_from, g.year_to"
        " FROM plans_target g JOIN reporting_indicatorvalue v ON v.indicator_id = g.indicator_id"
        " WHERE v.report_id = %s ORDER BY g.position, g.id",
        (report_id,),
    ):
        targets.setdefault(indicator_id, []).append((milestone, text, year_from, year_to))
    indicators = []
    for row in db.run(
        "SELECT v.id, v.indicator_id, i.plan_id, i.number, i.name, i.unit, v.role, v.value_text,"
        " v.value_number, v.value_met, v.note, v.source"
        " FROM reporting_indicatorvalue v JOIN plans_indicator i ON i.id = v.indicator_id"
        " WHERE v.report_id = %s ORDER BY v.position, v.id",
        (report_id,),
    ):
        own = targets.get(row[1], [])
        indicators.append(
            {
                "_id": row[0],
                "indicator_id": row[1],
                "plan_id": row[2],
                "number": row[3],
                "name": row[4],
                "unit": row[5],
                "role": row[6],
                "target": _period_target(own, year),
                "targets": [{"milestone": m, "text": t} for m, t, _f, _t in own],
                "value": row[7],
                "value_number": row[8],
                "value_met": None if row[9] is None else bool(row[9]),
                "note": row[10],
                "source": row[11],
            }
        )
    projects = [
        {
            "project_id": row[0],
            "name": row[1],
            "years": [int(y) for y in _json_value(row[2]) or [] if str(y).isdigit()],
            "status": STATUS_LABELS.get(row[3]),
            "description": row[4],
            "funding_source": row[5],
            "budget": {"planned": _number(row[6]), "disbursed": _number(row[7])},
        }
        for row in db.run(
            "SELECT u.project_id, k.name, k.years, u.status, u.description, k.funding_source,"
            " u.budget_planned, u.budget_disbursed"
            " FROM reporting_projectupdate u JOIN plans_keyproject k ON k.id = u.project_id"
            " WHERE u.report_id = %s ORDER BY u.position, u.id",
            (report_id,),
        )
    ]
    return {"tasks": tasks, "indicators": indicators, "projects": projects}


def _period_target(targets: list, year: int) -> str:
    ahead = None
    for milestone, text, year_from, year_to in targets:
        start, end = year_from or year_to, year_to or year_from
        if start is not None and start <= year <= end:
            return text
        if start is not None and start > year and (ahead is None or start < ahead[0]):
            ahead = (start, text)
        del milestone
    return ahead[1] if ahead else ""


def _answer(report: dict, rows: dict) -> dict:
    return {
        "period": {
            "id": report["period_id"],
            "name": report["period_name"],
            "due": _date_text(report["due_on"]),
        },
        "agency": {"id": report["agency_id"], "name": report["agency_name"]},
        "status": report["status"],
        "version": report["version"],
        "editable": report["status"] in EDITABLE,
        "submitted_at": _time_text(report["submitted_at"]),
        "reviewed_at": _time_text(report["reviewed_at"]),
        "review_comment": report["review_comment"],
        "tasks": [
            {
                **{k: v for k, v in row.items() if k != "_id"},
                "status": STATUS_LABELS.get(row["status"]),
            }
            for row in rows["tasks"]
        ],
        "indicators": [{k: v for k, v in r.items() if k != "_id"} for r in rows["indicators"]],
        "projects": rows["projects"],
        "assessment": {
            key: {
                "label": label,
                "issues": report["assessment"].get(key, {}).get("issues", ""),
                "proposals": report["assessment"].get(key, {}).get("proposals", ""),
            }
            for key, label in TOPICS
        },
    }


def _snapshot(report: dict, rows: dict) -> dict:
    """What dxtrack's history keeps of each version: the whole content."""
    return {
        "status": report["status"],
        "tasks": {
            str(r["task_id"]): {
                "role": r["role"],
                **{f: r[f] or "" for f in TASK_FIELDS},
                "evaluation": r["evaluation"],
            }
            for r in rows["tasks"]
        },
        "indicators": {
            str(r["indicator_id"]): {"value": r["value"], "note": r["note"], "source": r["source"]}
            for r in rows["indicators"]
        },
        "assessment": report["assessment"],
    }


def report_read(db: Db, period_id: int, agency_id: int) -> dict:
    report = _report_row(db, period_id, agency_id)
    return _answer(report, _rows(db, report, agency_id))
