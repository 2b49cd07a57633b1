"""A scanned page's picture prepared for the OCR: turned straight, its ruling lines found and
whitened, and the weight of each word's strokes measured.

- Skew: the long horizontal dark runs of a table's ruling lines (or, on a page without a
  table, of its text lines seen at a coarse scale) are projected at angles around zero; the
  angle whose projection is sharpest is the page's. The picture is turned back by it, so a
  row's cells and the table's lines are level and plumb.
- Ruling lines: runs of dark pixels longer than any letter's stroke, across or down the page,
  joined into segments (`Rule`: where it runs, from where to where). They are whitened before
  Tesseract reads the page: its layout analysis takes a grid for pictures and drops the short
  numbers boxed in by it. The segments themselves draw the table (`ocr_tables`).
- Bold: a scan has no font names. A bold word's vertical strokes are wider: the median
  width of its dark runs, against the page's usual width, tells it.

Pure: numpy and Pillow, no Django.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

__all__ = ["Rule", "image_black", "image_rules", "image_straightened", "stroke_widths"]

# Darker than this (0–255) is ink.
_INK = 170
# Angles tried when straightening a page (degrees either way).
_MAX_SKEW = 3.0


@dataclass(frozen=True)
class Rule:
    """A ruling line: `at` is its y (horizontal) or x (vertical), from `start` to `end`."""

    at: float
    start: float
    end: float

    @property
    def length(self) -> float:
        return self.end - self.start


def _dark(image: Any) -> Any:
    import numpy as np

    return np.asarray(image, dtype=np.uint8) < _INK


def _long_runs(dark: Any, length: int) -> Any:
    """Cells of horizontal runs of True at least `length` long: the runs' starts and ends
    from the row-wise differences, the long ones marked +1 at their start and -1 after their
    end, and summed along the rows (8-bit throughout: two pages are prepared at once, and a
    page at 300 dpi has nine million pixels)."""
    import numpy as np

    height, width = dark.shape
    padded = np.zeros((height, width + 2), dtype=np.int8)
    padded[:, 1:-1] = dark
    change = np.diff(padded, axis=1)
    del padded
    rows, starts = np.nonzero(change == 1)
    _rows, ends = np.nonzero(change == -1)
    del change, _rows
    long = (ends - starts) >= length
    marks = np.zeros((height, width + 1), dtype=np.int8)
    marks[rows[long], starts[long]] = 1
    marks[rows[long], ends[long]] = -1
    return np.cumsum(marks, axis=1, dtype=np.int8)[:, :width].astype(bool)


def _thickened(dark: Any, axis: int) -> Any:
    """Dark pixels grown by one pixel across `axis`, so that a line turned by a fraction of
    a degree, which steps from one pixel row to the next, stays one run."""
    grown = dark.copy()
    if axis == 0:
        grown[1:, :] |= dark[:-1, :]
        grown[:-1, :] |= dark[1:, :]
    else:
        grown[:, 1:] |= dark[:, :-1]
        grown[:, :-1] |= dark[:, 1:]
    return grown


def image_straightened(image: Any) -> tuple[Any, float]:
    """The page turned straight and the angle (degrees) it was turned by; the page itself
    when it is straight to a twentieth of a degree or no angle is clear."""
    import numpy as np

    dark = _dark(image)
    run = max(image.width // 25, 40)
    lines = _long_runs(_thickened(dark, 0), run)
    ys, xs = np.nonzero(lines)
    if len(ys) < 4 * run:
        # No table: the text lines, smeared along themselves at a quarter of the size.
        small = dark[::4, ::4]
        smeared = np.zeros_like(small)
        for shift in range(0, 12):
            smeared[:, shift:] |= small[:, : small.shape[1] - shift]
        ys, xs = np.nonzero(smeared)
        ys, xs = ys * 4, xs * 4
    if len(ys) < 1000:
        return image, 0.0
    if len(ys) > 300_000:
        pick = np.random.default_rng(0).choice(len(ys), 300_000, replace=False)
        ys, xs = ys[pick], xs[pick]
    xs = xs.astype(np.float64) - image.width / 2
    ys = ys.astype(np.float64)

    def sharpness(angle: float) -> float:
        projected = np.rint(ys - xs * math.tan(math.radians(angle))).astype(np.int64)
        projected -= projected.min()
        counts = np.bincount(projected)
        return float(np.dot(counts, counts))

    best = max((a / 5 for a in range(-15, 16)), key=sharpness)
    fine = max((best + a / 50 for a in range(-10, 11)), key=sharpness)
    if abs(fine) < 0.05 or abs(fine) >= _MAX_SKEW:
        return image, 0.0
    from PIL import Image

    turned = image.rotate(fine, resample=Image.Resampling.BILINEAR, fillcolor=255)
    return turned, fine


def _segments(mask: Any, *, minimum: int, gap: int = 3) -> list[Rule]:
    """The runs of a mask's rows joined across neighbouring rows into rules: (row, first
    column, last column), rows within `gap` of each other and overlapping one rule."""
    import numpy as np

    height, width = mask.shape
    padded = np.zeros((height, width + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    change = np.diff(padded, axis=1)
    rows_s, starts = np.nonzero(change == 1)
    rows_e, ends = np.nonzero(change == -1)
    runs = sorted(zip(rows_s.tolist(), starts.tolist(), ends.tolist(), strict=True))
    del rows_e
    groups: list[list[int]] = []  # [first row, last row, start, end, weight]
    for row, start, end in runs:
        if end - start < minimum:
            continue
        joined = None
        for group in reversed(groups):
            if row - group[1] > gap:
                break
            if start < group[3] and end > group[2]:
                joined = group
                break
        if joined is None:
            groups.append([row, row, start, end])
        else:
            joined[1] = row
            joined[2] = min(joined[2], start)
            joined[3] = max(joined[3], end)
        groups.sort(key=lambda g: g[1])
    return [Rule(at=(g[0] + g[1]) / 2, start=float(g[2]), end=float(g[3])) for g in groups]


def image_rules(image: Any) -> tuple[Any, list[Rule], list[Rule]]:
    """The page with its ruling lines whitened, and the lines: horizontal, vertical."""
    import numpy as np
    from PIL import Image

    pixels = np.asarray(image, dtype=np.uint8)
    dark = pixels < _INK
    across_run = max(image.width // 25, 40)
    # A vertical line may be as short as a row of one line of text: kept when it meets a
    # horizontal line at both ends, which no letter's stem does, or when it is long.
    down_run = 45
    across_long = _long_runs(_thickened(dark, 0), across_run)
    down_long = _long_runs(_thickened(dark, 1).T, down_run).T
    horizontal = _segments(across_long, minimum=across_run)
    vertical = [
        v
        for v in _segments(down_long.T, minimum=down_run)
        if v.length >= 4 * down_run or _meets(v, horizontal)
    ]
    keep = np.zeros_like(dark)
    for rule in horizontal:
        keep[max(int(rule.at) - 6, 0) : int(rule.at) + 7, int(rule.start) : int(rule.end) + 1] = 1
    for rule in vertical:
        keep[int(rule.start) : int(rule.end) + 1, max(int(rule.at) - 6, 0) : int(rule.at) + 7] = 1
    mask = ((across_long | down_long) & dark) & keep
    if not mask.any():
        return image, horizontal, vertical
    # The line's faint, blurred edges too: two pixels around what was found (a 5×5 maximum,
    # in Pillow's C code rather than numpy copies of the page).
    from PIL import ImageFilter

    spread = Image.fromarray(mask.astype(np.uint8) * 255).filter(ImageFilter.MaxFilter(5))
    grown = np.asarray(spread) > 0
    cleaned = pixels.copy()
    cleaned[grown] = 255
    return Image.fromarray(cleaned), horizontal, vertical


def _meets(rule: Rule, across: list[Rule], tolerance: float = 10) -> bool:
    """Whether a vertical rule's two ends both lie on horizontal rules."""

    def on(y: float) -> bool:
        return any(
            abs(h.at - y) <= tolerance and h.start - tolerance <= rule.at <= h.end + tolerance
            for h in across
        )

    return on(rule.start) and on(rule.end)


def image_black(image: Any) -> int:
    """The grey that parts ink from paper on this page (Otsu's threshold: the split of the
    page's histogram with the widest gap between the two classes' means)."""
    import numpy as np

    counts = np.asarray(image.convert("L").histogram(), dtype=np.float64)  # no copy of the page
    share = counts / max(counts.sum(), 1)
    below = np.cumsum(share)
    mean_below = np.cumsum(share * np.arange(256))
    total = mean_below[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        spread = (total * below - mean_below) ** 2 / (below * (1 - below))
    return int(np.nanargmax(np.nan_to_num(spread, nan=-1.0)))


def stroke_widths(image: Any, boxes: list[tuple[int, int, int, int]]) -> list[float]:
    """The median width (pixels) of the horizontal dark runs inside each box
    (left, top, right, bottom): a bold word's strokes are wider than a regular one's."""
    import numpy as np

    pixels = np.asarray(image, dtype=np.uint8)
    widths = []
    for left, top, right, bottom in boxes:
        dark = pixels[max(top, 0) : bottom, max(left, 0) : right] < _INK
        if dark.size == 0:
            widths.append(0.0)
            continue
        padded = np.zeros((dark.shape[0], dark.shape[1] + 2), dtype=np.int8)
        padded[:, 1:-1] = dark
        change = np.diff(padded, axis=1)
        lengths = np.nonzero(change == -1)[1] - np.nonzero(change == 1)[1]
        widths.append(float(np.median(lengths)) if len(lengths) else 0.0)
    return widths
