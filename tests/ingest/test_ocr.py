"""Scanned plans: a plan's appendix printed to PDF, rendered as a scanner gives it back
(200 dpi, turned by a fraction of a degree, speckled, blurred; `scans.py`), then read by the
OCR. The scan must give the tasks the Word file gives, numbers, sections and agencies alike,
and what the OCR is unsure of must be named for review rather than guessed."""

import difflib
import shutil

import pytest

from dxtrack.ingest.ocr import Lexicon, ocr_document, ocr_pages
from dxtrack.ingest.pdf_tables_unruled import Word
from dxtrack.ingest.plan_reader import read_plan
from dxtrack.ingest.readers import is_scan, read_document
from dxtrack.office import soffice_path
from ingest.scans import pdf_printed, plan_word, scan_write, scanned_pages

pytestmark = pytest.mark.skipif(
    soffice_path() is None or shutil.which("tesseract") is None,
    reason="LibreOffice and Tesseract are installed by ./bin/setup",
)


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scan")
    word = plan_word(tasks=12)
    (folder / "ke-hoach.docx").write_bytes(word)
    scan = scan_write(word=word, folder=folder, stem="ban-quet", angle=0.6)
    progress: list[tuple[int, int]] = []
    pages = ocr_pages(scan, progress=lambda done, total: progress.append((done, total)))
    return folder / "ke-hoach.docx", scan, pages, progress


def _rows(draft):
    return [(t.number, t.name, t.lead_text, t.coordinating_text) for t in draft.tasks]


def test_a_scan_gives_the_rows_of_the_word_file(scanned, resolver):
    docx_path, scan, pages, progress = scanned
    assert is_scan(scan) and not is_scan(docx_path)
    assert progress == [(n, len(pages)) for n in range(1, len(pages) + 1)]
    expected = read_plan(read_document(docx_path), resolver)
    draft = read_plan(read_document(scan, scanned=pages), resolver)
    assert len(draft.tasks) == len(expected.tasks) == 12
    assert [t.number for t in draft.tasks] == [t.number for t in expected.tasks]
    got, want = _rows(draft), _rows(expected)
    # Every agency cell as written; names right but for the odd letter the OCR misreads.
    assert [r[2:] for r in got] == [r[2:] for r in want]
    same_names = sum(1 for a, b in zip(got, want, strict=True) if a[1] == b[1])
    assert same_names >= 8, got
    for (_n, name, *_rest), (_m, wanted, *_more) in zip(got, want, strict=True):
        assert difflib.SequenceMatcher(a=name, b=wanted).ratio() >= 0.95, (name, wanted)
    # The header repeated on each page is not a row; a row cut by a page break is whole.
    assert all(t.name != "Nội dung nhiệm vụ" for t in draft.tasks)
    assert draft.tasks[4].name.endswith("chữa bệnh")


def test_what_the_ocr_is_unsure_of_is_named_with_its_page_and_column(scanned, resolver):
    _docx, scan, pages, _progress = scanned
    draft = read_plan(read_document(scan, scanned=pages), resolver)
    doubts = [w for w in draft.warnings if "chưa chắc chắn" in w.message]
    for warning in doubts:
        assert "dòng" in warning.where
        assert "trang " in warning.message and "cột “" in warning.message


def test_a_low_confidence_word_and_a_misplaced_diacritic_are_marked_not_changed():
    lexicon = Lexicon.from_texts(["Sở Tư pháp", "Quý II/2027"])
    words = [
        Word("TT", 100, 140, 100, 130, confidence=95),
        Word("Nội", 300, 360, 100, 130, confidence=95),
        Word("dung", 370, 440, 100, 130, confidence=95),
        Word("Cơ", 800, 840, 100, 130, confidence=95),
        Word("quan", 850, 920, 100, 130, confidence=95),
        Word("chủ", 930, 980, 100, 130, confidence=95),
        Word("trì", 990, 1030, 100, 130, confidence=95),
        Word("Thời", 1300, 1370, 100, 130, confidence=95),
        Word("gian", 1380, 1450, 100, 130, confidence=95),
        Word("1", 100, 115, 160, 190, confidence=96),
        Word("Nhiệm", 300, 380, 160, 190, confidence=95),
        Word("vụ", 390, 420, 160, 190, confidence=95),
        Word("Sở", 800, 840, 160, 190, confidence=95),
        Word("Tư", 850, 890, 160, 190, confidence=95),
        Word("phàp", 900, 970, 160, 190, confidence=90),
        Word("Quý", 1300, 1360, 160, 190, confidence=95),
        Word("II/2027", 1370, 1480, 160, 190, confidence=31),
    ]
    from dxtrack.ingest.ocr import OcrPage

    document = ocr_document(
        [OcrPage(number=3, width=1600, height=2000, words=words)], name="q.png", lexicon=lexicon
    )
    table = document.blocks[0]
    row = table.rows[1]
    assert row.cells == ["1", "Nhiệm vụ", "Sở Tư phàp", "Quý II/2027"]
    assert "trang 3, cột “Cơ quan chủ trì”" in row.note
    assert "“phàp” (có thể là “pháp”)" in row.note
    assert "“II/2027” (độ tin cậy 31%)" in row.note


def test_words_run_together_are_spaced_by_the_word_list():
    lexicon = Lexicon.from_texts(["Sở Khoa học và Công nghệ", "hồ sơ"])
    assert lexicon.split("Khoahọcvà") == "Khoa học và"
    assert lexicon.split("hồsơ,") == "hồ sơ,"
    assert lexicon.split("UBND") == "UBND"
    assert lexicon.split("online") == "online"


def test_a_picture_of_a_page_is_read_as_a_scan(tmp_path, resolver):
    pdf = pdf_printed(word=plan_word(tasks=3))
    first = scanned_pages(pdf=pdf, angle=-0.4)[0]
    path = tmp_path / "trang-1.png"
    first.save(path)
    draft = read_plan(read_document(path), resolver)
    assert [t.number for t in draft.tasks] == ["1", "2", "3"]
    assert draft.tasks[1].lead_text == "Văn phòng UBND tỉnh"


def test_a_scan_signed_in_the_document_system_is_still_a_scan(tmp_path):
    # Scanned pages, the first carrying the signature stamp as text, as the document system
    # prints it: the stamp is no text layer of the plan.
    import io

    import docx
    from docx.shared import Cm

    pages = scanned_pages(pdf=pdf_printed(word=plan_word(tasks=6)), angle=0.3)
    document = docx.Document()
    document.add_paragraph(
        "Ký bởi: Ủy ban nhân dân tỉnh Quảng Ngãi. Thời gian ký: 20.04.2027 09:15:02 +07:00"
    )
    for page in pages:
        image = io.BytesIO()
        page.save(image, format="PNG")
        image.seek(0)
        document.add_picture(image, width=Cm(14))
    buffer = io.BytesIO()
    document.save(buffer)
    path = tmp_path / "ke-hoach-ky-so.pdf"
    path.write_bytes(pdf_printed(word=buffer.getvalue()))
    assert is_scan(path)


def test_a_pdf_mixing_text_pages_and_a_scanned_page_reads_each_as_what_it_is(
    scanned, tmp_path, resolver
):
    import pypdfium2 as pdfium

    from dxtrack.ingest.pdf_reader import pdf_scanned_pages

    docx_path, scan, _pages, _progress = scanned
    printed = pdfium.PdfDocument(pdf_printed(word=docx_path.read_bytes()))
    scanned_pdf = pdfium.PdfDocument(str(scan))
    assert len(printed) == len(scanned_pdf) == 3
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(printed, [0])
    mixed.import_pages(scanned_pdf, [1])
    mixed.import_pages(printed, [2])
    path = tmp_path / "ke-hoach-co-trang-quet.pdf"
    mixed.save(str(path))
    for document in (printed, scanned_pdf, mixed):
        document.close()

    assert pdf_scanned_pages(path) == [2] and is_scan(path)
    progress: list[tuple[int, int]] = []
    pages = ocr_pages(path, progress=lambda done, total: progress.append((done, total)))
    assert [p.number for p in pages] == [2] and progress == [(1, 1)]
    expected = read_plan(read_document(docx_path), resolver)
    draft = read_plan(read_document(path, scanned=pages), resolver)
    # Page order kept: the rows of the text pages and of the scanned page between them.
    assert [t.number for t in draft.tasks] == [t.number for t in expected.tasks]
    leads = [[r.text for r in t.lead] for t in draft.tasks]
    assert leads == [[r.text for r in t.lead] for t in expected.tasks]


def test_a_word_whose_context_makes_another_reading_as_likely_is_named_for_review():
    from dxtrack.ingest.ocr import _review, lexicon_default

    def words(*texts):
        return [
            Word(text=t, x0=60.0 * i, x1=60.0 * i + 50, top=0, bottom=30, confidence=96)
            for i, t in enumerate(texts)
        ]

    review = _review(lexicon_default())
    assert review(words("tổ", "chức", "đang", "có")) == ["“đang” (có thể là “đảng”)"]
    assert review(words("chuyển", "đổi", "số")) == []


def test_a_scanned_table_ruled_only_between_rows_spreads_its_merged_cells(tmp_path, resolver):
    """No lines down the table: the lines printed across it tell which rows a cell spans."""
    from ingest.pdf_shapes import merged_word

    word = merged_word(borders="rows")
    scan = scan_write(word=word, folder=tmp_path, stem="ke-ngang", angle=0.6)
    (tmp_path / "ke-ngang.docx").write_bytes(word)
    expected = read_plan(read_document(tmp_path / "ke-ngang.docx"), resolver)
    read = read_plan(read_document(scan), resolver)
    assert [t.timeframe.text if t.timeframe else None for t in read.tasks] == [
        t.timeframe.text if t.timeframe else None for t in expected.tasks
    ]
    assert [t.coordinating_text for t in read.tasks] == [
        t.coordinating_text for t in expected.tasks
    ]
