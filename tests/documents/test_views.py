"""Downloads from the period: who may, what is sent, under which name."""

from urllib.parse import unquote

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from documents.province_year import account
from documents.support import body_text, docx
from dxtrack.accounts.models import Role

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _url(year, kind="report", fmt="docx"):
    return reverse("document-download", args=[year.period.pk, kind, fmt])


def _filename(response) -> str:
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="')
    encoded = disposition.split("filename*=UTF-8''", 1)[1]
    return unquote(encoded)


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.LEADER, Role.ADMIN])
def test_department_and_leaders_download_the_report(client, year, role):
    client.force_login(account(f"nguoidung.{role}", role))
    response = client.get(_url(year))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert _filename(response) == "Báo cáo kết quả - Báo cáo năm 2026.docx"
    assert 'filename="Bao cao ket qua - Bao cao nam 2026.docx"' in response["Content-Disposition"]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in body_text(docx(response.content))


def test_reporter_may_not_download_the_provinces_documents(client, year):
    client.force_login(account("baocao.yte2", Role.REPORTER, year.health))
    assert client.get(_url(year)).status_code == 403
    assert client.get(reverse("document-list", args=[year.period.pk])).status_code == 403


def test_anonymous_visitor_is_sent_to_sign_in(client, year):
    response = client.get(_url(year))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_excel_download_and_one_agencys_appendix(client, year):
    client.force_login(year.coordinator)
    response = client.get(_url(year, "appendix", "xlsx"), {"agency": year.dost.pk})
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert _filename(response) == (
        "Phụ lục kết quả nhiệm vụ - Báo cáo năm 2026 - Sở Khoa học và Công nghệ.xlsx"
    )


def test_chasing_letter_takes_the_reply_date(client, year):
    client.force_login(year.coordinator)
    response = client.get(_url(year, "chasing"), {"reply_by": "2026-12-10"})
    assert "trước ngày 10/12/2026" in body_text(docx(response.content))


@pytest.mark.parametrize(
    "kind, fmt, query",
    [("minutes", "docx", {}), ("report", "odt", {}), ("report", "docx", {"plan": 999999})],
)
def test_unknown_documents_and_choices_are_not_found(client, year, kind, fmt, query):
    client.force_login(year.coordinator)
    assert client.get(_url(year, kind, fmt), query).status_code == 404


def test_unknown_period_is_not_found(client, year):
    client.force_login(year.coordinator)
    assert (
        client.get(reverse("document-download", args=[999999, "report", "docx"])).status_code == 404
    )


def test_document_page_lists_every_download_in_few_queries(
    client, year, django_assert_max_num_queries
):
    client.force_login(year.coordinator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("document-list", args=[year.period.pk]))
    html = response.content.decode()
    for kind in ("report", "appendix", "indicators", "chasing", "scorecard"):
        assert _url(year, kind, "docx") in html and _url(year, kind, "xlsx") in html
    assert "Sở Nông nghiệp và Môi trường" in html  # the agency choice for the appendix


def test_fragment_shows_nothing_to_those_who_may_not_produce(year):
    html = render_to_string(
        "web/_document_downloads.html", {"period": year.period, "can": {"document_produce": False}}
    )
    assert "document-downloads" not in html
    html = render_to_string(
        "web/_document_downloads.html", {"period": year.period, "can": {"document_produce": True}}
    )
    assert _url(year, "chasing", "xlsx") in html
