import pytest
from django.urls import reverse

from dxtrack.plans.models import Assignment
from factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="quantri", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(
    "model", ["plan", "section", "indicator", "task", "keyproject", "assignment"]
)
def test_admin_lists_and_edits_every_plan_model(admin_client, catalogue, model):
    changelist = admin_client.get(reverse(f"admin:plans_{model}_changelist"), {"q": "so"})
    add = admin_client.get(reverse(f"admin:plans_{model}_add"))

    assert changelist.status_code == 200
    assert add.status_code == 200


def test_admin_opens_a_plan_with_its_sections_inline(admin_client, catalogue):
    page = admin_client.get(reverse("admin:plans_plan_change", args=[catalogue.plan.pk]))

    assert "Phát triển nhân lực số" in page.content.decode()


def test_admin_opens_an_indicator_with_targets_and_assignments_inline(admin_client, catalogue):
    url = reverse("admin:plans_indicator_change", args=[catalogue.signature.pk])
    page = admin_client.get(url).content.decode()

    assert "≥ 50%" in page
    assert "UBND các xã, phường, đặc khu" in page


def test_admin_filters_assignments_not_matched_to_the_directory(admin_client, catalogue):
    response = admin_client.get(reverse("admin:plans_assignment_changelist"), {"resolved": "no"})

    shown = {a.text for a in response.context["cl"].result_list}
    assert shown == {"Văn phòng UBND tỉnh", "Sở Nội vụ tỉnh"}


def test_admin_filters_assignments_by_the_plan_of_any_item(admin_client, catalogue):
    response = admin_client.get(
        reverse("admin:plans_assignment_changelist"), {"plan": catalogue.old_plan.pk}
    )

    assert [a.text for a in response.context["cl"].result_list] == ["Sở Thông tin và Truyền thông"]


def test_admin_assignment_list_query_count_does_not_grow(
    admin_client, many, django_assert_max_num_queries
):
    with django_assert_max_num_queries(14):
        response = admin_client.get(reverse("admin:plans_assignment_changelist"))

    assert len(response.context["cl"].result_list) == 100
    assert Assignment.objects.count() > 100


def test_admin_task_list_query_count_does_not_grow(
    admin_client, many, django_assert_max_num_queries
):
    with django_assert_max_num_queries(14):
        response = admin_client.get(reverse("admin:plans_task_changelist"))

    assert len(response.context["cl"].result_list) == 100
