"""Opening plan files: what is refused, with a message the user can act on, and what is read."""

import hashlib
import unicodedata
import zipfile

import docx
import pytest

from dxtrack.ingest import readers
from dxtrack.ingest.document import Table
from dxtrack.ingest.readers import UnreadableDocument, read_document
from dxtrack.ingest.services import plan_file_read

TASKS = (
    "KẾ HOẠCH\n"
    "Chuyển đổi số năm 2026\n"
    "\n"
    "TT\tNội dung nhiệm vụ\tĐơn vị chủ trì\tTiến độ\n"
    "1\tNâng cấp mạng nội bộ\tSở Nội vụ\tNăm 2026\n"
)


def _refusal(path) -> str:
    with pytest.raises(UnreadableDocument) as refused:
        read_document(path)
    return str(refused.value)


@pytest.mark.parametrize("suffix", [".xls", ".XLS"])
def test_an_old_excel_file_that_is_not_one_is_refused_naming_the_format(tmp_path, suffix):
    path = tmp_path / f"ke-hoach{suffix}"
    path.write_bytes("Kế hoạch chuyển đổi số".encode())
    message = _refusal(path)
    assert f"ke-hoach{suffix}" in message
    assert "không phải tệp Excel 97–2003 (.xls) hợp lệ" in message


@pytest.mark.parametrize(
    "name, shown", [("ke-hoach.pptx", "“.pptx”"), ("ke-hoach", "(không có đuôi)")]
)
def test_an_unsupported_kind_of_file_is_refused_naming_the_kinds_that_are_read(
    tmp_path, name, shown
):
    path = tmp_path / name
    path.write_text(TASKS, encoding="utf-8")
    message = _refusal(path)
    assert shown in message
    assert "không được hỗ trợ" in message
    assert ".docx" in message
    assert ".xlsx" in message
    assert ".txt" in message


def test_a_missing_file_is_refused(tmp_path):
    message = _refusal(tmp_path / "khong-co.txt")
    assert message.startswith("Không tìm thấy tệp")
    assert "khong-co.txt" in message


def test_a_directory_is_not_a_file(tmp_path):
    folder = tmp_path / "thu-muc.txt"
    folder.mkdir()
    assert "Không tìm thấy tệp" in _refusal(folder)


@pytest.mark.parametrize(
    "encode",
    [
        # Windows' Vietnamese code page writes tone marks as combining characters.
        lambda text: unicodedata.normalize("NFD", text).encode("cp1258", errors="replace"),
        lambda text: text.encode("utf-16"),
    ],
    ids=["cp1258", "utf-16"],
)
def test_text_that_is_not_utf8_is_refused(tmp_path, encode):
    path = tmp_path / "ke-hoach.txt"
    path.write_bytes(encode(TASKS))
    message = _refusal(path)
    assert "không phải văn bản UTF-8" in message
    assert "ke-hoach.txt" in message


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "lon.txt"
    with path.open("wb") as handle:
        handle.truncate(readers.MAX_FILE_BYTES + 1)  # sparse: nothing is written
    message = _refusal(path)
    assert "vượt giới hạn 20 MB" in message


@pytest.mark.parametrize("name", ["ke-hoach.txt", "ke-hoach.md", "ke-hoach.text", "KE-HOACH.TXT"])
def test_text_extractions_are_read_whatever_their_suffix_case(tmp_path, name):
    path = tmp_path / name
    path.write_text(TASKS, encoding="utf-8")
    document = read_document(path)
    assert document.name == name
    assert [b.rows[1].cells for b in document.blocks if isinstance(b, Table)] == [
        ["1", "Nâng cấp mạng nội bộ", "Sở Nội vụ", "Năm 2026"]
    ]


def test_a_byte_order_mark_is_not_part_of_the_text(tmp_path):
    path = tmp_path / "ke-hoach.txt"
    path.write_bytes(TASKS.encode("utf-8-sig"))
    assert read_document(path).paragraphs[0].text == "KẾ HOẠCH"


# -- Office files ------------------------------------------------------------------------------


def test_an_encrypted_office_file_is_refused_with_how_to_remove_the_password(tmp_path):
    path = tmp_path / "ke-hoach.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    message = _refusal(path)
    assert "mật khẩu" in message
    assert ".docx" in message


def test_an_office_file_that_is_not_a_zip_is_damaged(tmp_path):
    path = tmp_path / "ke-hoach.xlsx"
    path.write_text("không phải tệp Excel", encoding="utf-8")
    assert "bị hỏng hoặc không phải tệp .xlsx" in _refusal(path)


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_a_zip_without_the_office_parts_is_refused(tmp_path, suffix):
    path = tmp_path / f"ke-hoach{suffix}"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "xin chào")
    assert f"không phải tệp {suffix} hợp lệ" in _refusal(path)


def test_an_office_file_that_unzips_to_an_unreasonable_size_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "MAX_UNZIPPED_BYTES", 1000)
    path = tmp_path / "ke-hoach.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:document/>" + " " * 5000)
    assert "lớn bất thường" in _refusal(path)


def test_a_word_file_is_read_natively(tmp_path):
    word = docx.Document()
    word.add_paragraph("KẾ HOẠCH")
    rows = [
        ["TT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Tiến độ"],
        ["1", "Nâng cấp mạng nội bộ", "Sở Nội vụ", "Năm 2026"],
    ]
    table = word.add_table(rows=len(rows), cols=len(rows[0]))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    path = tmp_path / "ke-hoach.docx"
    word.save(path)
    document = read_document(path)
    assert document.paragraphs[0].text == "KẾ HOẠCH"
    assert [[row.cells for row in b.rows] for b in document.blocks if isinstance(b, Table)] == [
        rows
    ]


# -- plan_file_read -------------------------------------------------------------------------


def test_plan_file_read_returns_the_draft_and_the_hash_of_the_bytes_read(tmp_path, resolver):
    path = tmp_path / "ke-hoach.txt"
    path.write_text(TASKS, encoding="utf-8")
    plan_file = plan_file_read(path=path, resolver=resolver)
    assert plan_file.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert plan_file.draft.source == "ke-hoach.txt"
    assert [(t.number, t.name) for t in plan_file.draft.tasks] == [("1", "Nâng cấp mạng nội bộ")]


@pytest.mark.parametrize(
    "text",
    [
        "KẾ HOẠCH\nChuyển đổi số năm 2026\nI. MỤC TIÊU\n- 100% hồ sơ được số hóa.\n",
        # A table, but of no known kind: no column names an item.
        "Họ và tên\tChức vụ\tĐiện thoại\nNguyễn Văn A\tGiám đốc\t0255 3822 000\n",
        "",
    ],
)
def test_a_text_without_a_plan_table_is_unreadable_as_a_plan(tmp_path, resolver, text):
    path = tmp_path / "cong-van.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UnreadableDocument) as refused:
        plan_file_read(path=path, resolver=resolver)
    message = str(refused.value)
    assert "cong-van.txt" in message
    assert "không có bảng chỉ tiêu, nhiệm vụ hay dự án nào" in message


def test_plan_file_read_passes_on_the_refusals_of_the_reader(tmp_path, resolver):
    (tmp_path / "ke-hoach.xls").write_bytes(b"PK\x03\x04")
    with pytest.raises(UnreadableDocument, match="không phải tệp Excel 97–2003"):
        plan_file_read(path=tmp_path / "ke-hoach.xls", resolver=resolver)


def _entity(i: int) -> str:
    inner = f"&lol{i - 1};" if i > 1 else "&lol;"
    return f'<!ENTITY lol{i} "{inner * 10}">'


# The "billion laughs": nine levels of entities, each ten of the one below.
_LAUGHS = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(_entity(i) for i in range(1, 10))
    + "]>"
)


def _office_with_part(tmp_path, suffix: str, part: str, change) -> object:
    if suffix == ".docx":
        word = docx.Document()
        word.add_paragraph("KẾ HOẠCH")
        word.save(tmp_path / "goc.docx")
    else:
        import openpyxl

        workbook = openpyxl.Workbook()
        workbook.active.append(["TT", "Nhiệm vụ", "Cơ quan chủ trì"])
        workbook.save(tmp_path / "goc.xlsx")
    path = tmp_path / f"ke-hoach{suffix}"
    with (
        zipfile.ZipFile(tmp_path / f"goc{suffix}") as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == part:
                data = change(data.decode("utf-8")).encode("utf-8")
            target.writestr(info.filename, data)
    return path


@pytest.mark.parametrize(
    "suffix, part",
    [
        (".docx", "word/document.xml"),
        (".docx", "word/styles.xml"),
        (".docx", "[Content_Types].xml"),
        (".xlsx", "xl/worksheets/sheet1.xml"),
        (".xlsx", "xl/workbook.xml"),
    ],
)
def test_an_office_file_declaring_xml_entities_is_refused(tmp_path, suffix, part):
    def bomb(xml: str) -> str:
        body = xml.split("?>", 1)[1] if xml.startswith("<?xml") else xml
        return _LAUGHS + body

    message = _refusal(_office_with_part(tmp_path, suffix, part, bomb))
    assert "khai báo XML không được phép" in message
    assert part in message


def test_an_office_file_whose_xml_is_unreasonably_large_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "MAX_XML_BYTES", 50_000)
    path = _office_with_part(
        tmp_path,
        ".docx",
        "word/document.xml",
        lambda xml: xml.replace("</w:body>", "<w:p/>" * 20_000 + "</w:body>"),
    )
    assert "lớn bất thường" in _refusal(path)


def test_a_truncated_office_file_is_damaged(tmp_path):
    word = docx.Document()
    word.add_paragraph("KẾ HOẠCH")
    whole = tmp_path / "goc.docx"
    word.save(whole)
    path = tmp_path / "ke-hoach.docx"
    path.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    assert "bị hỏng" in _refusal(path)


def test_a_table_whose_header_is_not_recognised_is_named_as_such(tmp_path, resolver):
    text = tmp_path / "danh-ba.txt"
    text.write_text("Họ và tên\tChức vụ\tĐiện thoại\nNguyễn Văn A\tGiám đốc\t0255\n", "utf-8")
    with pytest.raises(UnreadableDocument) as refused:
        plan_file_read(path=text, resolver=resolver)
    message = str(refused.value)
    assert "danh-ba.txt" in message
    assert "Tệp có 1 bảng nhưng không bảng nào có hàng tiêu đề nhận ra được" in message
    assert "TT | Nhiệm vụ | Cơ quan chủ trì | Thời gian" in message
