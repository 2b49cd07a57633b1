"""Two requests on one report at the same moment, each on its own database connection.

Kept apart from test_services.py: these tests commit their rows (the second connection must
see them), which cannot happen inside that module's catalogue transaction.
"""

import datetime as dt
import threading
import time

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction

from dxtrack.accounts.models import Profile, Role
from dxtrack.reporting.errors import ReportingError
from dxtrack.reporting.models import AgencyReport, ReportingPeriod
from dxtrack.reporting.period_services import period_create, period_open
from dxtrack.reporting.report_input import ReportInput, TaskInput
from dxtrack.reporting.report_services import report_save, report_submit
from factories import AgencyFactory, AssignmentFactory, TaskFactory

YEAR_START, YEAR_END = dt.date(2026, 1, 1), dt.date(2026, 12, 31)


def account(username: str, role: str, agency=None):
    user = get_user_model().objects.create_user(username=username)
    Profile.objects.create(user=user, role=role, agency=agency)
    return user


@pytest.mark.django_db(transaction=True)
def test_two_submits_at_the_same_moment_send_the_report_once():
    """The second click arrives while the first is still being written. On SQLite writing
    transactions queue (IMMEDIATE); on PostgreSQL the second must wait for the first."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writing transaction at a time")
    dost = AgencyFactory(name="Sở Khoa học và Công nghệ")
    task = TaskFactory(starts_on=YEAR_START, ends_on=YEAR_END)
    AssignmentFactory(task=task, agency=dost)
    coordinator = account("vanphong.skhcn", Role.COORDINATOR)
    reporter = account("baocao.skhcn", Role.REPORTER, dost)
    period = period_create(
        actor=coordinator,
        name="Báo cáo năm 2026",
        kind=ReportingPeriod.Kind.YEARLY,
        starts_on=YEAR_START,
        ends_on=YEAR_END,
        due_on=dt.date(2026, 11, 30),
        plan_ids=[task.plan_id],
    )
    period_open(period=period, actor=coordinator)
    report = AgencyReport.objects.get(period=period)
    report = report_save(
        report=report,
        actor=reporter,
        data=ReportInput(tasks={task.pk: TaskInput("Đang thực hiện")}),
        version=report.version,
    )
    first_written, release = threading.Event(), threading.Event()
    outcomes = []

    def first_click():
        try:
            with transaction.atomic():
                report_submit(report=report, actor=reporter)
                first_written.set()
                release.wait(10)  # the request is still running: not committed yet
        finally:
            connection.close()

    def second_click():
        first_written.wait(10)
        try:
            outcomes.append(report_submit(report=report, actor=reporter).status)
        except ReportingError as error:
            outcomes.append(error)
        finally:
            connection.close()

    clicks = [threading.Thread(target=first_click), threading.Thread(target=second_click)]
    for click in clicks:
        click.start()
    first_written.wait(10)
    time.sleep(0.5)  # the second click is now waiting on the first
    release.set()
    for click in clicks:
        click.join(10)

    assert outcomes == [AgencyReport.Status.SUBMITTED]
    assert report.versions.filter(action="submit").count() == 1
