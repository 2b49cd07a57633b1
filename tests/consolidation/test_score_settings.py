"""The weights of the agencies' score: the province sets them, the audit trail keeps what
they were, and the consolidation, its page and the scorecard say which were used."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from dxtrack.accounts.models import Profile, Role
from dxtrack.audit.models import AuditEntry
from dxtrack.consolidation import evaluation as ev
from dxtrack.consolidation.aggregation import period_consolidation
from dxtrack.consolidation.models import ScoreSettings
from dxtrack.consolidation.selectors import score_weights_current
from dxtrack.consolidation.services import ScoreWeightsInvalid, score_weights_update
from dxtrack.documents.sources import scorecard_content
from factories import AgencyFactory, UserFactory

from .conftest import AS_OF

pytestmark = pytest.mark.django_db


def _user(role, username):
    user = UserFactory(username=username)
    agency = AgencyFactory(name="Sở Y tế") if role == Role.REPORTER else None
    Profile.objects.create(user=user, role=role, agency=agency)
    return user


@pytest.fixture
def coordinator(db):
    return _user(Role.COORDINATOR, "dieuphoi.skhcn")


def test_without_settings_the_default_weights_apply(db):
    assert score_weights_current() == ev.ScoreWeights(70, 30, 30)


def test_the_coordinator_sets_the_weights_and_the_audit_keeps_old_and_new(coordinator):
    score_weights_update(actor=coordinator, task_points=60, report_points=40, grace_days=20)
    score_weights_update(actor=coordinator, task_points=50, report_points=50, grace_days=10)

    assert score_weights_current() == ev.ScoreWeights(50, 50, 10)
    assert ScoreSettings.objects.count() == 1
    first, second = AuditEntry.objects.filter(action="score_weights.update").order_by("pk")
    assert first.actor == coordinator
    assert first.details == {
        "old": {"task_points": 70, "report_points": 30, "grace_days": 30},
        "new": {"task_points": 60, "report_points": 40, "grace_days": 20},
    }
    assert second.details["old"] == {"task_points": 60, "report_points": 40, "grace_days": 20}


@pytest.mark.parametrize(
    "points, field, message",
    [
        ((60, 30, 30), "report_points", "phải cộng lại bằng 100 (đang là 60 + 30 = 90)"),
        ((120, 0, 30), "task_points", "Số điểm phải từ 0 đến 100"),
        ((70, 30, 0), "grace_days", "Số ngày phải từ 1 trở lên"),
    ],
)
def test_weights_that_do_not_make_100_points_are_refused(coordinator, points, field, message):
    task, report, grace = points
    with pytest.raises(ScoreWeightsInvalid) as refused:
        score_weights_update(
            actor=coordinator, task_points=task, report_points=report, grace_days=grace
        )

    assert message in " ".join(refused.value.message_dict[field])
    assert not ScoreSettings.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("role", [Role.LEADER, Role.REPORTER])
def test_leaders_and_reporters_may_not_change_the_weights(db, role):
    user = _user(role, f"nguoidung.{role}")

    with pytest.raises(PermissionDenied):
        score_weights_update(actor=user, task_points=50, report_points=50, grace_days=30)
    assert score_weights_current() == ev.DEFAULT_SCORE_WEIGHTS


def test_the_scores_follow_the_weights_in_force(year, coordinator):
    before = {
        s.agency.name: s.score
        for s in period_consolidation(period=year.period, as_of=AS_OF).agencies
    }
    score_weights_update(actor=coordinator, task_points=50, report_points=50, grace_days=10)

    result = period_consolidation(period=year.period, as_of=AS_OF)
    after = {s.agency.name: s.score for s in result.agencies}

    # Sở Nội vụ: 3 tasks, 1 on time + 1 in progress on track, 1 overdue; report 5 days late.
    assert before["Sở Nội vụ"] == round(70 * 2 / 3 + 30 * (1 - 5 / 30), 1)
    assert after["Sở Nội vụ"] == round(50 * 2 / 3 + 50 * (1 - 5 / 10), 1)
    assert result.score_weights == ev.ScoreWeights(50, 50, 10)
    assert "50 điểm theo tỷ lệ nhiệm vụ" in result.score_method
    assert "quá 10 ngày" in result.score_method


def test_the_page_and_the_scorecard_print_the_same_explanation(client, year, coordinator):
    score_weights_update(actor=coordinator, task_points=60, report_points=40, grace_days=20)
    method = ev.score_method(ev.ScoreWeights(60, 40, 20))
    client.force_login(coordinator)

    page = client.get(
        reverse("consolidation-detail", args=[year.period.pk]) + "?ngay=15/12/2026"
    ).content.decode()

    assert method in page
    assert scorecard_content(period=year.period, as_of=AS_OF).method == method
    assert "gửi muộn trừ 2 điểm mỗi ngày, quá 20 ngày" in method
    assert "Đơn vị không có nhiệm vụ chủ trì trong kỳ được tính theo việc gửi báo cáo" in method


def test_the_administrator_edits_the_weights_in_the_admin_and_it_is_audited(
    admin_client, admin_user
):
    url = reverse("admin:consolidation_scoresettings_changelist")
    assert admin_client.get(url)["Location"] == reverse("admin:consolidation_scoresettings_add")

    response = admin_client.post(
        reverse("admin:consolidation_scoresettings_add"),
        {"task_points": 80, "report_points": 20, "grace_days": 15},
    )

    assert response.status_code == 302
    assert score_weights_current() == ev.ScoreWeights(80, 20, 15)
    entry = AuditEntry.objects.get(action="score_weights.update")
    assert entry.actor == admin_user
    assert entry.details["new"] == {"task_points": 80, "report_points": 20, "grace_days": 15}
    row = ScoreSettings.objects.get()
    assert admin_client.get(url)["Location"] == reverse(
        "admin:consolidation_scoresettings_change", args=[row.pk]
    )


def test_the_admin_form_says_what_is_wrong_with_the_weights(admin_client):
    response = admin_client.post(
        reverse("admin:consolidation_scoresettings_add"),
        {"task_points": 80, "report_points": 30, "grace_days": 15},
    )

    assert response.status_code == 200
    assert "phải cộng lại bằng 100" in response.content.decode()
    assert not ScoreSettings.objects.exists()
    assert not AuditEntry.objects.exists()
