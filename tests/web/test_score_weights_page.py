"""The coordinator sets the weights of the agencies' score on its own page (coordinators are
not staff, so the admin is not theirs); the service audits the change."""

import pytest
from django.urls import reverse

from dxtrack.accounts.models import Profile, Role
from dxtrack.audit.models import AuditEntry
from dxtrack.consolidation import evaluation as ev
from dxtrack.consolidation.selectors import score_weights_current
from factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/tong-hop/cach-tinh-diem/"


def _signed_in(client, role):
    user = UserFactory(username=f"tk.{role}")
    agency = AgencyFactory(name="Sở Y tế") if role == Role.REPORTER else None
    Profile.objects.create(user=user, role=role, agency=agency)
    client.force_login(user)
    return user


def test_the_page_is_where_the_index_says():
    assert reverse("score-weights") == URL


def test_the_coordinator_changes_the_weights_and_the_change_is_audited(client):
    coordinator = _signed_in(client, Role.COORDINATOR)
    page = client.get(URL)
    assert page.status_code == 200
    assert "Điểm tối đa 100: 70 điểm" in page.content.decode()

    saved = client.post(URL, {"task_points": 60, "report_points": 40, "grace_days": 20})

    assert saved.status_code == 302
    assert score_weights_current() == ev.ScoreWeights(60, 40, 20)
    entry = AuditEntry.objects.get(action="score_weights.update")
    assert entry.actor == coordinator
    assert entry.details["new"] == {"task_points": 60, "report_points": 40, "grace_days": 20}
    assert "Điểm tối đa 100: 60 điểm" in client.get(URL).content.decode()


def test_weights_that_do_not_make_100_are_refused_with_the_reason(client):
    _signed_in(client, Role.COORDINATOR)

    refused = client.post(URL, {"task_points": 60, "report_points": 30, "grace_days": 20})

    assert refused.status_code == 400
    assert "phải cộng lại bằng 100 (đang là 60 + 30 = 90)" in refused.content.decode()
    assert score_weights_current() == ev.DEFAULT_SCORE_WEIGHTS
    assert not AuditEntry.objects.filter(action="score_weights.update").exists()


@pytest.mark.parametrize("role", [Role.LEADER, Role.REPORTER])
def test_leaders_and_reporters_may_not_change_the_weights(client, role):
    _signed_in(client, role)

    assert client.get(URL).status_code == 403
    refused = client.post(URL, {"task_points": 50, "report_points": 50, "grace_days": 10})

    assert refused.status_code == 403
    assert score_weights_current() == ev.DEFAULT_SCORE_WEIGHTS


def test_the_index_links_the_page_for_the_coordinator_only(client):
    _signed_in(client, Role.COORDINATOR)
    assert URL in client.get("/tong-hop/").content.decode()
    client.logout()
    _signed_in(client, Role.LEADER)
    assert URL not in client.get("/tong-hop/").content.decode()
