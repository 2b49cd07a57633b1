"""Fixtures for the importer tests.

The seed plans shipped with the product are read once per session with the agency directory
shipped with the product; documents the tests write themselves are read with a small resolver
that knows a handful of agencies and groups, so a test states exactly which names resolve.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from dxtrack.ingest.plan_reader import read_plan
from dxtrack.ingest.readers import read_document
from dxtrack.ingest.services import BUNDLED_DIR
from dxtrack.ingest.text_reader import read_text
from dxtrack.plans.drafts import PlanDraft
from dxtrack.vn_text import collapse_spaces, name_key


@dataclass(frozen=True)
class Resolution:
    text: str
    agency: str | None
    group: str | None


class SmallDirectory:
    """A resolver with a few agencies, former names and groups. Cells are split on ";" and
    line breaks only, so "Các sở, ban, ngành" stays one name. Records the cells it is asked."""

    AGENCIES = {
        "Sở Khoa học và Công nghệ": ["Sở KH&CN", "Sở Thông tin và Truyền thông", "Sở TT&TT"],
        "Sở Tài chính": ["Sở Kế hoạch và Đầu tư"],
        "Sở Nội vụ": [],
        "Sở Y tế": [],
        "Công an tỉnh": [],
        "Văn phòng UBND tỉnh": [],
    }
    GROUPS = {
        "Các sở, ban, ngành": ["Các sở ban ngành"],
        "UBND các xã, phường, đặc khu": [],
    }

    def __init__(self) -> None:
        self.cells: list[str] = []
        self._index: dict[str, tuple[str | None, str | None]] = {}
        for agency, aliases in self.AGENCIES.items():
            for name in (agency, *aliases):
                self._index[name_key(name)] = (agency, None)
        for group, aliases in self.GROUPS.items():
            for name in (group, *aliases):
                self._index[name_key(name)] = (None, group)

    def resolve_cell(self, text: str) -> list[Resolution]:
        self.cells.append(text)
        resolutions = []
        for part in re.split(r"[;\n]", text):
            name = collapse_spaces(part).strip(" .,")
            if name:
                agency, group = self._index.get(name_key(name), (None, None))
                resolutions.append(Resolution(text=name, agency=agency, group=group))
        return resolutions


@pytest.fixture
def resolver() -> SmallDirectory:
    return SmallDirectory()


@pytest.fixture
def read(resolver: SmallDirectory) -> Callable[[str], PlanDraft]:
    """Read a document the test writes (a text extraction) with the small resolver."""

    def read_document_text(text: str, name: str = "ke-hoach.txt") -> PlanDraft:
        return read_plan(read_text(text, name), resolver)

    return read_document_text


def seed_path(prefix: str) -> Path:
    (path,) = BUNDLED_DIR.glob(f"{prefix}_*.txt")
    return path


@pytest.fixture(scope="session")
def directory():
    """The agency directory shipped with the product, as a dry run on a fresh machine uses it."""
    from dxtrack.agencies.directory import load_bundled

    return load_bundled()


@pytest.fixture(scope="session")
def seed(directory) -> Callable[[str], PlanDraft]:
    """The draft of a seed plan ("000" … "003"), read once per session."""
    drafts: dict[str, PlanDraft] = {}

    def read_seed(prefix: str) -> PlanDraft:
        if prefix not in drafts:
            drafts[prefix] = read_plan(read_document(seed_path(prefix)), directory)
        return drafts[prefix]

    return read_seed
