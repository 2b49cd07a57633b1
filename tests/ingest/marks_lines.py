"""Lines printed for the scanned-marks tests: drawn at 200 dpi with the fonts officials use
(Times' and Arial's metric twins, DejaVu), blurred a little and brought to 300 dpi as the
OCR's page is, each word given as Tesseract reads it."""

from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from dxtrack.ingest.pdf_tables_unruled import Word

__all__ = ["DEJAVU", "SANS", "SERIF", "scanned_line", "texts"]

SERIF = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
SANS = Path("/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf")
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def scanned_line(
    segments: list[tuple[str, str | None]], font: Path, points: int = 13
) -> tuple[Image.Image, list[Word]]:
    """The segments printed one space apart at 200 dpi, and the words the OCR gives: one per
    segment (a segment may hold spaces: "2026 - 2027" read as one word), reading its text or
    the one given."""
    if not font.exists():
        pytest.skip(f"font {font.name} missing")
    face = ImageFont.truetype(str(font), round(points * 200 / 72))
    text = " ".join(printed for printed, _read in segments)
    image = Image.new("L", (round(face.getlength(text)) + 80, 120), 255)
    draw = ImageDraw.Draw(image)
    draw.text((40, 30), text, font=face, fill=0)
    words = []
    at = 40.0
    for printed, read in segments:
        left, top, right, bottom = draw.textbbox((at, 30), printed, font=face)
        words.append(
            Word(
                text=read if read is not None else printed,
                x0=left * 1.5,
                x1=right * 1.5,
                top=top * 1.5,
                bottom=bottom * 1.5,
                confidence=90.0,
            )
        )
        at += face.getlength(printed + " ")
    image = image.filter(ImageFilter.GaussianBlur(0.6))
    image = image.resize((round(image.width * 1.5), round(image.height * 1.5)), Image.BICUBIC)
    return image, words


def texts(words: list[Word]) -> list[str]:
    return [w.text for w in sorted(words, key=lambda w: w.x0)]
