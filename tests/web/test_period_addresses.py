"""The period page lists the agencies reminders cannot reach."""

import pytest
from django.urls import reverse

from dxtrack.agencies.models import Agency
from dxtrack.reporting.models import ReportingPeriod
from reporting.sample import reporting_sample

pytestmark = pytest.mark.django_db


def _section(page: str) -> str:
    start = page.find('id="chua-co-dia-chi"')
    return page[start : page.find("</section>", start)] if start >= 0 else ""


def test_the_coordinator_sees_the_agencies_without_any_address(client):
    sample = reporting_sample()
    client.force_login(sample.coordinator)
    url = reverse("period-detail", args=[sample.period.pk])

    listed = _section(client.get(url).content.decode())
    assert sample.catalogue.commune.name in listed
    assert "Sở Khoa học và Công nghệ" not in listed  # its reporters have addresses

    Agency.objects.filter(pk=sample.catalogue.commune.pk).update(email="ubnd@quangngai.gov.vn")
    assert sample.catalogue.commune.name not in _section(client.get(url).content.decode())


def test_reporters_do_not_see_the_list(client):
    sample = reporting_sample()
    assert sample.period.status == ReportingPeriod.Status.OPEN
    client.force_login(sample.reporter)
    page = client.get(reverse("period-detail", args=[sample.period.pk])).content.decode()
    assert 'id="chua-co-dia-chi"' not in page


def test_many_agencies_without_an_address_are_counted_and_the_first_named(
    client, django_assert_max_num_queries
):
    from dxtrack.reporting.models import AgencyReport
    from factories import CommuneFactory

    sample = reporting_sample()
    communes = [CommuneFactory(name=f"UBND xã Mẫu {n:02d}") for n in range(40)]
    AgencyReport.objects.bulk_create(
        AgencyReport(period=sample.period, agency=agency) for agency in communes
    )
    client.force_login(sample.coordinator)

    with django_assert_max_num_queries(13):
        page = client.get(reverse("period-detail", args=[sample.period.pk])).content.decode()

    listed = _section(page)
    unreachable = 40 + 1  # and the sample's own commune
    assert f"{unreachable} đơn vị chưa có địa chỉ e-mail để nhắc" in listed
    assert listed.count("<li>") == 30
    assert f"… và {unreachable - 30} đơn vị khác" in listed
