"""Plans in every format an official receives them in: rows found, fields as written, time
and memory, and whether every format gives the same plan JSON.

Run: .venv/bin/python bench/import_formats.py [--no-office] [--pages 20] [--only-scans]
(--only-scans: only the corpus's PDFs scanned at 200 dpi, read and scored like the formats)

The corpus (tests/ingest/corpus: plans of other provinces and a ministry, described once) is
written as .docx, .xlsx, Markdown pipe tables, the "|"-line web form, .html, the text
extraction and, through LibreOffice, .doc, .odt, a PDF with a text layer and .xls, then read
with the agency directory shipped with the product. Printed per format: rows found of the
rows described, fields as written, rows with every field as written, seconds per document,
peak Python memory per document (tracemalloc, in a second reading); then the seed plans
(../shared/seeds), a PDF of about 20 pages (target ≤ 2 s), the differences between the plan
JSON of each format and that of the .docx, and OCR figures of the corpus's PDFs scanned when
an `ocr_figures(paths)` exists (in `dxtrack.ingest`, or in `bench/import_ocr.py`).
"""

from __future__ import annotations

import argparse
import gc
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from dxtrack.agencies.directory import load_bundled  # noqa: E402
from dxtrack.ingest.plan_reader import read_plan  # noqa: E402
from dxtrack.ingest.readers import read_document  # noqa: E402
from dxtrack.office import soffice_path  # noqa: E402
from dxtrack.plans.drafts import PlanDraft  # noqa: E402
from ingest.corpus import CORPUS, Appendix, CorpusPlan, R, expected_rows  # noqa: E402
from ingest.corpus.render import ALL_SUFFIXES, FORMATS, write_all  # noqa: E402
from ingest.corpus.score import Score, json_differences, score_draft  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"


def _read(path: Path, directory) -> tuple[PlanDraft, float, float]:
    """The draft, seconds, and peak Python memory in MB of reading one file. Timed and
    measured in two readings: tracing allocations slows a PDF's parsing several times."""
    gc.collect()
    start = time.perf_counter()
    draft = read_plan(read_document(path), directory)
    seconds = time.perf_counter() - start
    gc.collect()
    tracemalloc.start()
    read_plan(read_document(path), directory)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return draft, seconds, peak / 1024 / 1024


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "   – "


def corpus_figures(folder: Path, suffixes: tuple[str, ...], directory) -> dict:
    drafts: dict[tuple[str, str], PlanDraft] = {}
    print(
        f"{'định dạng':<10} {'dòng tìm thấy':>14} {'trường đúng':>13} {'dòng đúng hết':>15} "
        f"{'giây/tệp':>9} {'MB/tệp':>7}"
    )
    total = Score()
    for suffix in suffixes:
        # Once before timing, so the figures do not include importing the format's library.
        read_document(folder / f"{CORPUS[0].slug}{suffix}")
        score = Score()
        times, peaks = [], []
        for plan in CORPUS:
            draft, seconds, peak = _read(folder / f"{plan.slug}{suffix}", directory)
            drafts[(plan.slug, suffix)] = draft
            score.add(score_draft(plan, draft))
            times.append(seconds)
            peaks.append(peak)
        total.add(score)
        print(
            f"{suffix:<10} {score.found:>6}/{score.rows:<4} {_percent(score.found, score.rows)} "
            f"{_percent(score.fields_right, score.fields):>13} "
            f"{score.rows_right:>6}/{score.rows:<3}{_percent(score.rows_right, score.rows)} "
            f"{statistics.mean(times):>9.3f} {max(peaks):>7.1f}"
        )
        for wrong in score.wrong[:5]:
            print(f"    {wrong}")
    print(
        f"Tổng: {total.rows_right}/{total.rows} dòng có mọi trường đúng như văn bản "
        f"({_percent(total.rows_right, total.rows).strip()}; mục tiêu ≥ 98%), "
        f"{total.found}/{total.rows} dòng tìm thấy, "
        f"{total.fields_right}/{total.fields} trường đúng."
    )
    return drafts


def json_figures(drafts: dict[tuple[str, str], PlanDraft], suffixes: tuple[str, ...]) -> None:
    print("\nCùng một văn bản ở mọi định dạng cho cùng JSON kế hoạch? (so với .docx)")
    for plan in CORPUS:
        base = drafts[(plan.slug, ".docx")]
        for suffix in suffixes:
            if suffix == ".docx":
                continue
            differences = json_differences(base, drafts[(plan.slug, suffix)])
            if not differences:
                continue
            print(f"  {plan.slug}{suffix}: {len(differences)} dòng khác")
            for line in differences[:8]:
                print(f"      {line[:160]}")
        same = all(
            not json_differences(base, drafts[(plan.slug, s)]) for s in suffixes if s != ".docx"
        )
        print(f"  {plan.slug}: {'giống nhau ở mọi định dạng' if same else 'CÓ KHÁC BIỆT'}")


def seed_figures(directory) -> None:
    seeds = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if not seeds:
        print("\nKhông thấy ../shared/seeds.")
        return
    print("\nKế hoạch mẫu của tỉnh (../shared/seeds), văn bản trích:")
    print(
        f"{'tệp':<28} {'chỉ tiêu':>8} {'nhiệm vụ':>8} {'trách nhiệm':>11} {'dự án':>6} "
        f"{'giây':>7} {'MB':>6}"
    )
    for path in seeds:
        draft, seconds, peak = _read(path, directory)
        print(
            f"{path.name:<28} {len(draft.indicators):>8} {len(draft.tasks):>8} "
            f"{len(draft.duties):>11} {len(draft.projects):>6} {seconds:>7.3f} {peak:>6.1f}"
        )


def long_plan(rows: int) -> CorpusPlan:
    """A plan whose task appendix runs over many pages (wording varied row by row)."""
    base = CORPUS[0]
    appendix = base.appendices[0]
    fields = [
        "Số hóa hồ sơ, tài liệu lưu trữ của cơ quan",
        "Triển khai nền tảng số dùng chung – giai đoạn",
        "Đào tạo kỹ năng số cho cán bộ, công chức tại",
        "Kết nối, chia sẻ dữ liệu “thời gian thực” với",
    ]
    items = tuple(
        R(
            str(n),
            f"{fields[n % 4]} {n}, bảo đảm an toàn thông tin theo cấp độ và quy định hiện hành",
            ("Sở Khoa học và Công nghệ", "Sở Nội vụ", "Sở Y tế", "Công an tỉnh")[n % 4],
            "Các sở, ban, ngành",
            f"Sản phẩm số {n}",
            f"Quý {('I', 'II', 'III', 'IV')[n % 4]}/2026",
        )
        for n in range(1, rows + 1)
    )
    long_appendix = Appendix(
        title=appendix.title,
        caption=appendix.caption,
        header=appendix.header,
        roles=appendix.roles,
        rows=items,
        kind="tasks",
        landscape=False,
    )
    return CorpusPlan(
        slug="ke-hoach-dai",
        head=base.head,
        body=base.body[:4],
        appendices=(long_appendix,),
        number=base.number,
    )


def pdf_figures(folder: Path, pages: int, directory) -> None:
    import pdfplumber

    rows = pages * 4  # four rows of this appendix fill a page
    plan = long_plan(rows)
    write_all([plan], folder, office=True)
    path = folder / f"{plan.slug}.pdf"
    with pdfplumber.open(path) as pdf:
        count = len(pdf.pages)
    runs = []
    draft = None
    for _ in range(3):
        draft, seconds, peak = _read(path, directory)
        runs.append((seconds, peak))
    assert draft is not None
    best = min(r[0] for r in runs)
    score = score_draft(plan, draft)
    print(
        f"\nPDF có lớp chữ {count} trang, {rows} dòng: {best:.2f} s mỗi lần đọc (tốt nhất của 3; "
        f"mục tiêu ≤ 2 s với 20 trang), {max(r[1] for r in runs):.1f} MB, "
        f"{score.rows_right}/{score.rows} dòng đúng hết."
    )


def shaped_pdf_figures(folder: Path, directory) -> None:
    """The PDFs as officials receive them (tests/ingest/pdf_shapes.py: a landscape appendix
    with a two-level header repeated on each page, merged cells, rows cut by page breaks,
    the signature's lines, a running footnote and page numbers), with the table's borders
    on, off and partly on: rows with number, name, lead and coordinating agencies as written,
    and rows giving the same task as the .docx."""
    import pdfplumber

    from dxtrack.office import office_convert
    from ingest.pdf_shapes import BORDERS, ShapedRow, shaped_rows, shaped_word

    # A lead merged over a group of rows is the lead of each of them, as described.
    written: list[ShapedRow] = [r for r in shaped_rows() if isinstance(r, ShapedRow)]
    print("\nPDF như cơ quan nhận được (kẻ bảng đủ, không kẻ, chỉ khung ngoài, chỉ kẻ ngang):")
    print(f"{'bảng':<8} {'dòng đúng như văn bản':>22} {'giống .docx':>12} {'giây':>7} {'trang':>6}")
    for borders in BORDERS:
        word = shaped_word(borders=borders)
        docx_path = folder / f"shaped-{borders}.docx"
        docx_path.write_bytes(word)
        pdf_path = folder / f"shaped-{borders}.pdf"
        pdf_path.write_bytes(office_convert(data=word, suffix=".docx", target="pdf", timeout=240))
        expected = read_plan(read_document(docx_path), directory)
        draft, seconds, _peak = _read(pdf_path, directory)

        def task_rows(plan: PlanDraft) -> list[tuple]:
            return [
                (t.number, t.name, t.lead_text, t.coordinating_text, t.timeframe, t.section)
                for t in plan.tasks
            ]

        found = {t.number: t for t in draft.tasks}
        right = sum(
            1
            for row in written
            if row.number in found
            and found[row.number].name == row.name
            and found[row.number].lead_text == row.lead
            and found[row.number].coordinating_text == row.coordinating
        )
        pairs = zip(task_rows(expected), task_rows(draft), strict=False)
        same = sum(1 for a, b in pairs if a == b)
        with pdfplumber.open(pdf_path) as pdf:
            pages = len(pdf.pages)
        print(
            f"{borders:<8} {right:>13}/{len(written):<3} {_percent(right, len(written))} "
            f"{same:>5}/{len(expected.tasks):<3} {seconds:>7.3f} {pages:>6}"
        )


def _ocr_figures_function():
    """`ocr_figures(paths)` where the OCR work offers it: `dxtrack.ingest`, else
    `bench/import_ocr.py` beside this file; None when neither does."""
    import importlib.util

    import dxtrack.ingest as ingest

    found = getattr(ingest, "ocr_figures", None)
    if found is not None:
        return found
    script = Path(__file__).resolve().parent / "import_ocr.py"
    if not script.exists():
        return None
    spec = importlib.util.spec_from_file_location("import_ocr", script)
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, "ocr_figures", None)


def ocr_hook(folder: Path, directory) -> None:
    ocr_figures = _ocr_figures_function()
    if ocr_figures is None:
        print("\nOCR: chưa có")
        return
    scans = _scanned_pdfs(folder)
    _score_scans(scans, directory)
    print(f"\nOCR ({len(scans)} bản quét 200 dpi của các PDF trên):")
    figures = ocr_figures(scans)
    expected = {f"{plan.slug}.scan.pdf": len(expected_rows(plan)) for plan in CORPUS}
    if isinstance(figures, dict):
        for key, value in figures.items():
            wanted = expected.get(str(key))
            suffix = f" (mô tả có {wanted} dòng)" if wanted is not None else ""
            print(f"  {key}: {value}{suffix}")
    elif isinstance(figures, list | tuple):
        for line in figures:
            print(f"  {line}")
    elif figures is not None:
        print(f"  {figures}")


def _score_scans(scans: list[Path], directory) -> None:
    """The scans read here as any file is, scored against their plans like the formats."""
    from dxtrack.ingest.document import UnreadableDocument

    plans = {f"{plan.slug}.scan.pdf": plan for plan in CORPUS}
    score = Score()
    seconds = 0.0
    for path in scans:
        try:
            draft, took, _peak = _read(path, directory)
        except UnreadableDocument as error:
            print(f"\nOCR: {error}")
            return
        seconds += took
        score.add(score_draft(plans[path.name], draft))
    print(
        f"\n{'.scan.pdf':<10} {score.found:>6}/{score.rows:<4} {_percent(score.found, score.rows)} "
        f"{_percent(score.fields_right, score.fields):>13} "
        f"{score.rows_right:>6}/{score.rows:<3}{_percent(score.rows_right, score.rows)} "
        f"{seconds / max(len(scans), 1):>9.3f}"
    )
    for wrong in score.wrong[:8]:
        print(f"    {wrong}")


def _scanned_pdfs(folder: Path) -> list[Path]:
    """Each corpus PDF printed to images (200 dpi) and saved as a PDF without a text layer."""
    import pypdfium2

    scans = []
    for plan in CORPUS:
        source = folder / f"{plan.slug}.pdf"
        if not source.exists():
            continue
        pdf = pypdfium2.PdfDocument(str(source))
        images = [page.render(scale=200 / 72).to_pil().convert("RGB") for page in pdf]
        pdf.close()
        target = folder / f"{plan.slug}.scan.pdf"
        images[0].save(target, save_all=True, append_images=images[1:], resolution=200)
        scans.append(target)
    return scans


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-office", action="store_true", help="bỏ .doc, .odt, .pdf, .xls")
    parser.add_argument("--pages", type=int, default=20, help="số trang của PDF đo thời gian")
    parser.add_argument(
        "--only-scans", action="store_true", help="chỉ đo bản quét (.scan.pdf) của bộ văn bản"
    )
    args = parser.parse_args()
    office = not args.no_office and soffice_path() is not None
    suffixes = ALL_SUFFIXES if office else tuple(FORMATS)
    directory = load_bundled()
    if args.only_scans:
        if soffice_path() is None:
            print("OCR: bỏ qua (cần LibreOffice để in PDF của bộ văn bản)")
            return 0
        with tempfile.TemporaryDirectory(prefix="dxtrack-formats-") as name:
            folder = Path(name)
            write_all(CORPUS, folder, office=True)
            _score_scans(_scanned_pdfs(folder), directory)
        return 0
    with tempfile.TemporaryDirectory(prefix="dxtrack-formats-") as name:
        folder = Path(name)
        start = time.perf_counter()
        write_all(CORPUS, folder, office=office)
        print(
            f"Bộ văn bản: {len(CORPUS)} kế hoạch × {len(suffixes)} định dạng "
            f"(viết trong {time.perf_counter() - start:.1f} s)\n"
        )
        drafts = corpus_figures(folder, suffixes, directory)
        json_figures(drafts, suffixes)
        seed_figures(directory)
        if office:
            pdf_figures(folder, args.pages, directory)
            shaped_pdf_figures(folder, directory)
        else:
            print("\nPDF: bỏ qua (cần LibreOffice)")
        ocr_hook(folder, directory)
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"\nBộ nhớ lớn nhất: tiến trình đo {usage:.0f} MB, LibreOffice {children:.0f} MB "
        "(mục tiêu ≤ 512 MB mỗi tệp)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
