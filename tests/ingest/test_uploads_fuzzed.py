"""No uploaded file makes the reader crash, hang or read outside its folder.

Hypothesis damages real .docx and .xlsx files (bytes flipped, cut short, XML parts
replaced by random or hostile text) and writes random text files; every one must be
read or refused with `UnreadableDocument`. The inputs are small, and what is read stays
within the reader's limits whatever a file claims (rows and columns of a sheet, sizes
declared in a zip): the work is bounded by construction, so nothing here is timed.
"""

import io
import struct
import zipfile
import zlib
from pathlib import Path

import docx
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dxtrack.ingest import xlsx_reader
from dxtrack.ingest.document import Table
from dxtrack.ingest.readers import UnreadableDocument, read_document
from dxtrack.ingest.services import plan_file_read

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _docx_bytes() -> bytes:
    word = docx.Document()
    word.add_paragraph("KẾ HOẠCH")
    table = word.add_table(rows=2, cols=4)
    for c, text in enumerate(["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian"]):
        table.cell(0, c).text = text
    for c, text in enumerate(["1", "Số hóa hồ sơ", "Sở Nội vụ", "Năm 2026"]):
        table.cell(1, c).text = text
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _xlsx_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian"])
    workbook.active.append([1, "Số hóa hồ sơ", "Sở Nội vụ", "Năm 2026"])
    workbook.active.merge_cells("C2:C3")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


ORIGINALS = {".docx": _docx_bytes(), ".xlsx": _xlsx_bytes()}
HOSTILE_XML = [
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><x>&a;</x>',
    '<!DOCTYPE x SYSTEM "file:///etc/passwd"><x/>',
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/hostname">]><x>&e;</x>',
    "<x>" * 5000,
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<dimension ref="A1:XFD1048576"/><sheetData><row r="1048576"><c r="XFD1048576">'
    "<v>1</v></c></row></sheetData></worksheet>",
    "",
]


def _read_or_refuse(path: Path, resolver) -> None:
    try:
        draft = plan_file_read(path=path, resolver=resolver).draft
    except UnreadableDocument as refused:
        assert path.name in str(refused)
    else:
        # Nothing of /etc came in through an external entity.
        text = repr(draft.to_json())
        assert "root:" not in text
        if path.suffix == ".xlsx":
            # A sheet claiming the whole grid was read only within the limits.
            rows = [r for b in read_document(path).blocks if isinstance(b, Table) for r in b.rows]
            assert all(r.line <= xlsx_reader.MAX_ROWS for r in rows)
            assert all(len(r.cells) <= xlsx_reader.MAX_COLUMNS for r in rows)


@FUZZ
@given(
    suffix=st.sampled_from(sorted(ORIGINALS)),
    flips=st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), max_size=8),
    cut=st.one_of(st.none(), st.integers(min_value=0)),
)
def test_damaged_office_bytes_are_read_or_refused(tmp_path, resolver, suffix, flips, cut):
    data = bytearray(ORIGINALS[suffix])
    for position, value in flips:
        data[position % len(data)] = value
    if cut is not None:
        data = data[: cut % len(data)]
    path = tmp_path / f"tai-len{suffix}"
    path.write_bytes(bytes(data))
    _read_or_refuse(path, resolver)


def _parts(suffix: str) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(ORIGINALS[suffix])) as archive:
        return sorted(archive.namelist())


@FUZZ
@given(
    suffix_part=st.sampled_from(
        [(s, p) for s in sorted(ORIGINALS) for p in _parts(s) if p.endswith((".xml", ".rels"))]
    ),
    content=st.one_of(st.sampled_from(HOSTILE_XML), st.text(max_size=300)),
)
def test_office_parts_replaced_by_hostile_or_random_xml_are_read_or_refused(
    tmp_path, resolver, suffix_part, content
):
    suffix, part = suffix_part
    path = tmp_path / f"tai-len{suffix}"
    with (
        zipfile.ZipFile(io.BytesIO(ORIGINALS[suffix])) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for name in source.namelist():
            target.writestr(name, content if name == part else source.read(name))
    _read_or_refuse(path, resolver)


@FUZZ
@given(
    name=st.sampled_from(["../../etc/passwd", "/etc/hostname", "word/../../x.xml"]),
    suffix=st.sampled_from(sorted(ORIGINALS)),
)
def test_zip_members_with_escaping_names_are_never_written_out(tmp_path, resolver, name, suffix):
    folder = tmp_path / "uploads"
    folder.mkdir(exist_ok=True)
    path = folder / f"tai-len{suffix}"
    with (
        zipfile.ZipFile(io.BytesIO(ORIGINALS[suffix])) as source,
        zipfile.ZipFile(path, "w") as target,
    ):
        for member in source.namelist():
            target.writestr(member, source.read(member))
        target.writestr(name, "<x/>")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    _read_or_refuse(path, resolver)
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


@FUZZ
@given(text=st.text(max_size=2000))
def test_any_text_file_is_read_or_refused(tmp_path, resolver, text):
    path = tmp_path / "tai-len.txt"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    _read_or_refuse(path, resolver)


@FUZZ
@given(
    lines=st.lists(
        st.one_of(
            st.sampled_from(["TT Tên nhiệm vụ Thời hạn Kết quả", "1.", "2", "31/12/", "2025"]),
            st.sampled_from(["Đang", "thực", "hiện", " tiếp theo", "Phụ lục II", "3"]),
            st.text(alphabet="abcđêô /.0123456789", max_size=40),
        ),
        max_size=200,
    )
)
def test_wrapped_pdf_tables_of_any_shape_are_read_or_refused(tmp_path, resolver, lines):
    path = tmp_path / "tai-len.txt"
    path.write_text("\n\n".join(lines), encoding="utf-8")
    _read_or_refuse(path, resolver)


def _declaring(data: bytes, member: str, size: int) -> bytes:
    """The archive with `member` declaring `size` bytes, in both of its headers, and holding
    bytes that cannot be unpacked: a zip bomb's claim without the bomb."""
    patched = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(member)
    local = info.header_offset
    # Local file header: the uncompressed size at offset 22, the name's and the extra
    # field's lengths at 26 and 28, the data after them; central directory: the size at 24,
    # the name at 46.
    patched[local + 22 : local + 26] = struct.pack("<I", size)
    name_length, extra_length = struct.unpack("<HH", patched[local + 26 : local + 30])
    start = local + 30 + name_length + extra_length
    patched[start : start + info.compress_size] = b"\xff" * info.compress_size
    name = member.encode()
    central = patched.find(b"PK\x01\x02")
    while patched[central + 46 : central + 46 + len(name)] != name:
        central = patched.find(b"PK\x01\x02", central + 4)
    patched[central + 24 : central + 28] = struct.pack("<I", size)
    return bytes(patched)


@pytest.mark.parametrize("suffix", sorted(ORIGINALS))
def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path, resolver, suffix):
    # A kilobyte that declares 300 MB and cannot be unpacked at all: had the reader tried,
    # the file would be refused as damaged ("bị hỏng"); refused as too large, it was judged
    # from its headers alone.
    packed = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(ORIGINALS[suffix])) as source,
        zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.namelist():
            target.writestr(member, source.read(member))
        target.writestr("word/media/zeros.bin", b"\0" * 1024)
    path = tmp_path / f"bom{suffix}"
    path.write_bytes(_declaring(packed.getvalue(), "word/media/zeros.bin", 300 * 1024 * 1024))
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("word/media/zeros.bin").file_size == 300 * 1024 * 1024
        with pytest.raises(zlib.error):
            archive.read("word/media/zeros.bin")

    with pytest.raises(UnreadableDocument, match="lớn bất thường"):
        plan_file_read(path=path, resolver=resolver)
