"""The floor under dxtrack's report calls: the same reads and writes of a report done by a
minimal WSGI handler with the database driver alone (sqlite3 or psycopg), no Django.

`bench/deadline_load.py` runs it under the same gunicorn (workers, threads), against the
same database and rows, with the same client load as `dxtrack serve`, and prints both:

    POST /api/v1/auth/token                    throttle check, the account, Argon2 verify
                                               (the same hash), failures forgotten, a token
    GET  /api/v1/reports/{period}/{agency}     token checked, the report and its rows
                                               (tasks with their files and approved
                                               extensions, indicators with their targets,
                                               key projects) as JSON
    PUT  /api/v1/reports/{period}/{agency}     token checked; in one transaction: the report
                                               and its rows read, the sent rows validated,
                                               the changed ones written, the version bumped
                                               under its guard, the version's snapshot and an
                                               audit row with the changes; the report back
    POST /api/v1/reports/{period}/{agency}/submit
                                               token checked; in one transaction: a status on
                                               every task it leads, the move to "submitted",
                                               version and audit rows; the report back

It answers in the API's shapes (the fields dxtrack's ReportOut has), checks the version and
the state as dxtrack does, and refuses a reporter another agency's report: honest work, not
an empty response. Only what the benchmark calls is implemented. The database is the one
dxtrack's settings name: DATABASE_URL, else DXTRACK_DATA_DIR/dxtrack.sqlite3.
`query_count()` is the number of statements the current thread has sent.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import secrets
import threading
from pathlib import Path
from typing import Any

import argon2

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
_hasher = argon2.PasswordHasher()


# ----------------------------------------------------------------------- the database


def _connect():
    if POSTGRES:
        import psycopg

        return psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)
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


# ----------------------------------------------------------------------- HTTP


class Refused(Exception):
    def __init__(self, status: str, detail: str, errors: list | None = None, **more: Any):
        super().__init__(detail)
        self.status, self.body = status, {"detail": detail, "errors": errors or [], **more}


def _json_body(environ: dict) -> dict:
    length = int(environ.get("CONTENT_LENGTH") or 0)
    try:
        body = json.loads(environ["wsgi.input"].read(length) or b"{}")
    except ValueError:
        raise Refused("400 Bad Request", "Nội dung gửi lên không phải JSON hợp lệ.") from None
    if not isinstance(body, dict):
        raise Refused("400 Bad Request", "Dữ liệu gửi lên không hợp lệ.")
    return body


_REPORT = re.compile(r"^/api/v1/reports/(\d+)/(\d+)(/submit)?$")


def application(environ: dict, start_response) -> list[bytes]:
    db = Db()
    method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")
    try:
        if path == "/api/v1/ping":
            db.run("SELECT 1").fetchone()
            status, body = "200 OK", {}
        elif path == "/api/v1/auth/token" and method == "POST":
            status, body = "200 OK", token_create(db, environ)
        elif (match := _REPORT.match(path)) is None:
            raise Refused("404 Not Found", "Không tìm thấy.")
        else:
            period_id, agency_id, submit = int(match[1]), int(match[2]), bool(match[3])
            reporter = _bearer(db, environ)
            if reporter["agency_id"] != agency_id and reporter["role"] not in (
                "admin",
                "coordinator",
                "leader",
            ):
                raise Refused("403 Forbidden", "Bạn không có quyền thực hiện thao tác này.")
            if submit and method == "POST":
                body = report_submit(db, reporter, period_id, agency_id)
            elif method == "GET":
                body = report_read(db, period_id, agency_id)
            elif method == "PUT":
                body = report_save(db, reporter, period_id, agency_id, _json_body(environ))
            else:
                raise Refused("405 Method Not Allowed", "Phương thức không được hỗ trợ.")
            status = "200 OK"
    except Refused as refused:
        status, body = refused.status, refused.body
    payload = json.dumps(body, ensure_ascii=False).encode()
    start_response(
        status,
        [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))],
    )
    return [payload]


# ----------------------------------------------------------------------- signing in


def token_create(db: Db, environ: dict) -> dict:
    data = _json_body(environ)
    username, password = str(data.get("username", "")), str(data.get("password", ""))
    address = environ.get("REMOTE_ADDR")
    name = username.strip().lower()
    now = _now()
    failures, _last = db.run(
        "SELECT COUNT(*), MAX(at) FROM accounts_loginfailure"
        " WHERE username = %s AND address = %s AND at >= %s",
        (name, address, _moment(now - dt.timedelta(hours=24))),
    ).fetchone()
    if failures > 3:
        raise Refused("429 Too Many Requests", "Đăng nhập sai nhiều lần từ địa chỉ này.")
    row = db.run(
        "SELECT id, password FROM auth_user WHERE username = %s AND is_active = %s",
        (username, True),
    ).fetchone()
    encoded = row[1] if row else ""
    try:
        # Django's "argon2$argon2id$v=19$m=…,t=…,p=…$salt$hash" is argon2's own after "argon2".
        ok = bool(row) and _hasher.verify(encoded.removeprefix("argon2"), password)
    except argon2.exceptions.VerificationError:
        ok = False
    if not ok:
        db.run(
            "INSERT INTO accounts_loginfailure (username, address, at) VALUES (%s, %s, %s)",
            (name, address, _moment(now)),
        )
        raise Refused("401 Unauthorized", "Tên đăng nhập hoặc mật khẩu không đúng.")
    db.run(
        "DELETE FROM accounts_loginfailure WHERE username = %s AND address = %s", (name, address)
    )
    key = secrets.token_urlsafe(32)
    db.run(
        "INSERT INTO accounts_apitoken (user_id, key_hash, created_at, expires_at)"
        " VALUES (%s, %s, %s, %s)",
        (
            row[0],
            hashlib.sha256(key.encode()).hexdigest(),
            _moment(now),
            _moment(now + TOKEN_LIFETIME),
        ),
    )
    return {"token": key}


def _bearer(db: Db, environ: dict) -> dict:
    header = environ.get("HTTP_AUTHORIZATION", "")
    scheme, _, key = header.partition(" ")
    now = _now()
    row = (
        db.run(
            "SELECT t.id, t.last_used_at, u.id, p.role, p.agency_id FROM accounts_apitoken t"
            " JOIN auth_user u ON u.id = t.user_id"
            " LEFT JOIN accounts_profile p ON p.user_id = u.id"
            " WHERE t.key_hash = %s AND t.expires_at > %s AND t.revoked_at IS NULL"
            " AND u.is_active = %s",
            (hashlib.sha256(key.encode()).hexdigest(), _moment(now), True),
        ).fetchone()
        if scheme.lower() == "bearer" and key
        else None
    )
    if row is None:
        raise Refused("401 Unauthorized", "Chưa đăng nhập hoặc thông tin xác thực không hợp lệ.")
    token_id, last_used, user_id, role, agency_id = row
    if last_used is None:  # as dxtrack: written at most every few minutes
        db.run(
            "UPDATE accounts_apitoken SET last_used_at = %s WHERE id = %s", (_moment(now), token_id)
        )
    return {"user_id": user_id, "role": role, "agency_id": agency_id}


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


def _clean(text: Any) -> str:
    return " ".join(str(text or "").split()) if text else ""


def report_save(db: Db, reporter: dict, period_id: int, agency_id: int, data: dict) -> dict:
    if reporter["role"] != "reporter":
        raise Refused("403 Forbidden", "Bạn không có quyền thực hiện thao tác này.")
    today = dt.datetime.now(LOCAL).date().isoformat()
    db.begin()
    try:
        report = _report_row(db, period_id, agency_id)
        if report["status"] not in EDITABLE:
            raise Refused("409 Conflict", "Báo cáo không ở trạng thái được sửa.")
        if data.get("version") != report["version"]:
            raise Refused(
                "409 Conflict", "Báo cáo đã được lưu bởi người khác.", version=report["version"]
            )
        rows = _rows(db, report, agency_id)
        tasks = {r["task_id"]: r for r in rows["tasks"]}
        values = {r["indicator_id"]: r for r in rows["indicators"]}
        errors, changed_tasks, changed_values, changes = [], [], [], []
        for sent in data.get("tasks") or []:
            row = tasks.get(sent.get("task_id"))
            where = f"tasks.{sent.get('task_id')}"
            if row is None or row["carried_over"]:
                errors.append({"loc": where, "msg": "Nhiệm vụ này không sửa được."})
                continue
            status = STATUS_BY_LABEL.get(sent.get("status") or "", sent.get("status") or "")
            if status and status not in STATUS_LABELS:
                errors.append({"loc": f"{where}.status", "msg": "Tình trạng không hợp lệ."})
                continue
            completed = sent.get("completed_on") or None
            if completed and (completed > today or status not in ("done", "done_late")):
                errors.append({"loc": f"{where}.completed_on", "msg": "Ngày hoàn thành sai."})
                continue
            new = {
                "status": status,
                "description": _clean(sent.get("description")),
                "evidence": _clean(sent.get("evidence")),
                "completed_on": completed,
                "difficulties": _clean(sent.get("difficulties")),
                "proposals": _clean(sent.get("proposals")),
            }
            diff = [f for f in TASK_FIELDS if (row[f] or "") != (new[f] or "")]
            if diff:
                changes += [
                    {
                        "kind": "task",
                        "key": str(row["task_id"]),
                        "field": f,
                        "old": row[f],
                        "new": new[f],
                    }
                    for f in diff
                ]
                row.update(new)
                changed_tasks.append(row)
        for sent in data.get("indicators") or []:
            row = values.get(sent.get("indicator_id"))
            if row is None:
                errors.append({"loc": f"indicators.{sent.get('indicator_id')}", "msg": "Không có."})
                continue
            new = {
                "value": _clean(sent.get("value")),
                "note": _clean(sent.get("note")),
                "source": _clean(sent.get("source")),
            }
            diff = [f for f in new if row[f] != new[f]]
            if diff:
                changes += [
                    {
                        "kind": "indicator",
                        "key": str(row["indicator_id"]),
                        "field": f,
                        "old": row[f],
                        "new": new[f],
                    }
                    for f in diff
                ]
                row.update(new)
                changed_values.append(row)
        assessment = report["assessment"]
        if data.get("assessment") is not None:
            assessment = {
                key: {p: _clean((topic or {}).get(p)) for p in ("issues", "proposals")}
                for key, topic in data["assessment"].items()
                if key in dict(TOPICS)
            }
        if errors:
            raise Refused("400 Bad Request", "Báo cáo chưa lưu được.", errors)
        now = _now()
        db.many(
            "UPDATE reporting_taskupdate SET status = %s, description = %s, evidence = %s,"
            " completed_on = %s, difficulties = %s, proposals = %s WHERE id = %s",
            [[r[f] for f in TASK_FIELDS] + [r["_id"]] for r in changed_tasks],
        )
        db.many(
            "UPDATE reporting_indicatorvalue SET value_text = %s, note = %s, source = %s"
            " WHERE id = %s",
            [[r["value"], r["note"], r["source"], r["_id"]] for r in changed_values],
        )
        claimed = db.run(
            "UPDATE reporting_agencyreport SET version = version + 1, assessment = %s,"
            " updated_by_id = %s, updated_at = %s WHERE id = %s AND version = %s",
            (
                _json_param(assessment),
                reporter["user_id"],
                _moment(now),
                report["id"],
                report["version"],
            ),
        ).rowcount
        if not claimed:
            raise Refused("409 Conflict", "Báo cáo đã được lưu bởi người khác.")
        report.update(version=report["version"] + 1, assessment=assessment)
        _history(
            db,
            report,
            rows,
            reporter,
            "save",
            now,
            {"version": report["version"], "changes": changes},
        )
        db.commit()
    except BaseException:
        db.rollback()
        raise
    return _answer(report, rows)


def _history(db: Db, report: dict, rows: dict, reporter: dict, action: str, now, details) -> None:
    db.run(
        "INSERT INTO reporting_reportversion (report_id, number, action, status, actor_id, at,"
        " comment, snapshot) VALUES (%s, %s, %s, %s, %s, %s, '', %s)",
        (
            report["id"],
            report["version"],
            action,
            report["status"],
            reporter["user_id"],
            _moment(now),
            _json_param(_snapshot(report, rows)),
        ),
    )
    db.run(
        "INSERT INTO audit_auditentry (actor_id, action, target_type, target_id, at, details)"
        " VALUES (%s, %s, 'reporting.agencyreport', %s, %s, %s)",
        (reporter["user_id"], f"report.{action}", report["id"], _moment(now), _json_param(details)),
    )


def report_submit(db: Db, reporter: dict, period_id: int, agency_id: int) -> dict:
    if reporter["role"] != "reporter":
        raise Refused("403 Forbidden", "Bạn không có quyền thực hiện thao tác này.")
    db.begin()
    try:
        report = _report_row(db, period_id, agency_id)
        rows = _rows(db, report, agency_id)
        if report["status"] == "submitted":
            db.commit()
            return _answer(report, rows)
        if report["status"] not in EDITABLE:
            raise Refused("409 Conflict", "Báo cáo không ở trạng thái được gửi.")
        missing = [
            {
                "loc": f"tasks.{r['task_id']}.status",
                "msg": f"Chưa chọn tình trạng “{r['name'][:80]}”.",
            }
            for r in rows["tasks"]
            if r["role"] == "lead" and not r["status"]
        ]
        if missing:
            raise Refused("400 Bad Request", "Báo cáo chưa gửi được.", missing)
        now = _now()
        db.run(
            "UPDATE reporting_agencyreport SET status = 'submitted', version = version + 1,"
            " submitted_at = %s, updated_by_id = %s, updated_at = %s"
            " WHERE id = %s AND status IN ('draft', 'returned')",
            (_moment(now), reporter["user_id"], _moment(now), report["id"]),
        )
        report.update(status="submitted", version=report["version"] + 1, submitted_at=_moment(now))
        _history(db, report, rows, reporter, "submit", now, {"version": report["version"]})
        db.commit()
    except BaseException:
        db.rollback()
        raise
    return _answer(report, rows)
