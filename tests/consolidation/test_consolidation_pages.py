import pytest
from django.urls import reverse

from dxtrack.accounts.models import Profile, Role
from dxtrack.consolidation.models import IndicatorFamily, IndicatorFamilyMember
from factories import UserFactory

from .conftest import many_agencies

pytestmark = pytest.mark.django_db


def _user(role, agency=None, username=None):
    user = UserFactory(username=username or f"nguoidung.{role}")
    Profile.objects.create(user=user, role=role, agency=agency)
    return user


@pytest.fixture
def coordinator(db):
    return _user(Role.COORDINATOR)


@pytest.fixture
def leader(db):
    return _user(Role.LEADER)


def _detail(year):
    return reverse("consolidation-detail", args=[year.period.pk]) + "?ngay=15/12/2026"


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, year):
    for url in (reverse("consolidation-index"), _detail(year)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_a_reporter_may_not_see_the_consolidation(client, year):
    client.force_login(_user(Role.REPORTER, agency=year.agencies.health))

    assert client.get(reverse("consolidation-index")).status_code == 403
    assert client.get(_detail(year)).status_code == 403


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.LEADER, Role.ADMIN])
def test_coordinators_leaders_and_administrators_see_the_consolidation(client, year, role):
    client.force_login(_user(role))

    page = client.get(_detail(year)).content.decode()

    assert "Báo cáo năm 2026" in page
    assert "15/12/2026" in page
    # The province: 11 lead tasks, 4 done (36,4%), 2 on time (18,2%).
    assert "4 (36,4%)" in page
    assert "2 (18,2%)" in page
    assert "Sở, ban, ngành tỉnh" in page and "UBND xã, phường, đặc khu" in page


def test_the_ranking_lists_agencies_best_first_with_their_report(client, coordinator, year):
    client.force_login(coordinator)

    page = client.get(_detail(year)).content.decode()
    ranking = page[page.index('id="xep-hang"') : page.index('id="chi-tieu"')]

    names = ["UBND xã Tịnh Khê", "Sở Khoa học và Công nghệ", "Sở Nội vụ", "UBND xã Bình Sơn"]
    positions = [ranking.index(name) for name in [*names, "Sở Y tế"]]
    assert positions == sorted(positions)
    assert "Gửi muộn 5 ngày" in ranking
    assert "Chưa gửi 15 ngày" in ranking
    assert "76,7" in ranking


def test_indicators_show_the_province_value_and_the_verdict(client, leader, year):
    family = IndicatorFamily.objects.create(name=year.indicators.signatures.name)
    for indicator in (year.indicators.signatures, year.indicators.old_signatures):
        IndicatorFamilyMember.objects.create(family=family, indicator=indicator, confirmed=True)
    client.force_login(leader)

    page = client.get(_detail(year)).content.decode()
    indicators = page[page.index('id="chi-tieu"') :]

    assert "62,5" in indicators
    assert "2026-2027: ≥ 50%" in indicators
    assert "2030: ≥ 70%" in indicators
    assert "Số liệu dùng chung với chỉ tiêu trùng ở kế hoạch khác" in indicators
    assert indicators.count('verdict--met">Đạt<') == 3
    assert indicators.count('verdict--not_met">Chưa đạt<') == 2
    assert ">Không đặt mục tiêu<" in indicators


def test_a_later_day_recounts_the_overdue_tasks(client, coordinator, year):
    client.force_login(coordinator)
    url = reverse("consolidation-detail", args=[year.period.pk])

    page = client.get(url + "?ngay=05/01/2027").content.decode()

    assert "05/01/2027" in page
    # Overdue and done late: 4 + 2 of 11.
    assert "6 (54,5%)" in page


def test_a_wrong_date_is_explained(client, coordinator, year):
    client.force_login(coordinator)

    response = client.get(reverse("consolidation-detail", args=[year.period.pk]) + "?ngay=31/02")

    assert response.status_code == 200
    assert "Ghi ngày theo dạng ngày/tháng/năm" in response.content.decode()


def test_the_index_lists_the_opened_periods(client, coordinator, year):
    client.force_login(coordinator)

    page = client.get(reverse("consolidation-index")).content.decode()

    assert "Báo cáo năm 2026" in page
    assert reverse("consolidation-detail", args=[year.period.pk]) in page


@pytest.mark.parametrize("count", [10, 100])
def test_the_page_runs_a_bounded_number_of_queries(
    client, coordinator, count, django_assert_max_num_queries
):
    period = many_agencies(count)
    client.force_login(coordinator)

    # The consolidation's queries, the score weights in force, the session and the user.
    with django_assert_max_num_queries(16):
        response = client.get(reverse("consolidation-detail", args=[period.pk]))

    assert response.status_code == 200
    assert response.content.decode().count("UBND phường số") == count


def test_a_province_larger_than_a_page_is_ranked_a_hundred_agencies_a_page(
    client, coordinator, django_assert_max_num_queries
):
    period = many_agencies(130, tasks_each=1)
    client.force_login(coordinator)
    url = reverse("consolidation-detail", args=[period.pk])

    with django_assert_max_num_queries(16):
        first = client.get(url, {"ngay": "15/12/2026"}).content.decode()
    second = client.get(url, {"ngay": "15/12/2026", "agencies_page": 2}).content.decode()

    # The totals count every agency; the ranking shows a hundred, then the other thirty.
    assert first.count("UBND phường số") == 100
    assert second.count("UBND phường số") == 30
    assert 'href="?ngay=15%2F12%2F2026&amp;agencies_page=2#xep-hang" rel="next"' in first
    assert 'href="?ngay=15%2F12%2F2026&amp;agencies_page=1#xep-hang" rel="prev"' in second
    # Two indicators: one page, no links.
    assert "indicators_page" not in first


def test_the_coordinator_confirms_proposed_links_in_the_admin(client, year):
    admin = UserFactory(username="quantri", is_staff=True, is_superuser=True)
    family = IndicatorFamily.objects.create(name=year.indicators.signatures.name)
    members = [
        IndicatorFamilyMember.objects.create(family=family, indicator=indicator, similarity=0.95)
        for indicator in (year.indicators.signatures, year.indicators.old_signatures)
    ]
    client.force_login(admin)

    response = client.post(
        reverse("admin:consolidation_indicatorfamily_changelist"),
        {"action": "confirm_all", "_selected_action": [family.pk]},
        follow=True,
    )

    assert "Đã xác nhận 2 chỉ tiêu." in response.content.decode()
    assert all(IndicatorFamilyMember.objects.get(pk=m.pk).confirmed for m in members)
    page = client.get(reverse("admin:consolidation_indicatorfamily_change", args=[family.pk]))
    assert page.status_code == 200


def test_rows_carry_their_status_colour_and_the_page_says_how(client, coordinator, year):
    client.force_login(coordinator)

    page = client.get(_detail(year)).content.decode()
    ranking = page[page.index('id="xep-hang"') : page.index('id="chi-tieu"')]
    indicators = page[page.index('id="chi-tieu"') : page.index('id="method-title"')]

    # Reports: 2 on time (green), Sở Nội vụ late (yellow), 2 not sent after the due date (red).
    assert ranking.count("colour--green") == 2
    assert ranking.count("colour--yellow") == 1
    assert ranking.count("colour--red") == 2
    # Indicators of 2026 against 2026-2027 targets: not met before the milestone is yellow.
    assert indicators.count("colour--green") == 3
    assert indicators.count("colour--yellow") == 1
    assert "Cách tính" in page
