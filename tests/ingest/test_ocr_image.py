"""A scanned page's picture prepared for the OCR: straightened, its ruling lines found and
whitened, bold strokes told from regular ones (drawn pictures, no OCR)."""

from PIL import Image, ImageDraw

from dxtrack.ingest.ocr_image import image_black, image_rules, image_straightened, stroke_widths


def _grid() -> Image.Image:
    picture = Image.new("L", (2400, 3000), 255)
    draw = ImageDraw.Draw(picture)
    for y in range(300, 2800, 200):
        draw.line((200, y, 2200, y), fill=0, width=3)
    for x in (200, 700, 2200):
        draw.line((x, 300, x, 2700), fill=0, width=3)
    # A short "letter" stem inside a cell is no ruling line.
    draw.line((900, 420, 900, 450), fill=0, width=4)
    return picture


def test_a_turned_page_is_turned_back_and_its_lines_found():
    turned = _grid().rotate(0.6, fillcolor=255)
    straight, angle = image_straightened(turned)
    assert angle == -0.6
    cleaned, horizontal, vertical = image_rules(straight)
    assert len(horizontal) == 13
    assert all(abs(h.start - 200) <= 6 and abs(h.end - 2202) <= 6 for h in horizontal)
    assert sorted(round(v.at / 10) for v in vertical) == [20, 70, 220]
    # The lines are whitened; the stem is left for the OCR.
    pixels = cleaned.load()
    assert pixels[1000, 500] == 255 and pixels[900, 435] < 128


def test_a_straight_page_is_left_as_it_is():
    picture = _grid()
    straight, angle = image_straightened(picture)
    assert angle == 0.0 and straight is picture


def test_bold_strokes_are_wider_and_the_ink_threshold_lies_between_paper_and_ink():
    picture = Image.new("L", (400, 100), 255)
    draw = ImageDraw.Draw(picture)
    for x in range(10, 150, 20):
        draw.line((x, 20, x, 80), fill=20, width=3)
    for x in range(210, 350, 20):
        draw.line((x, 20, x, 80), fill=20, width=7)
    regular, bold = stroke_widths(picture, [(0, 0, 190, 100), (200, 0, 390, 100)])
    assert bold >= 1.3 * regular
    assert 20 <= image_black(picture) < 255
