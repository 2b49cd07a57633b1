"""What the importer records beyond the table cells, shown on the plan page and in the admin:
a target range ("30-40%") as written with its two ends, the duties under "Tổ chức thực
hiện" told apart from the appendix's rows, and the plans a plan replaces or repeals."""

import re

import pytest
from django.urls import reverse

from dxtrack.plans.models import Plan, Target, Task
from factories import (
    IndicatorFactory,
    PlanFactory,
    SectionFactory,
    TargetFactory,
    TaskFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def replaced_pair(db):
    old = PlanFactory(number="45/KH-UBND", status=Plan.Status.REPLACED)
    new = PlanFactory(
        number="52/KH-UBND",
        replaces="Kế hoạch số 45/KH-UBND; Quyết định số 1234/QĐ-UBND",
    )
    section = SectionFactory(plan=new)
    indicator = IndicatorFactory(plan=new, section=section, name="Tỷ lệ dân số có chữ ký số")
    TargetFactory(
        indicator=indicator,
        milestone="2025",
        text="30-40%",
        comparator=Target.Comparator.GE,
        value=30.0,
        value_high=40.5,
    )
    TaskFactory(plan=new, section=section, name="Triển khai nền tảng dữ liệu")
    TaskFactory(
        plan=new,
        section=None,
        number="2",
        name="Chủ trì tham mưu UBND tỉnh triển khai Kế hoạch",
        origin=Task.Origin.DUTY,
    )
    return old, new


def test_the_plan_page_shows_a_range_as_written_and_its_two_ends(signed_in, replaced_pair):
    _old, new = replaced_pair
    page = _text(signed_in.get(reverse("plan-detail", args=[new.pk])))

    assert "30-40% (khoảng từ 30 đến 40,5)" in page


def test_the_plan_page_tells_duties_from_appendix_rows(signed_in, replaced_pair):
    _old, new = replaced_pair
    response = signed_in.get(reverse("plan-detail", args=[new.pk]))
    html = response.content.decode()

    duty = Task.objects.get(plan=new, origin=Task.Origin.DUTY)
    row = re.search(rf'<tr id="task-{duty.pk}"[^>]*>(.*?)</tr>', html, re.S).group(1)
    assert "Trách nhiệm tại mục Tổ chức thực hiện" in row
    appendix = Task.objects.get(plan=new, origin=Task.Origin.APPENDIX)
    row = re.search(rf'<tr id="task-{appendix.pk}"[^>]*>(.*?)</tr>', html, re.S).group(1)
    assert "Tổ chức thực hiện" not in row
    assert "(2, trong đó 1 trách nhiệm tại mục Tổ chức thực hiện)" in _text(response)


def test_the_plan_page_links_the_plans_replaced_and_replacing(signed_in, replaced_pair):
    old, new = replaced_pair
    new_page = signed_in.get(reverse("plan-detail", args=[new.pk]))
    old_page = signed_in.get(reverse("plan-detail", args=[old.pk]))

    text = _text(new_page)
    assert "Thay thế, bãi bỏ Kế hoạch số 45/KH-UBND; Quyết định số 1234/QĐ-UBND" in text
    assert reverse("plan-detail", args=[old.pk]) in new_page.content.decode()
    assert "Đã được thay thế" in _text(old_page)
    assert f"Được thay thế bởi {new}" in _text(old_page)
    assert reverse("plan-detail", args=[new.pk]) in old_page.content.decode()


def test_the_plan_page_queries_stay_few_with_replacements(
    signed_in, many, django_assert_max_num_queries
):
    plan = many.plans[0]
    Plan.objects.filter(pk=many.plans[1].pk).update(replaces=f"Kế hoạch số {plan.number}")
    Plan.objects.filter(pk=plan.pk).update(replaces=f"Kế hoạch số {many.plans[2].number}")
    Task.objects.filter(plan=plan, pk__in=Task.objects.filter(plan=plan).values("pk")[:20]).update(
        origin=Task.Origin.DUTY
    )

    # session + user + the nine queries of plan_detail + the plans replaced and replacing
    with django_assert_max_num_queries(15):
        response = signed_in.get(reverse("plan-detail", args=[plan.pk]))

    detail = response.context["detail"]
    assert [p.pk for p in detail.replaced] == [many.plans[2].pk]
    assert [p.pk for p in detail.replaced_by] == [many.plans[1].pk]
    assert detail.duty_count == 20


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="quantri", is_staff=True, is_superuser=True))
    return client


def test_the_admin_shows_origin_range_and_replacement(admin_client, replaced_pair):
    old, new = replaced_pair
    tasks = admin_client.get(reverse("admin:plans_task_changelist"), {"origin": "duty"})
    indicator = new.indicators.get()
    targets = admin_client.get(reverse("admin:plans_indicator_change", args=[indicator.pk]))
    plan = admin_client.get(reverse("admin:plans_plan_change", args=[old.pk]))

    assert [t.origin for t in tasks.context["cl"].result_list] == [Task.Origin.DUTY]
    assert "Trách nhiệm tại mục Tổ chức thực hiện" in _text(tasks)
    assert 'name="targets-0-value_high" value="40.5"' in targets.content.decode()
    assert "Được thay thế bởi" in _text(plan) and str(new) in _text(plan)


def test_the_admin_task_list_with_origins_stays_few_queries(
    admin_client, many, django_assert_max_num_queries
):
    Task.objects.filter(plan=many.plans[0]).update(origin=Task.Origin.DUTY)

    with django_assert_max_num_queries(14):
        response = admin_client.get(reverse("admin:plans_task_changelist"), {"origin": "duty"})

    assert len(response.context["cl"].result_list) == 50
