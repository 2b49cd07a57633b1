"""Importing a plan from the web: upload, preview, names taught to the directory, confirm."""

import datetime as dt
import io
import re
from pathlib import Path

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from dxtrack.accounts.models import Profile, Role
from dxtrack.agencies.models import Agency, AgencyAlias
from dxtrack.agencies.services import directory_install
from dxtrack.audit.models import AuditEntry
from dxtrack.ingest.models import ImportUpload
from dxtrack.office import office_convert, soffice_path
from dxtrack.plans.models import Assignment, Plan, Task
from dxtrack.reporting.models import AgencyReport, ReportingPeriod, TaskUpdate
from factories import UserFactory

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
UNKNOWN = "Sở Tư pháp tỉnh X"


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _row(*cells: str) -> str:
    return "\t".join(cells)


def plan_text(*tasks: tuple[str, str, str, str]) -> str:
    """A task appendix in the layout of 002: one line per row, <b> for section rows."""
    return "\n".join(
        [
            "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI",
            "",
            "Số: 77/KH-UBND",
            "",
            "Quảng Ngãi, ngày 05 tháng 01 năm 2027",
            "",
            "**KẾ HOẠCH**",
            "**Ứng dụng công nghệ thông tin trong cơ quan nhà nước năm 2027**",
            "",
            "**Phụ lục II**",
            "**DANH MỤC NHIỆM VỤ**",
            "",
            _row("STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Tiến độ"),
            _row("<b>I</b>", "<b>Hạ tầng số</b>", "", "", ""),
            *(_row(*task[:2], task[2], task[3], "Tháng 12/2027") for task in tasks),
            "",
        ]
    )


TASKS = (
    ("1", "Nâng cấp mạng nội bộ các cơ quan nhà nước", "Sở KH&CN", "Các sở, ban, ngành"),
    ("2", "Rà soát thủ tục hành chính để cung cấp trực tuyến toàn trình", UNKNOWN, "Sở Nội vụ"),
    ("3", "Trang bị máy tính cho bộ phận một cửa cấp xã", "Sở Tài chính", "Sở Nội vụ"),
)


def _seed(pattern: str) -> Path:
    """The one seed document matching `pattern`, from ../shared/seeds beside the project."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside the project")
    (path,) = SEEDS.glob(pattern)
    return path


def _upload(name: str, content: bytes | str) -> SimpleUploadedFile:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return SimpleUploadedFile(name, data)


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.fixture
def directory(db):
    directory_install()


def _user(role: str, **profile):
    user = UserFactory(username=f"{role}.test")
    Profile.objects.create(user=user, role=role, **profile)
    return user


@pytest.fixture
def coordinator(client, directory):
    client.force_login(_user(Role.COORDINATOR))
    return client


def _post_file(client, name, content):
    return client.post(reverse("import-upload"), {"file": _upload(name, content)})


def _preview_of(client, name, content):
    response = _post_file(client, name, content)
    assert response.status_code == 302, _text(response)
    return response["Location"]


def _nothing_written(data_dir):
    assert not Plan.objects.exists()
    assert not ImportUpload.objects.exists()
    assert not any((data_dir / "imports").glob("*"))


# -- access -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.REPORTER, Role.LEADER])
def test_only_those_who_import_plans_may_use_the_import_pages(client, directory, role):
    profile = {"agency": Agency.objects.first()} if role == Role.REPORTER else {}
    client.force_login(_user(role, **profile))
    upload = ImportUpload.objects.create(
        token="t" * 32,
        stored_name="x.txt",
        original_name="kh.txt",
        size=1,
        sha256="0" * 64,
        uploaded_by=UserFactory(),
    )

    assert client.get(reverse("import-upload")).status_code == 403
    assert _post_file(client, "kh.txt", plan_text(*TASKS)).status_code == 403
    assert client.get(reverse("import-preview", args=[upload.token])).status_code == 403
    assert client.post(reverse("import-confirm", args=[upload.token])).status_code == 403
    assert client.post(reverse("import-alias", args=[upload.token])).status_code == 403
    assert "Nhập kế hoạch" not in _text(client.get(reverse("plan-list")))
    assert not Plan.objects.exists()


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(reverse("import-upload"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_navigation_links_to_the_import_for_a_coordinator(coordinator):
    page = coordinator.get(reverse("plan-list")).content.decode()

    assert f'href="{reverse("import-upload")}"' in page
    assert "Nhập kế hoạch" in page


def test_a_superuser_without_profile_may_import(client, directory):
    client.force_login(UserFactory(username="quantri", is_superuser=True, is_staff=True))

    assert client.get(reverse("import-upload")).status_code == 200


def test_the_upload_form_is_protected_against_cross_site_posts(directory):
    client = Client(enforce_csrf_checks=True)
    client.force_login(_user(Role.COORDINATOR))

    response = _post_file(client, "kh.txt", plan_text(*TASKS))

    assert response.status_code == 403
    assert not ImportUpload.objects.exists()


def test_another_coordinators_upload_is_not_found(coordinator):
    url = _preview_of(coordinator, "kh.txt", plan_text(*TASKS))
    client = Client()
    client.force_login(_user(Role.ADMIN))

    assert client.get(url).status_code == 404


# -- preview ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "prefix, counts",
    [
        ("000", "17 chỉ tiêu, 100 nhiệm vụ, 0 dự án"),
        ("001", "19 chỉ tiêu, 58 nhiệm vụ, 0 dự án"),
        ("002", "56 chỉ tiêu, 65 nhiệm vụ, 71 dự án"),
        ("003", "64 chỉ tiêu, 23 nhiệm vụ, 0 dự án"),
    ],
)
def test_a_seed_plan_is_previewed_without_writing_it(coordinator, data_dir, prefix, counts):
    path = _seed(f"{prefix}_*.txt")

    preview = coordinator.get(_preview_of(coordinator, path.name, path.read_bytes()))

    assert preview.status_code == 200
    page = _text(preview)
    assert counts in page
    assert "Xác nhận nhập kế hoạch" in page
    assert not Plan.objects.exists()
    (stored,) = (data_dir / "imports").iterdir()
    assert stored.name != path.name and path.stem not in stored.name
    assert stored.read_bytes() == path.read_bytes()


def test_002_preview_shows_sections_targets_and_agencies(coordinator):
    path = _seed("002_*.txt")

    response = coordinator.get(_preview_of(coordinator, path.name, path.read_bytes()))

    page = _text(response)
    assert "Kế hoạch Chuyển đổi số tỉnh Quảng Ngãi giai đoạn 2" in page
    assert "Giai đoạn 2026-2027" in page
    assert "Phát triển Chính quyền, nâng cao hiệu quả, hiệu lực hoạt động" in page
    html = response.content.decode()
    assert re.search(r'<th scope="col" class="center nowrap">2026-2027</th>', html)
    assert 'class="group">Các sở, ban, ngành<' in html


def test_a_word_plan_is_previewed(coordinator):
    word = docx.Document()
    word.add_paragraph("KẾ HOẠCH")
    word.add_paragraph("Phụ lục II")
    rows = [("TT", "Nhiệm vụ, giải pháp", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian")]
    rows += [(*task, "Năm 2027") for task in TASKS]
    table = word.add_table(rows=len(rows), cols=5)
    for word_row, cells in zip(table.rows, rows, strict=True):
        for cell, text in zip(word_row.cells, cells, strict=True):
            cell.text = text
    out = io.BytesIO()
    word.save(out)

    page = _text(coordinator.get(_preview_of(coordinator, "Kế hoạch 77.docx", out.getvalue())))

    assert "0 chỉ tiêu, 3 nhiệm vụ, 0 dự án" in page
    assert "Rà soát thủ tục hành chính để cung cấp trực tuyến toàn trình" in page
    assert "Kế hoạch 77.docx" in page


def test_each_agency_cell_shows_what_it_resolved_to(coordinator):
    response = coordinator.get(_preview_of(coordinator, "kh.txt", plan_text(*TASKS)))

    html = response.content.decode()
    first = html[html.index('id="task-1"') : html.index('id="task-2"')]
    assert "Sở KH&amp;CN" in first and "→ Sở Khoa học và Công nghệ" in first
    assert 'class="group">Các sở, ban, ngành<' in first
    second = html[html.index('id="task-2"') : html.index('id="task-3"')]
    assert 'class="unresolved" href="#ten-1"' in second


def test_a_warning_sits_next_to_the_row_it_concerns(coordinator):
    response = coordinator.get(_preview_of(coordinator, "kh.txt", plan_text(*TASKS)))

    html = response.content.decode()
    row = html.index('id="task-2"')
    warning = html.index('id="task-2-warnings"')
    assert row < warning < html.index('id="task-3"')
    assert f"không xác định được cơ quan “{UNKNOWN}”" in html[warning : html.index('id="task-3"')]
    assert "task-1-warnings" not in html


def test_an_unresolved_name_is_offered_similar_agencies(coordinator):
    response = coordinator.get(_preview_of(coordinator, "kh.txt", plan_text(*TASKS)))

    (name,) = response.context["preview"].unresolved
    assert name.text == UNKNOWN
    assert name.rows == ["TT 2"]
    assert name.suggestions[0].name == "Sở Tư pháp"
    justice = Agency.objects.get(name="Sở Tư pháp")
    assert f'<option value="agency:{justice.pk}">Sở Tư pháp</option>' in response.content.decode()


def test_the_alias_fix_resolves_the_name_on_reload(coordinator):
    url = _preview_of(coordinator, "kh.txt", plan_text(*TASKS))
    token = url.rstrip("/").rsplit("/", 1)[-1]
    justice = Agency.objects.get(name="Sở Tư pháp")

    response = coordinator.post(
        reverse("import-alias", args=[token]), {"name": UNKNOWN, "choice": f"agency:{justice.pk}"}
    )

    assert response.status_code == 302 and response["Location"] == url
    alias = AgencyAlias.objects.get(name=UNKNOWN)
    assert alias.agency == justice
    reloaded = coordinator.get(url)
    page = _text(reloaded)
    assert f"Đã thêm “{UNKNOWN}” làm tên gọi khác của “Sở Tư pháp”." in page
    assert reloaded.context["preview"].unresolved == []
    assert "task-2-warnings" not in reloaded.content.decode()
    assert "→ Sở Tư pháp" in page


def test_an_alias_can_name_any_agency_of_the_directory(coordinator):
    url = _preview_of(coordinator, "kh.txt", plan_text(*TASKS))
    token = url.rstrip("/").rsplit("/", 1)[-1]

    coordinator.post(
        reverse("import-alias", args=[token]), {"name": UNKNOWN, "other": "Văn phòng UBND tỉnh"}
    )

    assert AgencyAlias.objects.get(name=UNKNOWN).agency.name == "Văn phòng UBND tỉnh"


def test_an_alias_to_nothing_is_refused_with_a_message(coordinator):
    url = _preview_of(coordinator, "kh.txt", plan_text(*TASKS))
    token = url.rstrip("/").rsplit("/", 1)[-1]

    response = coordinator.post(
        reverse("import-alias", args=[token]),
        {"name": UNKNOWN, "other": "Sở Không Có"},
        follow=True,
    )

    assert "Không có cơ quan, đơn vị hay nhóm nào tên “Sở Không Có” trong danh mục." in _text(
        response
    )
    assert not AgencyAlias.objects.filter(name=UNKNOWN).exists()


# -- confirm ----------------------------------------------------------------------------------


def _confirm(client, url, base=""):
    token = url.rstrip("/").rsplit("/", 1)[-1]
    return client.post(reverse("import-confirm", args=[token]), {"base": base})


def test_the_confirm_creates_the_plan_and_shows_it(
    coordinator, data_dir, django_capture_on_commit_callbacks
):
    url = _preview_of(coordinator, "Kế hoạch 77.txt", plan_text(*TASKS))

    with django_capture_on_commit_callbacks(execute=True):
        response = _confirm(coordinator, url)

    plan = Plan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("plan-detail", args=[plan.pk])
    assert plan.number == "77/KH-UBND"
    assert plan.source_file == "Kế hoạch 77.txt"
    assert list(plan.tasks.values_list("number", flat=True)) == ["1", "2", "3"]
    unresolved = Assignment.objects.get(task__number="2", role="lead")
    assert (unresolved.text, unresolved.agency) == (UNKNOWN, None)
    upload = ImportUpload.objects.get()
    assert upload.plan == plan and upload.confirmed_at is not None
    assert not any((data_dir / "imports").iterdir())
    entry = AuditEntry.objects.get(action="plan.import")
    assert entry.target_id == plan.pk
    # The preview of a confirmed upload leads to its plan.
    assert coordinator.get(url)["Location"] == reverse("plan-detail", args=[plan.pk])


def test_a_confirm_after_someone_else_imported_the_plan_writes_nothing(coordinator):
    url = _preview_of(coordinator, "kh.txt", plan_text(*TASKS))
    client = Client()
    client.force_login(UserFactory(username="admin2", is_superuser=True))
    _confirm(client, _preview_of(client, "kh-sua.txt", plan_text(*TASKS[:2])))

    response = _confirm(coordinator, url)

    assert response["Location"] == url
    assert Plan.objects.get().tasks.count() == 2
    page = _text(coordinator.get(url))
    assert "Kế hoạch vừa được cập nhật từ một tệp khác" in page


# -- re-import --------------------------------------------------------------------------------


def test_a_revised_plan_shows_its_changes_and_keeps_the_reports_of_kept_tasks(coordinator):
    _confirm(coordinator, _preview_of(coordinator, "kh.txt", plan_text(*TASKS)))
    plan = Plan.objects.get()
    first = plan.tasks.get(number="1")
    period = ReportingPeriod.objects.create(
        name="Năm 2027",
        kind=ReportingPeriod.Kind.YEARLY,
        starts_on=dt.date(2027, 1, 1),
        ends_on=dt.date(2027, 12, 31),
        due_on=dt.date(2027, 11, 30),
    )
    report = AgencyReport.objects.create(
        period=period, agency=Agency.objects.get(name="Sở Khoa học và Công nghệ")
    )
    update = TaskUpdate.objects.create(report=report, task=first, role="lead")
    TaskUpdate.objects.create(report=report, task=plan.tasks.get(number="3"), role="lead")
    revised = (
        TASKS[0],
        (*TASKS[1][:2], "Sở Tư pháp", TASKS[1][3]),
        ("3", "Xây dựng Kho dữ liệu dùng chung của tỉnh", "Sở KH&CN", "Các sở, ban, ngành"),
    )

    url = _preview_of(coordinator, "kh-sua.txt", plan_text(*revised))
    response = coordinator.get(url)

    preview = response.context["preview"]
    assert preview.counts == {"added": 1, "removed": 1, "modified": 1, "unchanged": 1}
    page = _text(response)
    assert "1 dòng thêm mới, 1 dòng sửa đổi, 1 dòng bị xóa, 1 dòng giữ nguyên" in page
    assert f"Cơ quan chủ trì: trước đây “{UNKNOWN}”" in page
    assert "Dòng bị xóa (1)" in page and "Trang bị máy tính cho bộ phận một cửa cấp xã" in page
    assert "Các dòng bị xóa đang có 1 kết quả báo cáo nhiệm vụ và 0 số liệu chỉ tiêu" in page
    assert "Xác nhận cập nhật kế hoạch" in page

    _confirm(coordinator, url, base=preview.base_sha256)

    assert TaskUpdate.objects.get(pk=update.pk).task_id == first.pk
    assert set(plan.tasks.values_list("name", flat=True)) == {
        TASKS[0][1],
        TASKS[1][1],
        "Xây dựng Kho dữ liệu dùng chung của tỉnh",
    }
    assert Task.objects.get(number="2").assignments.get(role="lead").agency.name == "Sở Tư pháp"


def test_the_same_file_again_has_nothing_to_confirm(coordinator):
    _confirm(coordinator, _preview_of(coordinator, "kh.txt", plan_text(*TASKS)))

    page = _text(coordinator.get(_preview_of(coordinator, "kh.txt", plan_text(*TASKS))))

    assert "Tệp này giống hệt phiên bản đã nhập: không có gì thay đổi." in page
    assert "Xác nhận cập nhật kế hoạch" not in page


# -- bad files --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, content, message",
    [
        (
            "ke-hoach.xls",
            "Kế hoạch chuyển đổi số".encode(),
            "Tệp “ke-hoach.xls” không phải tệp Excel 97–2003 (.xls) hợp lệ",
        ),
        (
            "ke-hoach.rtf",
            "Kế hoạch chuyển đổi số".encode(),
            "Tệp “ke-hoach.rtf” không phải tệp RTF (.rtf) hợp lệ",
        ),
        (
            "ke-hoach.docx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500),
            "Tệp “ke-hoach.docx” được đặt mật khẩu (mã hóa) hoặc là định dạng Office cũ.",
        ),
        ("ke-hoach.docx", bytes(range(256)) * 8, "Tệp “ke-hoach.docx” bị hỏng"),
        ("ke-hoach.pptx", b"PK\x03\x04", "định dạng này không được hỗ trợ"),
        ("ke-hoach.pdf", b"%PDF-1.4", "Tệp “ke-hoach.pdf” bị hỏng"),
        (
            "cong-van.txt",
            "CÔNG VĂN\n\nVề việc đôn đốc báo cáo.\n\nKính gửi: các sở, ban, ngành.\n",
            "Tệp “cong-van.txt” không có bảng chỉ tiêu, nhiệm vụ hay dự án nào nhận ra được",
        ),
        ("ke-hoach.txt", b"\xff\xfe\x00b\xc3", "Tệp “ke-hoach.txt” không phải văn bản UTF-8"),
    ],
)
def test_a_bad_file_gets_a_clear_message_and_nothing_is_written(
    coordinator, data_dir, name, content, message
):
    response = _post_file(coordinator, name, content)

    assert response.status_code == 200
    page = _text(response)
    assert message in page
    assert 'role="alert"' in response.content.decode()
    _nothing_written(data_dir)


def test_a_pdf_extraction_with_wrapped_columns_previews_its_rows_with_warnings(
    coordinator, data_dir
):
    path = _seed("004_*.txt")

    page = _text(coordinator.get(_preview_of(coordinator, path.name, path.read_bytes())))

    # Only the numbers, names and deadlines can be told apart: every row says so.
    assert "Hoàn thành triển khai xây dựng, đưa vào khai thác, sử dụng 114 cơ sở dữ liệu" in page
    assert "Không tách được" in page or "chỉ đọc được" in page
    assert not Plan.objects.exists()


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(coordinator, data_dir):
    from dxtrack.ingest.readers import MAX_FILE_BYTES

    response = _post_file(coordinator, "lon.txt", b"a" * (MAX_FILE_BYTES + 1))

    assert "Tệp “lon.txt” có dung lượng 20,0 MB, vượt giới hạn 20 MB." in _text(response)
    _nothing_written(data_dir)


def test_a_path_in_the_file_name_is_not_used_as_a_path(coordinator, data_dir):
    url = _preview_of(coordinator, "../../etc/kh.txt", plan_text(*TASKS))

    upload = ImportUpload.objects.get()
    assert upload.original_name == "kh.txt"
    assert (data_dir / "imports" / upload.stored_name).is_file()
    assert coordinator.get(url).status_code == 200


def test_no_file_chosen_is_a_form_error(coordinator, data_dir):
    response = coordinator.post(reverse("import-upload"), {})

    assert "Hãy chọn tệp kế hoạch để tải lên." in _text(response)
    _nothing_written(data_dir)


def test_preview_query_count_does_not_grow_with_rows(coordinator, django_assert_max_num_queries):
    path = _seed("002_*.txt")
    small = _preview_of(coordinator, "kh.txt", plan_text(*TASKS))
    _confirm(coordinator, small)
    _confirm(coordinator, _preview_of(coordinator, path.name, path.read_bytes()))
    revised = path.read_text(encoding="utf-8").replace("Năm 2026", "Năm 2027")
    url = _preview_of(coordinator, "002-sua.txt", revised)

    # A fixed number whatever the rows: session, user and navigation; the upload; the
    # directory; the stored plan with its sections, rows, targets and assignments; the
    # names the catalogue holds; the reports of removed rows; the suggested agencies.
    # (+4: 002's duties name a group the directory lacks, so agencies are suggested for it.)
    with django_assert_max_num_queries(26):
        response = coordinator.get(url)
    assert response.context["preview"].counts["modified"] > 0


@pytest.mark.parametrize(
    "name, to_bytes",
    [
        (
            "ke-hoach.md",
            lambda: (
                "Số: 30/KH-UBND\n\n| TT | Nội dung nhiệm vụ | Đơn vị chủ trì | Tiến độ |\n"
                "|---|---|---|---|\n| 1 | Nâng cấp mạng nội bộ | Sở Nội vụ | Năm 2027 |\n"
            ).encode(),
        ),
        (
            "ke-hoach.html",
            lambda: (
                "<p>Số: 30/KH-UBND</p><table><tr><td>TT</td><td>Nội dung nhiệm vụ</td>"
                "<td>Đơn vị chủ trì</td><td>Tiến độ</td></tr><tr><td>1</td>"
                "<td>Nâng cấp mạng nội bộ</td><td>Sở Nội vụ</td><td>Năm 2027</td></tr></table>"
            ).encode(),
        ),
        ("ke-hoach.doc", lambda: _doc_of_one_task()),
    ],
)
def test_web_text_and_old_word_files_are_previewed(coordinator, data_dir, name, to_bytes):
    if name.endswith(".doc") and soffice_path() is None:
        pytest.skip("LibreOffice is installed by ./bin/setup")
    page = _text(coordinator.get(_preview_of(coordinator, name, to_bytes())))
    assert "Nâng cấp mạng nội bộ" in page
    assert "Sở Nội vụ" in page
    assert not Plan.objects.exists()


def _doc_of_one_task() -> bytes:
    import io

    import docx

    word = docx.Document()
    word.add_paragraph("Số: 30/KH-UBND")
    table = word.add_table(rows=2, cols=4)
    table.style = "Table Grid"
    for column, (label, value) in enumerate(
        zip(
            ["TT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Tiến độ"],
            ["1", "Nâng cấp mạng nội bộ", "Sở Nội vụ", "Năm 2027"],
            strict=True,
        )
    ):
        table.rows[0].cells[column].text = label
        table.rows[1].cells[column].text = value
    # Word always ends a document with a paragraph; without one the .doc export drops the table.
    word.add_paragraph("Nơi nhận:")
    buffer = io.BytesIO()
    word.save(buffer)
    return office_convert(
        data=buffer.getvalue(), suffix=".docx", target="doc:MS Word 97", timeout=120
    )
