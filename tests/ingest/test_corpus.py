"""Plans of other provinces and a ministry (tests/ingest/corpus), each written in every format
an official receives, read with the agency directory shipped with the product: every row is
found with every field as written, the same plan JSON comes out of every format, and the text
around the tables (duties, replaced plans, body targets) reads the same too."""

from pathlib import Path

import pytest

from dxtrack.ingest.plan_reader import read_plan
from dxtrack.ingest.readers import read_document
from dxtrack.office import soffice_path
from ingest.corpus import CORPUS, CorpusPlan
from ingest.corpus.render import ALL_SUFFIXES, FORMATS, write_all
from ingest.corpus.score import json_differences, score_draft

HAS_OFFICE = soffice_path() is not None
SUFFIXES = ALL_SUFFIXES if HAS_OFFICE else tuple(FORMATS)


@pytest.fixture(scope="module")
def drafts(tmp_path_factory, directory):
    """(slug, suffix) -> the draft read from that file; written and read once per module."""
    folder: Path = tmp_path_factory.mktemp("corpus")
    write_all(CORPUS, folder, office=HAS_OFFICE)
    return {
        (plan.slug, suffix): read_plan(read_document(folder / f"{plan.slug}{suffix}"), directory)
        for plan in CORPUS
        for suffix in SUFFIXES
    }


def test_office_formats_are_part_of_the_corpus_where_libreoffice_is_installed():
    if not HAS_OFFICE:
        pytest.skip("LibreOffice is installed by ./bin/setup")
    assert {".doc", ".odt", ".pdf", ".xls"} <= set(SUFFIXES)


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_every_row_is_found_with_every_field_as_written(drafts, suffix):
    rows = right = 0
    wrong = []
    for plan in CORPUS:
        score = score_draft(plan, drafts[(plan.slug, suffix)])
        assert score.found == score.rows, score.wrong
        rows += score.rows
        right += score.rows_right
        wrong += score.wrong
    assert right / rows >= 0.98, wrong


@pytest.mark.parametrize("plan", CORPUS, ids=lambda p: p.slug)
@pytest.mark.parametrize("suffix", [s for s in SUFFIXES if s != ".docx"])
def test_the_same_document_gives_the_same_plan_json_in_every_format(drafts, plan, suffix):
    assert json_differences(drafts[(plan.slug, ".docx")], drafts[(plan.slug, suffix)]) == []


@pytest.mark.parametrize("plan", CORPUS, ids=lambda p: p.slug)
def test_the_duties_under_to_chuc_thuc_hien_are_tasks_of_their_agency(drafts, plan: CorpusPlan):
    for suffix in SUFFIXES:
        draft = drafts[(plan.slug, suffix)]
        assert [(d.number, d.lead_text) for d in draft.duties] == list(plan.duties), suffix
        assert all(d.origin == "duty" and d.lead and d.name for d in draft.duties)


@pytest.mark.parametrize("plan", CORPUS, ids=lambda p: p.slug)
def test_a_replaced_plan_and_the_body_targets_read_alike_in_every_format(drafts, plan):
    for suffix in SUFFIXES:
        draft = drafts[(plan.slug, suffix)]
        assert draft.number == plan.number, suffix
        assert draft.replaces == ([plan.replaces] if plan.replaces else []), suffix
        body = [i for i in draft.indicators if not i.number]
        assert sum(len(i.targets) for i in body) == plan.body_targets, suffix


def test_a_roman_row_naming_its_lead_is_a_task_heading_its_items(drafts):
    draft = drafts[("son-lam-2026", ".docx")]
    (roman,) = [t for t in draft.tasks if t.number == "II"]
    assert roman.name == "Phát triển hạ tầng số"
    assert roman.section == []
    assert [r.agency for r in roman.lead] == ["Sở Khoa học và Công nghệ"]
    assert roman.timeframe is not None and roman.timeframe.text == "Năm 2026"
    items = [t for t in draft.tasks if t.section == ["II Phát triển hạ tầng số"]]
    assert [t.number for t in items] == ["1", "2", "3"]


def test_an_agency_written_twice_under_two_names_keeps_both_entries(drafts):
    (task,) = [
        t
        for t in drafts[("son-lam-2026", ".pdf" if HAS_OFFICE else ".md")].tasks
        if t.name.startswith("Chuyển các hệ thống")
    ]
    assert [(r.text, r.agency) for r in task.coordinating] == [
        ("Sở Thông tin và Truyền thông", "Sở Khoa học và Công nghệ"),
        ("Sở Khoa học và Công nghệ", "Sở Khoa học và Công nghệ"),
    ]


def test_ranges_are_read_with_both_ends_and_kept_as_written(drafts):
    draft = drafts[("an-ha-nq57", ".xlsx")]
    targets = {(i.number, t.milestone): t for i in draft.indicators for t in i.targets}
    assert (targets[("2", "2026")].text, targets[("2", "2026")].value) == ("từ 30% đến 40%", 30)
    assert targets[("2", "2026")].high == 40
    assert (targets[("3", "2026")].text, targets[("3", "2026")].high) == ("30-40%", 40)
    assert (targets[("2", "2027")].comparator, targets[("2", "2027")].high) == (">", None)
