"""Every kind of document as PDF, from the command and from the period page: A4, the Word
layout, every font embedded (as pdffonts reports it), the Vietnamese text intact."""

import re
import shutil
import subprocess
import unicodedata
from urllib.parse import unquote

import pytest
from django.urls import reverse

from dxtrack.accounts.access import SYSTEM
from dxtrack.cli import main
from dxtrack.documents.libreoffice import soffice_path
from dxtrack.documents.pdf import document_pdf_produce

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        soffice_path() is None or shutil.which("pdffonts") is None,
        reason="LibreOffice and poppler-utils are installed by ./bin/setup",
    ),
]


def _run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603


def _fonts(path) -> list[list[str]]:
    lines = _run("pdffonts", str(path)).splitlines()[2:]
    return [line.split() for line in lines if line.strip()]


def _text(path) -> str:
    out = _run("pdftotext", "-enc", "UTF-8", str(path), "-")
    return " ".join(unicodedata.normalize("NFC", out).split())


@pytest.mark.parametrize(
    "kind, narrowing",
    [
        ("report", {"plan": "form_plan"}),
        ("appendix", {"agency": "dost"}),
        ("indicators", {}),
        ("chasing", {}),
        ("scorecard", {}),
    ],
)
def test_every_kind_prints_to_pdf_with_its_fonts_embedded(year, tmp_path, kind, narrowing):
    options = {key: getattr(year, value) for key, value in narrowing.items()}
    produced = document_pdf_produce(actor=SYSTEM, kind=kind, period=year.period, **options)
    assert produced.content_type == "application/pdf"
    assert produced.filename.endswith(".pdf")
    path = tmp_path / produced.filename
    path.write_bytes(produced.data)
    fonts = _fonts(path)
    assert fonts
    # Columns: name type encoding emb sub uni object ID; "emb" is the 4th from the end.
    assert all(row[-5] == "yes" for row in fonts), fonts
    text = _text(path)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Phan Văn Hiếu" in text
    assert "595.304 x 841.89 pts (A4)" in _run("pdfinfo", "-f", "1", "-l", "1", str(path))


def test_document_command_writes_pdf_when_the_file_says_so(year, tmp_path, capsys):
    out = tmp_path / "xep-hang.pdf"
    code = main(["document", "scorecard", "--period", str(year.period.pk), "--out", str(out)])
    assert code == 0
    assert out.read_bytes().startswith(b"%PDF-")
    # The name wraps in its column; pdftotext may put the next column's words between.
    assert re.search(r"Sở Nông nghiệp và (?:\S+ ){0,4}Môi trường", _text(out))
    assert f"Đã ghi “{out}”" in capsys.readouterr().out


def test_period_page_offers_the_pdf(client, year):
    client.force_login(year.coordinator)
    page = client.get(reverse("period-detail", args=[year.period.pk])).content.decode()
    url = reverse("document-download", args=[year.period.pk, "chasing", "pdf"])
    assert f'href="{url}"' in page
    response = client.get(url, {"reply_by": "2026-12-10"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = unquote(response["Content-Disposition"].split("filename*=UTF-8''", 1)[1])
    assert disposition == "Công văn đôn đốc - Báo cáo năm 2026.pdf"
    assert response.content.startswith(b"%PDF-")
