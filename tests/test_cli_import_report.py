"""`dxtrack import-report`: a result table read (dry run, JSON of spec/report-json.md) and
recorded as an agency's report for a period."""

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from dxtrack.accounts.models import Profile, Role
from dxtrack.agencies.models import Agency
from dxtrack.agencies.services import directory_install
from dxtrack.cli import main
from dxtrack.ingest.services import bundled_plans_import
from dxtrack.plans.models import Plan, Task
from dxtrack.reporting.models import AgencyReport, PlanProposal, TaskStatus
from dxtrack.reporting.period_services import period_create, period_open

SEED_004 = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "004_3b23c18a7941d152.txt"
ROW_KEYS = {
    "appendix",
    "number",
    "task",
    "deadline",
    "status",
    "description",
    "completed_on",
    "difficulties",
    "proposals",
    "evaluation",
    "match",
}


@pytest.fixture
def seed_004():
    if not SEED_004.is_file():
        pytest.skip("../shared/seeds is not beside the project")
    return SEED_004


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.STATIC_ROOT = tmp_path / "static"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return tmp_path


def _run(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DXTRACK_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(  # noqa: S603 - our own entry point, fixed arguments
        [sys.executable, "-m", "dxtrack.cli", "import-report", *args],
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_a_dry_run_on_004_prints_the_report_json_and_creates_no_database(seed_004, tmp_path):
    completed = _run(str(seed_004), "--dry-run", "--json", data_dir=tmp_path)

    assert completed.returncode == 0, completed.stderr.decode()
    out = completed.stdout.decode("utf-8")
    assert "\\u" not in out  # UTF-8, not ASCII-escaped
    data = json.loads(out)
    assert set(data) == {"source", "report", "rows", "warnings"}
    assert data["source"] == "004_3b23c18a7941d152.txt"
    assert data["report"] == {
        "number": None,
        "issuer": "Sở Khoa học và Công nghệ",
        "date": "2025-08-11",
        "title": "Kết quả triển khai thực hiện chỉ đạo của Phó Thủ tướng Chính phủ Nguyễn Chí "
        "Dũng tại Thông báo số 396/TB-VPCP của Văn phòng Chính phủ",
    }
    rows = data["rows"]
    assert [(r["appendix"], r["number"]) for r in rows] == [
        ("Phụ lục I", str(n)) for n in range(1, 52)
    ] + [("Phụ lục II", str(n)) for n in range(1, 26)]
    assert all(set(r) == ROW_KEYS for r in rows)
    assert all(r["match"] is None for r in rows)  # no catalogue on a fresh machine
    fourth = rows[3]
    assert fourth["task"].startswith("Chủ trì, phối hợp với Văn phòng Chính phủ, Bộ Công an tái")
    assert fourth["deadline"] == {"text": "30/6/2025", "date": "2025-06-30"}
    assert fourth["status"] == "Đã hoàn thành"
    assert fourth["completed_on"] == {"text": "30/6/2025", "date": "2025-06-30"}
    assert fourth["description"].startswith("Đã thực hiện tái cấu trúc quy trình thủ tục")
    assert all(set(w) == {"where", "message"} for w in data["warnings"])
    assert "Phụ lục II, TT 10" in {w["where"] for w in data["warnings"]}
    # Diagnostics go to standard error.
    assert "76 dòng" in completed.stderr.decode()
    assert not (tmp_path / "dxtrack.sqlite3").exists()


def test_a_file_that_is_not_a_result_table_exits_2_with_a_vietnamese_message(tmp_path):
    plan = tmp_path / "ke-hoach.txt"
    plan.write_text(
        "KẾ HOẠCH\nChuyển đổi số năm 2026\nTT\tNhiệm vụ\tCơ quan chủ trì\tThời gian\n"
        "1\tTriển khai bệnh án điện tử\tSở Y tế\tNăm 2026\n",
        encoding="utf-8",
    )

    completed = _run(str(plan), "--dry-run", "--json", data_dir=tmp_path / "data")

    assert completed.returncode == 2
    assert completed.stdout == b""
    error = completed.stderr.decode()
    assert "ke-hoach.txt" in error
    assert "không có bảng kết quả" in error


@pytest.mark.django_db
def test_recording_needs_a_period_and_an_agency(capsys, data_dir, tmp_path):
    path = tmp_path / "ket-qua.txt"
    path.write_text("x", encoding="utf-8")

    assert main(["import-report", str(path)]) == 2
    assert "--period" in capsys.readouterr().err


def _dost_year(year: int):
    """The province with its plans, a coordinator, a reporter of Sở KH&CN and the year's
    period opened over every plan."""
    directory_install()
    bundled_plans_import()
    user_model = get_user_model()
    coordinator = user_model.objects.create_user(username="vanphong.skhcn")
    Profile.objects.create(user=coordinator, role=Role.COORDINATOR)
    dost = Agency.objects.get(name="Sở Khoa học và Công nghệ")
    reporter = user_model.objects.create_user(username="baocao.skhcn")
    Profile.objects.create(user=reporter, role=Role.REPORTER, agency=dost)
    period = period_create(
        actor=coordinator,
        name=f"Báo cáo năm {year}",
        kind="yearly",
        starts_on=dt.date(year, 1, 1),
        ends_on=dt.date(year, 12, 31),
        due_on=dt.date(year, 11, 30),
        plan_ids=list(Plan.objects.values_list("pk", flat=True)),
    )
    period_open(period=period, actor=coordinator)
    return dost, period


@pytest.mark.django_db
def test_a_result_table_is_recorded_as_the_agencys_report(capsys, data_dir, tmp_path):
    dost, period = _dost_year(2026)
    version = AgencyReport.objects.get(period=period, agency=dost).version
    five_g = Task.objects.get(name__startswith="Phủ sóng 5G tại 100% khu công nghiệp")
    path = tmp_path / "ket-qua-skhcn.txt"
    path.write_text(
        "Phụ lục I\nTT\tTên nhiệm vụ\tThời hạn\tKết quả\tMô tả\tNgày hoàn thành thực tế\n"
        "1\tPhủ sóng 5G tại 100% khu công nghiệp, khu đô thị, trung tâm hành chính, khu du "
        "lịch\t30/9/2026\tĐã hoàn thành\tĐã phủ sóng 7/7 khu công nghiệp\t15/9/2026\n"
        "2\tTổ chức giải bóng đá giao hữu của công đoàn\t30/4/2026\tĐã hoàn thành\t\t\n",
        encoding="utf-8",
    )

    code = main(
        [
            "import-report",
            str(path),
            "--period",
            str(period.pk),
            "--agency",
            "Sở KH&CN",
            "--user",
            "baocao.skhcn",
        ]
    )

    out = capsys.readouterr().out
    assert code == 0
    assert "Đã ghi 1 dòng" in out
    assert "Bỏ qua Phụ lục I, TT 2: chưa xác định nhiệm vụ tương ứng." in out
    report = AgencyReport.objects.get(period=period, agency=dost)
    update = report.task_updates.get(task=five_g)
    assert update.status == TaskStatus.DONE
    assert update.completed_on == dt.date(2026, 9, 15)
    assert update.description == "Đã phủ sóng 7/7 khu công nghiệp"
    assert report.version == version + 1  # the rows in one version


def test_create_missing_under_dry_run_prints_the_plan_it_would_propose(seed_004, tmp_path):
    completed = _run(str(seed_004), "--dry-run", "--create-missing", data_dir=tmp_path)

    assert completed.returncode == 0, completed.stderr.decode()
    out = completed.stdout.decode("utf-8")
    # A fresh machine has no catalogue: every row would become a task.
    assert "Sẽ đề nghị tạo kế hoạch từ 76 dòng không có trong danh mục" in out
    assert "Thông báo số 396/TB-VPCP, ngày (chưa rõ), của Văn phòng Chính phủ" in out
    assert "Phụ lục I, TT 4: Chủ trì, phối hợp với Văn phòng Chính phủ" in out
    assert "chủ trì: Sở Khoa học và Công nghệ · thời hạn: 30/6/2025" in out
    assert not (tmp_path / "dxtrack.sqlite3").exists()


@pytest.mark.django_db
def test_create_missing_proposes_and_the_coordinator_confirms(capsys, data_dir, seed_004):
    dost, period = _dost_year(2025)
    record = ["import-report", str(seed_004), "--period", str(period.pk)]
    record += ["--agency", "Sở KH&CN", "--user", "baocao.skhcn", "--create-missing"]

    assert main(record) == 0
    out = capsys.readouterr().out
    assert "Đề nghị tạo kế hoạch từ 53 dòng không có trong danh mục" in out
    assert "Đã gửi đề nghị tạo kế hoạch (mã " in out
    assert not Plan.objects.filter(number="396/TB-VPCP").exists()

    proposal = PlanProposal.objects.get()
    decide = ["import-report", "--confirm", str(proposal.pk), "--plan-date", "27/6/2025"]
    assert main([*decide, "--user", "baocao.skhcn"]) == 2
    assert "không được tạo kế hoạch" in capsys.readouterr().err
    assert main([*decide, "--user", "vanphong.skhcn"]) == 0

    out = capsys.readouterr().out
    plan = Plan.objects.get(number="396/TB-VPCP")
    assert plan.issued_on == dt.date(2025, 6, 27)
    assert f"Đã tạo kế hoạch “{plan}”" in out
    assert "Đã ghi 53 dòng vào báo cáo của “Sở Khoa học và Công nghệ”." in out
    report = AgencyReport.objects.get(period=period, agency=dost)
    assert report.task_updates.filter(task__plan=plan).count() == 53
