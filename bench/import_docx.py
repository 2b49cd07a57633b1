"""Time to read and import a 500-row Word plan.

Run: .venv/bin/python bench/import_docx.py [ROWS]
Writes a .docx laid out like the province's appendices (landscape, a two-level header
repeated on every page, section rows spanning the width, lead cells merged over groups of
rows, automatic list numbering in the number column), then prints the time to read it
(file -> draft) and to import it into a fresh SQLite database. Aim: under two seconds.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

LEADS = [
    "Sở Khoa học và Công nghệ",
    "Sở Nội vụ",
    "Sở Tài chính",
    "Công an tỉnh",
    "Văn phòng UBND tỉnh",
]


def _write_plan(path: Path, rows: int) -> None:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    word = docx.Document()
    section = word.sections[-1]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    word.add_paragraph("Số: 12/KH-UBND")
    word.add_paragraph("Quảng Ngãi, ngày 3 tháng 2 năm 2026")
    word.add_paragraph("KẾ HOẠCH")
    word.add_paragraph("Chuyển đổi số năm 2026")
    word.add_paragraph("PHỤ LỤC")
    per_section = 25
    sections = -(-rows // per_section)
    table = word.add_table(rows=2 + rows + sections, cols=6)
    table.style = "Table Grid"
    top, sub = table.rows[0].cells, table.rows[1].cells
    for c, label in enumerate(["TT", "Nhiệm vụ", "Cơ quan thực hiện", "", "Kết quả", "Thời gian"]):
        top[c].text = label
    sub[2].text = "Chủ trì"
    sub[3].text = "Phối hợp"
    for row in table.rows[:2]:
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(repeat)
    spans = [(0, 2, 3)]  # (row, first column, last column)
    downs = [(0, c, 1) for c in (0, 1, 4, 5)]  # (first row, column, last row)
    r = 2
    numbered = word.styles["List Number"]
    for s in range(sections):
        cells = table.rows[r].cells
        cells[0].text = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"][s % 10]
        cells[1].text = f"Nhóm nhiệm vụ {s + 1}"
        for cell in cells[:2]:
            for run in cell.paragraphs[0].runs:
                run.bold = True
        spans.append((r, 1, 5))
        r += 1
        count = min(per_section, rows - s * per_section)
        for i in range(count):
            cells = table.rows[r].cells
            cells[0].paragraphs[0].style = numbered
            cells[1].text = (
                f"Triển khai nhiệm vụ số {s * per_section + i + 1} về chuyển đổi số,\n"
                "bảo đảm kết nối, chia sẻ dữ liệu với các hệ thống của tỉnh"
            )
            if i % 5 == 0:
                cells[2].text = LEADS[(s + i // 5) % len(LEADS)]
                downs.append((r, 2, r + min(4, count - i - 1)))
            cells[3].text = "Các sở, ban, ngành\nUBND các xã, phường, đặc khu"
            cells[4].text = "Báo cáo kết quả thực hiện"
            cells[5].text = "Tháng 12/2026"
            r += 1
    _merge(table, spans, downs)
    word.save(str(path))


def _merge(table, spans, downs) -> None:
    """Merge cells in the XML, as Word writes them: python-docx's own merge rescans the
    whole table on each call, which would make writing the benchmark's input slow."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    grid = [list(row._tr.tc_lst) for row in table.rows]
    for first, column, last in downs:
        for r in range(first, last + 1):
            merge = OxmlElement("w:vMerge")
            if r == first:
                merge.set(qn("w:val"), "restart")
            grid[r][column].get_or_add_tcPr().append(merge)
    for r, first, last in spans:
        span = OxmlElement("w:gridSpan")
        span.set(qn("w:val"), str(last - first + 1))
        grid[r][first].get_or_add_tcPr().append(span)
        for tc in grid[r][first + 1 : last + 1]:
            tc.getparent().remove(tc)


def main() -> int:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    data_dir = tempfile.mkdtemp(prefix="dxtrack-bench-")
    os.environ["DXTRACK_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dxtrack.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from dxtrack.accounts.access import SYSTEM
    from dxtrack.agencies.services import directory_from_db, directory_install
    from dxtrack.ingest.services import plan_file_read
    from dxtrack.plans.services import plan_import

    Path(data_dir).mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    directory_install()
    resolver = directory_from_db()
    path = Path(data_dir) / f"ke-hoach-{rows}-dong.docx"
    _write_plan(path, rows)

    start = time.perf_counter()
    plan_file = plan_file_read(path=path, resolver=resolver)
    read = time.perf_counter() - start
    start = time.perf_counter()
    plan_import(actor=SYSTEM, draft=plan_file.draft, sha256=plan_file.sha256)
    write = time.perf_counter() - start
    draft = plan_file.draft
    assert len(draft.tasks) == rows, len(draft.tasks)
    assert all(t.lead and t.coordinating and t.timeframe for t in draft.tasks)
    print(f"{'tệp':<28} {'đọc (s)':>9} {'nhập (s)':>9} {'tổng (s)':>9}  nhiệm vụ/cảnh báo")
    print(
        f"{path.name:<28} {read:>9.3f} {write:>9.3f} {read + write:>9.3f}  "
        f"{len(draft.tasks)}/{len(draft.warnings)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
