"""Reading a filled result table and matching its rows to the bundled catalogue."""

import pytest
from django.db import transaction

from dxtrack.ingest.report_services import report_file_read
from dxtrack.reporting.models import AgencyReport
from ingest.result_table import bundled_year, table_writer, task

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def year(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield bundled_year()
        transaction.set_rollback(True)


@pytest.fixture
def report(year):
    """Sở KH&CN's report as stored now (each test's changes are rolled back)."""
    return AgencyReport.objects.get(pk=year.report.pk)


@pytest.fixture
def table(tmp_path):
    return table_writer(tmp_path)


def test_reworded_tasks_are_matched_to_the_catalogue(year, report, table):
    draft = report_file_read(path=table())

    matches = [row.match.task_id if row.match else None for row in draft.rows]
    assert matches[0] == task("Phủ sóng 5G tại 100% khu công nghiệp").pk
    assert matches[1] == task("Phát triển, hoàn thiện Nền tảng tích hợp, chia sẻ dữ liệu").pk
    assert matches[2] == task("Tăng cường công tác kiểm tra, giám sát các đơn vị").pk
    assert matches[3] == task("Xây dựng và triển khai Đề án Phát triển y tế thông minh").pk
    assert all(row.match.sure for row in draft.rows[:4])
    assert draft.rows[0].match.score > 0.95
    assert matches[5] is None


def test_an_unsure_row_gets_the_candidates_and_a_warning(year, report, table):
    draft = report_file_read(path=table())
    row = draft.rows[4]

    assert not row.match.sure
    candidates = [c.task_id for c in row.candidates]
    assert len(candidates) > 1
    assert candidates[0] == task("Tổ chức bồi dưỡng kiến thức, kỹ năng số, kỹ năng phân tích").pk
    assert any(
        w.where == "Phụ lục I, TT 5" and "Chưa chắc chắn" in w.message for w in draft.warnings
    )


def test_matching_can_be_limited_to_the_tasks_of_a_report(year, report, table):
    task_ids = list(report.task_updates.values_list("task_id", flat=True))

    draft = report_file_read(path=table(), task_ids=task_ids)

    assert all(row.match is None or row.match.task_id in task_ids for row in draft.rows)
