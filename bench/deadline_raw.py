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
import re
import secrets
from typing import Any

import argon2
from deadline_raw_db import (
    EDITABLE,
    LOCAL,
    STATUS_BY_LABEL,
    STATUS_LABELS,
    TASK_FIELDS,
    TOKEN_LIFETIME,
    TOPICS,
    Db,
    Refused,
    _answer,
    _json_param,
    _moment,
    _now,
    _report_row,
    _rows,
    _snapshot,
    query_count,
    report_read,
)

__all__ = ["application", "query_count"]
_hasher = argon2.PasswordHasher()


# ----------------------------------------------------------------------- HTTP


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
