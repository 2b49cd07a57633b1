"""Text from users in the workbooks we write: always text, never a formula.

A spreadsheet reads a cell typed "=…" as a formula, and "+", "-", "@" (and a leading tab or
carriage return, which some programs strip first) as the start of one. An agency's text
written into a workbook as it is could fetch a web address or run a command when the file
is opened by someone else (CSV/formula injection). Every such text is stored as a string
cell and shown with Excel's quote prefix, so even editing the cell keeps it text. No Django
imports: both workbook writers (reporting's form, the documents' tables) use it.
"""

from __future__ import annotations

from typing import Any

FORMULA_LEADS = frozenset("=+-@\t\r")


def text_is_formula_like(text: str) -> bool:
    """Would a spreadsheet take `text` for a formula, or the start of one?"""
    return bool(text) and text[0] in FORMULA_LEADS


def workbook_text_protect(*, workbook: Any) -> int:
    """Make every formula-like text cell of an openpyxl `workbook` a quoted string cell,
    whoever wrote it; returns how many there were. Call it just before saving."""
    protected = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, str) and text_is_formula_like(value):
                    # openpyxl took "=…" for a formula when it was assigned.
                    cell.data_type = "s"
                    cell.quotePrefix = True
                    protected += 1
    return protected
