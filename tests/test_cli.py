"""The `dxtrack` command: import (dry run with JSON, real import, re-import) and demo."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from dxtrack.agencies.models import Agency
from dxtrack.cli import main
from dxtrack.ingest.services import BUNDLED_DIR
from dxtrack.plans.models import Assignment, Indicator, KeyProject, Plan, Task
from dxtrack.portal.models import Publication
from dxtrack.reporting.models import ReportingPeriod

SEED_COUNTS = {
    "000": (17, 100, 0),
    "001": (19, 58, 0),
    "002": (56, 65, 71),
    "003": (64, 23, 0),
}
# The duties under "Tổ chức thực hiện": in the JSON's "duties", stored as tasks.
SEED_DUTIES = {"000": 0, "001": 12, "002": 5, "003": 4}


def _seed(prefix: str) -> Path:
    (path,) = BUNDLED_DIR.glob(f"{prefix}_*.txt")
    return path


@pytest.fixture
def data_dir(settings, tmp_path):
    """Keep what the command writes outside the working copy."""
    settings.DATA_DIR = tmp_path
    settings.STATIC_ROOT = tmp_path / "static"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return tmp_path


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", sorted(SEED_COUNTS))
def test_a_dry_run_prints_the_plan_json_and_writes_nothing(capsys, data_dir, prefix):
    assert main(["import", str(_seed(prefix)), "--dry-run", "--json"]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data["source"] == _seed(prefix).name
    counts = (len(data["indicators"]), len(data["tasks"]), len(data["projects"]))
    assert counts == SEED_COUNTS[prefix]
    assert len(data["duties"]) == SEED_DUTIES[prefix]
    # Diagnostics go to standard error, never into the JSON.
    assert f"{counts[0]} chỉ tiêu, {counts[1]} nhiệm vụ, {counts[2]} dự án" in captured.err
    assert Plan.objects.count() == 0
    assert Agency.objects.count() == 0


@pytest.mark.django_db
def test_the_json_is_utf8_and_not_ascii_escaped(capsys, data_dir):
    assert main(["import", str(_seed("002")), "--dry-run", "--json"]) == 0
    out = capsys.readouterr().out
    assert "\\u" not in out
    assert "Tỷ lệ dịch vụ công trực tuyến toàn trình" in out
    data = json.loads(out)
    assert data["plan"]["title"] == "Kế hoạch Chuyển đổi số tỉnh Quảng Ngãi giai đoạn 2026 - 2030"
    assert data["indicators"][0]["targets"] == [
        {"milestone": "2026-2027", "text": "100%", "comparator": ">=", "value": 100.0}
        | {"high": None, "unit": "%"}
    ]


@pytest.mark.django_db
def test_a_dry_run_without_json_prints_the_warnings_to_standard_error(capsys, data_dir, tmp_path):
    path = tmp_path / "ke-hoach.txt"
    path.write_text(
        "Phụ lục\nTT\tNhiệm vụ\tChủ trì\tThời gian\n1\tViệc một\tSở Y tế\tTheo tiến độ dự án\n",
        encoding="utf-8",
    )
    assert main(["import", str(path), "--dry-run"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "0 chỉ tiêu, 1 nhiệm vụ, 0 dự án, 1 cảnh báo" in captured.err
    assert "Phụ lục, dòng 3: TT 1: không hiểu thời gian “Theo tiến độ dự án”." in captured.err


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, content, message",
    [
        ("ke-hoach.xls", "Kế hoạch".encode(), "không phải tệp Excel 97–2003 (.xls)"),
        ("ke-hoach.doc", "Kế hoạch".encode(), "không phải tệp Word 97–2003 (.doc)"),
        ("ke-hoach.pptx", b"PK\x03\x04", "không được hỗ trợ"),
        ("ke-hoach.pdf", b"%PDF-1.7", "bị hỏng"),
        ("cong-van.txt", "Kính gửi: các sở, ban, ngành\n".encode(), "không có bảng chỉ tiêu"),
        ("ke-hoach.txt", "Kế hoạch".encode("utf-16"), "không phải văn bản UTF-8"),
        ("trang.html", "<p>Kính gửi: các sở</p>".encode(), "không có bảng chỉ tiêu"),
        ("ke-hoach.md", b"\x89PNG\r\n\x1a\n\x00\x00", "không phải văn bản"),
    ],
)
def test_an_unreadable_file_exits_2_with_a_vietnamese_message(
    capsys, data_dir, tmp_path, name, content, message
):
    path = tmp_path / name
    path.write_bytes(content)
    assert main(["import", str(path), "--dry-run", "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("Lỗi: ")
    assert message in captured.err
    assert name in captured.err


@pytest.mark.django_db
def test_a_plan_copied_from_a_website_as_markdown_is_read(capsys, data_dir, tmp_path):
    path = tmp_path / "ke-hoach.md"
    path.write_text(
        "Số: 12/KH-UBND\n\n"
        "| TT | Nhiệm vụ | Cơ quan chủ trì | Thời gian hoàn thành |\n"
        "|---|---|---|---|\n"
        "| 1 | Triển khai nền tảng họp trực tuyến | Sở Khoa học và Công nghệ | Năm 2027 |\n"
        "| 2 | Đào tạo kỹ năng số cho cán bộ cấp xã | Sở Nội vụ | Quý III/2027 |\n",
        encoding="utf-8",
    )
    assert main(["import", str(path), "--dry-run", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(t["number"], t["lead"][0]["agency"]) for t in data["tasks"]] == [
        ("1", "Sở Khoa học và Công nghệ"),
        ("2", "Sở Nội vụ"),
    ]


@pytest.mark.django_db
def test_a_missing_file_exits_2(capsys, data_dir, tmp_path):
    assert main(["import", str(tmp_path / "khong-co.txt")]) == 2
    assert "Không tìm thấy tệp" in capsys.readouterr().err


@pytest.mark.django_db
def test_an_import_installs_the_directory_and_a_second_import_is_unchanged(capsys, data_dir):
    path = _seed("003")
    assert main(["import", str(path)]) == 0
    first = capsys.readouterr().err
    assert "Đã tạo kế hoạch" in first
    assert Agency.objects.exists()
    plan = Plan.objects.get()
    assert plan.status == Plan.Status.DRAFT
    counts = (Indicator.objects.count(), Task.objects.count(), KeyProject.objects.count())
    indicators, tasks, projects = SEED_COUNTS["003"]
    assert counts == (indicators, tasks + SEED_DUTIES["003"], projects)
    assignments = Assignment.objects.count()

    assert main(["import", str(path)]) == 0
    second = capsys.readouterr().err
    assert f"Không thay đổi kế hoạch “{plan}” (mã {plan.pk})." in second
    assert Plan.objects.count() == 1
    assert (Indicator.objects.count(), Task.objects.count(), KeyProject.objects.count()) == counts
    assert Assignment.objects.count() == assignments


@pytest.mark.django_db
def test_a_changed_version_needs_update(capsys, data_dir, tmp_path):
    original = tmp_path / "ke-hoach.txt"
    original.write_text(
        "Số: 5/KH-UBND\nPhụ lục\nTT\tNhiệm vụ\tChủ trì\n1\tViệc một\tSở Y tế\n", encoding="utf-8"
    )
    assert main(["import", str(original)]) == 0
    changed = tmp_path / "ke-hoach-sua.txt"
    changed.write_text(original.read_text(encoding="utf-8") + "2\tViệc hai\tSở Y tế\n")
    capsys.readouterr()

    assert main(["import", str(changed)]) == 3
    refused = capsys.readouterr().err
    assert "\nLỗi: Kế hoạch “5/KH-UBND" in refused
    assert "--update" in refused
    assert Task.objects.count() == 1

    assert main(["import", str(changed), "--update"]) == 0
    assert "Đã cập nhật kế hoạch" in capsys.readouterr().err
    assert list(Task.objects.order_by("position").values_list("name", flat=True)) == [
        "Việc một",
        "Việc hai",
    ]


@pytest.mark.django_db
def test_demo_without_serving_loads_the_bundled_plans_once(capsys, data_dir):
    assert main(["demo", "--no-serve"]) == 0
    out = capsys.readouterr().out
    assert Plan.objects.count() == 4
    assert out.count("(created)") == 4
    assert "Tài khoản demo" in out
    assert (data_dir / "demo-accounts.txt").exists()
    # Past periods filled in, approved and published (as many as are due by today).
    assert "Lịch sử báo cáo mẫu:" in out
    assert Publication.objects.exists()
    assert ReportingPeriod.objects.filter(name__contains="dữ liệu mẫu").count() >= 2

    assert main(["demo", "--no-serve"]) == 0
    again = capsys.readouterr().out
    assert again.count("(unchanged)") == 4
    assert "Tài khoản demo đã có" in again
    assert "Lịch sử báo cáo mẫu đã có." in again
    assert Plan.objects.count() == 4


def test_the_installed_command_dry_runs_on_a_fresh_machine(tmp_path):
    """The console script, in a new process with an empty data directory."""
    env = {**os.environ, "DXTRACK_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    completed = subprocess.run(  # noqa: S603 - our own entry point, fixed arguments
        [sys.executable, "-m", "dxtrack.cli", "import", str(_seed("002")), "--dry-run", "--json"],
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr.decode()
    data = json.loads(completed.stdout.decode("utf-8"))
    assert (len(data["indicators"]), len(data["tasks"]), len(data["projects"])) == (56, 65, 71)
    database = tmp_path / "dxtrack.sqlite3"
    if database.exists():
        with sqlite3.connect(database) as connection:
            tables = connection.execute("select name from sqlite_master where type='table'")
            assert tables.fetchall() == []


def test_serve_runs_one_worker_per_core_plus_one_with_one_thread_unless_told(monkeypatch):
    import gunicorn.app.wsgiapp

    from dxtrack.cli import demo

    started: list[list[str]] = []
    monkeypatch.setattr(demo, "migrate", lambda: None)
    monkeypatch.setattr(demo, "collect_static", lambda: None)
    monkeypatch.setattr(gunicorn.app.wsgiapp, "run", lambda: started.append(list(sys.argv)))
    monkeypatch.setattr(os, "cpu_count", lambda: 2)

    assert main(["serve", "--port", "8123"]) == 0
    assert main(["serve", "--workers", "5", "--threads", "4"]) == 0

    def option(argv: list[str], name: str) -> str:
        return argv[argv.index(name) + 1]

    assert [(option(a, "--workers"), option(a, "--threads")) for a in started] == [
        ("3", "1"),
        ("5", "4"),
    ]
    assert option(started[0], "--bind") == "127.0.0.1:8123"
    assert demo.serve_sizing() == (3, 1)
