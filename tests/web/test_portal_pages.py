import csv
import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from openpyxl import load_workbook

from dxtrack.portal.services import period_publish, period_unpublish
from portal.scenario import HIDDEN, PRIVATE_NAME, SHOWN, dotted, publish_months, published_scenario

pytestmark = pytest.mark.django_db

FILES = [
    f"/du-lieu-mo/{slug}.{fmt}"
    for slug in ("chi-tieu", "nhiem-vu")
    for fmt in ("csv", "xlsx", "json")
]


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def scenario(db):
    return published_scenario()


def _text(response) -> str:
    """What a reader of the response sees, whatever its format."""
    if response["Content-Type"].startswith("application/vnd.openxml"):
        workbook = load_workbook(io.BytesIO(response.content))
        return "\n".join(
            str(cell.value)
            for sheet in workbook
            for row in sheet.iter_rows()
            for cell in row
            if cell.value is not None
        )
    return response.content.decode("utf-8-sig")


def _everything_public(client, scenario) -> dict[str, str]:
    urls = [
        "/cong-khai/",
        "/cong-khai/?q=ty+le",
        "/du-lieu-mo/",
        "/api/v1/open/indicators",
        "/api/v1/open/tasks",
        *FILES,
    ]
    urls += [f"/cong-khai/chi-tieu/{i.pk}/" for i in vars(scenario.indicators).values()]
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        pages[url] = _text(response) if response.status_code == 200 else ""
    return pages


def test_a_visitor_without_an_account_reads_the_portal_and_open_data(client, scenario):
    for url in [
        "/cong-khai/",
        f"/cong-khai/chi-tieu/{scenario.indicators.signatures.pk}/",
        "/du-lieu-mo/",
        *FILES,
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    home = client.get("/cong-khai/").content.decode()
    assert "61,37%" in home
    assert "<title>Chỉ số chính · Công khai chỉ số chuyển đổi số tỉnh Quảng Ngãi</title>" in home
    assert '<meta name="description" content="Các chỉ số chính' in home
    assert '<meta property="og:title" content="Chỉ số chính về chuyển đổi số' in home
    assert 'property="og:url" content="http://127.0.0.1:8000/cong-khai/"' in home
    # The figure's source: agency, plan, period and day published.
    assert "Sở Khoa học và Công nghệ · 38/KH-UBND" in home
    assert "kỳ Báo cáo năm 2025" in home
    # A colour is never alone: its name and the verdict are written.
    assert "Xanh · Đạt" in home and "Đỏ · Chưa đạt" in home and "Vàng · Chưa đạt" in home
    # No staff navigation, no form that needs a session.
    assert "Đăng xuất" not in home and "csrfmiddlewaretoken" not in home
    assert len(client.get("/cong-khai/").content) < 300_000


def test_nothing_unapproved_private_or_unpublished_reaches_any_public_output(client, scenario):
    pages = _everything_public(client, scenario)
    everything = "\n".join(pages.values())
    for value in SHOWN:
        assert value in everything or dotted(value) in everything
    for value in HIDDEN:
        for written in (value, dotted(value)):
            leaks = [url for url, text in pages.items() if written in text]
            assert not leaks, f"{written} in {leaks}"
    assert not [url for url, text in pages.items() if PRIVATE_NAME in text]
    # Sent-but-not-approved and draft task counts are left out too.
    assert client.get("/api/v1/open/tasks").json()[0]["total"] == 3


def test_a_withdrawn_period_disappears_from_cached_pages_and_files(client, scenario):
    assert "61,37%" in client.get("/cong-khai/").content.decode()
    assert "61.37" in client.get("/du-lieu-mo/chi-tieu.csv").content.decode("utf-8-sig")
    period_unpublish(period=scenario.year, actor=scenario.users.coordinator)
    pages = _everything_public(client, scenario)
    assert not [url for url, text in pages.items() if "61,37" in text or "61.37" in text]
    assert "Chưa có chỉ số nào được công khai." in pages["/cong-khai/"]


def test_a_new_publication_shows_at_once(client, scenario):
    client.get("/cong-khai/")
    period_publish(period=scenario.quarter, actor=scenario.users.coordinator)
    page = client.get(f"/cong-khai/chi-tieu/{scenario.indicators.signatures.pk}/").content.decode()
    assert "88,29%" in page and "61,37%" in page
    assert "<svg" in page and "<table" in page


def test_search_without_diacritics(client, scenario):
    page = client.get("/cong-khai/", {"q": "chu ky so"}).content.decode()
    assert "chữ ký số hoặc chữ ký điện tử" in page
    assert "hợp đồng điện tử" not in page
    assert "1 chỉ tiêu khớp với “chu ky so”" in page


def test_an_indicator_not_published_is_not_found(client, scenario):
    for indicator in (scenario.indicators.private, scenario.indicators.services_online):
        assert client.get(f"/cong-khai/chi-tieu/{indicator.pk}/").status_code == 404


def test_the_csv_opens_with_its_vietnamese_text(client, scenario):
    response = client.get("/du-lieu-mo/chi-tieu.csv")
    assert response["Content-Disposition"] == 'attachment; filename="chi-tieu.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    names = {row["name"] for row in rows}
    assert "Tỷ lệ dân số trưởng thành có chữ ký số hoặc chữ ký điện tử cá nhân" in names
    assert {row["period"] for row in rows} == {"Báo cáo năm 2025"}


def test_files_answer_304_while_nothing_changed(client, scenario):
    first = client.get("/du-lieu-mo/nhiem-vu.json")
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get("/du-lieu-mo/nhiem-vu.json", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert (
        client.get("/du-lieu-mo/nhiem-vu.json", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    )
    period_publish(period=scenario.quarter, actor=scenario.users.coordinator)
    again = client.get("/du-lieu-mo/nhiem-vu.json", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200
    assert again["ETag"] != etag


def test_files_are_rate_limited_per_address(client, scenario, settings):
    settings.DXTRACK_OPEN_DATA_RATE = 2
    assert client.get("/du-lieu-mo/chi-tieu.csv").status_code == 200
    assert client.get("/du-lieu-mo/chi-tieu.json").status_code == 200
    refused = client.get("/du-lieu-mo/chi-tieu.csv")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    other = client.get("/du-lieu-mo/chi-tieu.csv", REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


def test_portal_pages_take_few_queries_with_many_periods(
    client, scenario, django_assert_max_num_queries
):
    publish_months(scenario)
    for _ in range(2):
        with django_assert_max_num_queries(5):
            assert client.get("/cong-khai/").status_code == 200
        with django_assert_max_num_queries(5):
            assert (
                client.get(f"/cong-khai/chi-tieu/{scenario.indicators.signatures.pk}/").status_code
                == 200
            )


# ----------------------------------------------------------------------- the coordinator


def test_the_coordinator_publishes_and_withdraws_from_the_web(client, scenario):
    client.force_login(scenario.users.coordinator)
    page = client.get(reverse("publication-manage")).content.decode()
    assert "Báo cáo năm 2025" in page and "Đã công khai lúc" in page
    response = client.post(reverse("period-publish", args=[scenario.quarter.pk]))
    assert response.status_code == 302
    assert "88,29%" in client.get("/cong-khai/").content.decode()
    client.post(reverse("period-unpublish", args=[scenario.quarter.pk]))
    assert "88,29%" not in client.get("/cong-khai/").content.decode()
    period_page = client.get(reverse("period-detail", args=[scenario.year.pk])).content.decode()
    assert "Đã công khai lúc" in period_page


def test_the_coordinator_marks_an_indicator_public_from_the_web(client, scenario):
    client.force_login(scenario.users.coordinator)
    private = scenario.indicators.private
    client.post(reverse("indicator-public", args=[private.pk]), {"public": "1"})
    private.refresh_from_db()
    assert private.public
    page = client.get(reverse("publication-manage"), {"q": "ho so noi bo"}).content.decode()
    assert PRIVATE_NAME in page and "Thôi công khai" in page


@pytest.mark.parametrize("role", ["leader", "reporter"])
def test_leaders_and_reporters_cannot_publish(client, scenario, role):
    client.force_login(getattr(scenario.users, role))
    assert client.get(reverse("publication-manage")).status_code == 403
    assert client.post(reverse("period-publish", args=[scenario.quarter.pk])).status_code == 403
    assert client.post(reverse("period-unpublish", args=[scenario.year.pk])).status_code == 403
    assert (
        client.post(
            reverse("indicator-public", args=[scenario.indicators.private.pk]), {"public": "1"}
        ).status_code
        == 403
    )
    assert "88,29%" not in client.get("/cong-khai/").content.decode()


def test_a_visitor_is_sent_to_sign_in_for_publishing(client, scenario):
    response = client.post(reverse("period-publish", args=[scenario.quarter.pk]))
    assert response.status_code == 302
    assert "/dang-nhap/" in response["Location"]
