"""Importing a scanned plan from the web: the upload is read in the background, its progress
shown from the database, the preview opens when every page is read; a cancel or a page that
fails leaves no upload, no file and no plan behind. Also `dxtrack import` on a scan: the
OCR's progress on standard error."""

import io
import shutil
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dxtrack.accounts.models import Profile, Role
from dxtrack.agencies.services import directory_install
from dxtrack.cli import main
from dxtrack.ingest import jobs, ocr
from dxtrack.ingest.document import UnreadableDocument
from dxtrack.ingest.models import ImportJob, ImportUpload
from dxtrack.office import soffice_path
from dxtrack.plans.models import Plan
from factories import UserFactory
from ingest.scans import plan_word, scan_write

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        soffice_path() is None or shutil.which("tesseract") is None,
        reason="LibreOffice and Tesseract are installed by ./bin/setup",
    ),
]


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


@pytest.fixture
def coordinator(client, db):
    directory_install()
    user = UserFactory(username="coordinator.scan")
    Profile.objects.create(user=user, role=Role.COORDINATOR)
    client.force_login(user)
    return client


@pytest.fixture
def launched(monkeypatch):
    """Jobs started by the uploads, run when the test says so (in the test's connection)."""
    started: list[int] = []
    monkeypatch.setattr(jobs, "launcher", started.append)
    return started


@pytest.fixture(scope="module")
def scan_bytes(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scan")
    return scan_write(word=plan_word(tasks=6), folder=folder, stem="ban-quet").read_bytes()


def _blank_scan(pages: int) -> bytes:
    """A scan of `pages` nearly blank pages (a line of text each): quick to read."""
    from PIL import Image, ImageDraw

    pictures = []
    for number in range(1, pages + 1):
        picture = Image.new("L", (1240, 1754), 255)
        ImageDraw.Draw(picture).text((150, 150), f"Trang {number}", fill=0)
        pictures.append(picture)
    buffer = io.BytesIO()
    pictures[0].save(
        buffer, format="PDF", save_all=True, append_images=pictures[1:], resolution=150
    )
    return buffer.getvalue()


def _upload(client, name: str, data: bytes, capture):
    with capture(execute=True):
        response = client.post(reverse("import-upload"), {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def _nothing_left(data_dir):
    assert not Plan.objects.exists()
    assert not ImportUpload.objects.exists()
    assert not any((data_dir / "imports").glob("*"))


def test_a_scan_is_read_in_the_background_then_previewed_and_imported(
    coordinator, launched, scan_bytes, django_capture_on_commit_callbacks, monkeypatch
):
    preview = _upload(
        coordinator, "ke-hoach-quet.pdf", scan_bytes, django_capture_on_commit_callbacks
    )
    (job_id,) = launched
    job = ImportJob.objects.get(pk=job_id)
    assert job.status == ImportJob.Status.QUEUED and job.pages_total >= 2
    waiting = coordinator.get(preview)
    assert "Đang đọc bản quét" in waiting.content.decode()
    assert "import-progress.js" in waiting.content.decode()
    progress_url = reverse("import-job-progress", args=[job.token])

    # Every page read is visible to whoever asks, as the progress bar asks.
    seen = []
    real = ocr.ocr_pages

    def watched(path, *, progress=None, cancelled=None, workers=2):
        def reported(done, total):
            progress(done, total)
            seen.append(coordinator.get(progress_url).json())

        return real(path, progress=reported, cancelled=cancelled, workers=workers)

    monkeypatch.setattr(jobs, "ocr_pages", watched)
    jobs.import_job_run(job_id=job_id)
    assert [s["done"] for s in seen] == list(range(1, job.pages_total + 1))
    assert {s["status"] for s in seen} == {"running"}
    assert seen[-1]["percent"] == 100
    assert coordinator.get(progress_url).json()["status"] == "done"

    page = coordinator.get(preview).content.decode()
    assert "Xem trước" in page and "6 nhiệm vụ" in page
    assert "kỹ năng số cho người" in page and "Văn phòng UBND tỉnh" in page
    upload = ImportUpload.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = coordinator.post(reverse("import-confirm", args=[upload.token]), {"base": ""})
    assert confirmed.status_code == 302
    plan = Plan.objects.get()
    assert plan.tasks.count() == 6


def test_cancelling_leaves_no_upload_and_no_file(
    coordinator, launched, data_dir, django_capture_on_commit_callbacks, monkeypatch
):
    _upload(coordinator, "ban-quet.pdf", _blank_scan(5), django_capture_on_commit_callbacks)
    (job_id,) = launched
    job = ImportJob.objects.get(pk=job_id)
    real = ocr.ocr_pages

    def cancelled_on_page_2(path, *, progress=None, cancelled=None, workers=2):
        def reported(done, total):
            progress(done, total)
            if done == 2:
                with django_capture_on_commit_callbacks(execute=True):
                    response = coordinator.post(reverse("import-job-cancel", args=[job.token]))
                assert response.status_code == 302

        return real(path, progress=reported, cancelled=cancelled, workers=1)

    monkeypatch.setattr(jobs, "ocr_pages", cancelled_on_page_2)
    with django_capture_on_commit_callbacks(execute=True):
        jobs.import_job_run(job_id=job_id)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CANCELLED
    assert job.pages_done == 2 and job.pages == ""
    _nothing_left(data_dir)
    assert (
        coordinator.get(reverse("import-job-progress", args=[job.token])).json()["status"]
        == "cancelled"
    )


def test_a_page_that_cannot_be_read_leaves_nothing_written(
    coordinator, launched, data_dir, django_capture_on_commit_callbacks, monkeypatch
):
    _upload(
        coordinator, "ban-quet-20-trang.pdf", _blank_scan(20), django_capture_on_commit_callbacks
    )
    (job_id,) = launched
    real_page = ocr.ocr_page_read

    def failing_on_17(image, number, name, factor=1.0):
        if number == 17:
            raise UnreadableDocument(f"Tệp “{name}”, trang {number}: không nhận dạng được chữ.")
        return real_page(image, number, name, factor)

    monkeypatch.setattr(ocr, "ocr_page_read", failing_on_17)
    with django_capture_on_commit_callbacks(execute=True):
        jobs.import_job_run(job_id=job_id)
    job = ImportJob.objects.get(pk=job_id)
    assert job.status == ImportJob.Status.FAILED
    assert "ban-quet-20-trang.pdf" in job.message and "trang 17" in job.message
    assert job.pages_done >= 15 and job.pages == ""
    _nothing_left(data_dir)
    shown = coordinator.get(reverse("import-job-progress", args=[job.token])).json()
    assert shown["status"] == "failed" and "trang 17" in shown["message"]


def test_a_job_cut_off_by_a_restart_is_reported_and_cleared(
    coordinator, launched, data_dir, django_capture_on_commit_callbacks
):
    _upload(coordinator, "ban-quet.pdf", _blank_scan(2), django_capture_on_commit_callbacks)
    (job_id,) = launched
    ImportJob.objects.filter(pk=job_id).update(status=ImportJob.Status.RUNNING)
    ImportJob.objects.filter(pk=job_id).update(updated_at="2000-01-01T00:00:00Z")
    job = ImportJob.objects.get(pk=job_id)
    with django_capture_on_commit_callbacks(execute=True):
        shown = coordinator.get(reverse("import-job-progress", args=[job.token])).json()
    assert shown["status"] == "failed" and "gián đoạn" in shown["message"]
    _nothing_left(data_dir)


def test_another_user_cannot_see_or_cancel_a_job(
    coordinator, client, launched, django_capture_on_commit_callbacks
):
    _upload(coordinator, "ban-quet.pdf", _blank_scan(1), django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    other = UserFactory(username="coordinator.other")
    Profile.objects.create(user=other, role=Role.COORDINATOR)
    client.force_login(other)
    assert client.get(reverse("import-job-progress", args=[job.token])).status_code == 404
    assert client.post(reverse("import-job-cancel", args=[job.token])).status_code == 404


def test_the_command_prints_the_ocr_progress(tmp_path, scan_bytes, capsys):
    path = tmp_path / "ke-hoach-quet.pdf"
    path.write_bytes(scan_bytes)
    assert main(["import", str(path), "--dry-run"]) == 0
    errors = capsys.readouterr().err
    assert "Nhận dạng chữ (OCR) “ke-hoach-quet.pdf”" in errors
    assert "trang 1/" in errors and "6 nhiệm vụ" in errors


def test_rows_the_ocr_doubted_are_marked_for_review_in_the_preview(
    coordinator, launched, django_capture_on_commit_callbacks
):
    preview = _upload(coordinator, "ban-quet.png", _png(), django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()

    def line(y, *cells):
        return [
            ocr.Word(text, x, x + 20 * len(text), y, y + 30, confidence=confidence)
            for x, text, confidence in cells
        ]

    words = [
        *line(100, (100, "TT", 95), (300, "Nhiệm", 95), (430, "vụ", 95)),
        *line(100, (900, "Cơ", 95), (960, "quan", 95), (1060, "chủ", 95), (1140, "trì", 95)),
        *line(100, (1400, "Thời", 95), (1500, "gian", 95)),
        *line(160, (100, "1", 96), (300, "Số", 95), (360, "hóa", 95), (440, "hồ", 95)),
        *line(160, (520, "sơ", 95), (900, "Sở", 95), (960, "Nội", 44), (1040, "vụ", 95)),
        *line(160, (1400, "2027", 95)),
        *line(220, (100, "2", 96), (300, "Cấp", 95), (390, "chữ", 95), (480, "ký", 95)),
        *line(220, (540, "số", 95), (900, "Công", 95), (1000, "an", 95), (1060, "tỉnh", 95)),
        *line(220, (1400, "2028", 95)),
    ]
    pages = [ocr.OcrPage(number=1, width=1700, height=2200, words=words)]
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.DONE, pages=ocr.ocr_pages_to_json(pages)
    )
    page = coordinator.get(preview).content.decode()
    assert "2 nhiệm vụ" in page
    assert page.count("row-warnings--review") == 1
    assert "Cần kiểm tra với bản quét" in page
    assert "trang 1, cột “Cơ quan chủ trì”" in page and "“Nội” (độ tin cậy 44%)" in page


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", (400, 300), 255).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.django_db(transaction=True)
def test_the_reading_runs_in_a_thread_of_the_web_process(client, data_dir):
    """No test double: the upload starts the thread, the page polls its progress until done."""
    directory_install()
    user = UserFactory(username="coordinator.thread")
    Profile.objects.create(user=user, role=Role.COORDINATOR)
    client.force_login(user)
    response = client.post(
        reverse("import-upload"), {"file": SimpleUploadedFile("p.pdf", _blank_scan(2))}
    )
    assert response.status_code == 302
    job = ImportJob.objects.get()
    url = reverse("import-job-progress", args=[job.token])
    deadline = time.monotonic() + 300
    states = []
    while time.monotonic() < deadline:
        shown = client.get(url).json()
        states.append(shown["status"])
        if shown["status"] in ("done", "failed", "cancelled"):
            break
        time.sleep(0.5)
    # Two pages holding no plan table: read to the end, then refused, naming the user's file.
    assert states[-1] == "failed", states
    assert "p.pdf" in shown["message"]
    assert shown["done"] == shown["total"] == 2
    assert not ImportUpload.objects.exists()
    assert not any((data_dir / "imports").glob("*"))
