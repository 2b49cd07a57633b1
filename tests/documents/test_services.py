"""The department's settings: created with the province's values on first use, edited in
the admin, and what the documents then say."""

import pytest
from django.urls import reverse

from documents.support import body_text, docx
from dxtrack.accounts.access import SYSTEM
from dxtrack.documents.models import DocumentKind, DocumentSetting, IssuingBody
from dxtrack.documents.services import issuing_body_current, letterhead_for
from factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fresh():
    # The package's year may have created the settings already; each test starts without.
    IssuingBody.objects.all().delete()


def test_settings_are_created_with_the_provinces_values_once(fresh):
    body = issuing_body_current()
    assert body.province_line == "UBND TỈNH QUẢNG NGÃI"
    assert body.unit_name == "SỞ KHOA HỌC VÀ CÔNG NGHỆ"
    assert body.signer_title == "KT. GIÁM ĐỐC"
    assert set(body.settings.values_list("kind", flat=True)) == set(DocumentKind.values)
    issuing_body_current()
    assert IssuingBody.objects.count() == 1
    assert DocumentSetting.objects.count() == len(DocumentKind.values)


def test_letterhead_per_kind(fresh):
    report = letterhead_for(kind=DocumentKind.REPORT)
    assert report.number_line.endswith("/BC-SKHCN")
    assert report.recipients[-1] == "Lưu: VT, KH&ĐMST"
    chasing = letterhead_for(kind=DocumentKind.CHASING)
    assert chasing.number_line.endswith("/SKHCN-KH&ĐMST")
    assert chasing.recipients[0] == "Như trên"


def test_what_the_department_changes_is_kept_and_printed(fresh, year):
    body = issuing_body_current()
    body.signer_name = "Nguyễn Văn Hùng"
    body.save()
    setting = body.settings.get(kind=DocumentKind.SCORECARD)
    setting.recipients = "Thường trực Ban Chỉ đạo tỉnh\nLưu: VT, KH&ĐMST"
    setting.save()
    issuing_body_current()
    from dxtrack.documents.services import document_produce

    data = document_produce(actor=SYSTEM, kind="scorecard", period=year.period).data
    text = body_text(docx(data))
    assert "Nguyễn Văn Hùng" in text
    assert "- Thường trực Ban Chỉ đạo tỉnh;" in text


def test_settings_are_edited_in_the_admin(fresh, client):
    admin = UserFactory(username="quantri", is_staff=True, is_superuser=True)
    client.force_login(admin)
    body = issuing_body_current()
    page = client.get(reverse("admin:documents_issuingbody_change", args=[body.pk]))
    assert page.status_code == 200
    assert "BC-SKHCN" in page.content.decode()
    # One issuing body: no second one can be added.
    assert client.get(reverse("admin:documents_issuingbody_add")).status_code == 403


def test_signer_is_changed_in_the_admin(fresh, client):
    admin = UserFactory(username="quantri2", is_staff=True, is_superuser=True)
    client.force_login(admin)
    body = issuing_body_current()
    settings = list(body.settings.order_by("kind"))
    data = {
        "province_line": body.province_line,
        "unit_name": body.unit_name,
        "unit_title": body.unit_title,
        "short_name": body.short_name,
        "place": body.place,
        "signer_title": "KT. GIÁM ĐỐC",
        "signer_position": "PHÓ GIÁM ĐỐC",
        "signer_name": "Trần Thị Mai",
        "head_title": body.head_title,
        "settings-TOTAL_FORMS": str(len(settings)),
        "settings-INITIAL_FORMS": str(len(settings)),
        "settings-MIN_NUM_FORMS": "0",
        "settings-MAX_NUM_FORMS": "1000",
    }
    for index, setting in enumerate(settings):
        data.update(
            {
                f"settings-{index}-id": str(setting.pk),
                f"settings-{index}-body": str(body.pk),
                f"settings-{index}-kind": setting.kind,
                f"settings-{index}-symbol": setting.symbol,
                f"settings-{index}-recipients": setting.recipients,
            }
        )
    data["settings-0-recipients"] = "Bộ Khoa học và Công nghệ\nLưu: VT"
    response = client.post(reverse("admin:documents_issuingbody_change", args=[body.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert letterhead_for(kind=settings[0].kind).signer_name == "Trần Thị Mai"
    assert letterhead_for(kind=settings[0].kind).recipients == (
        "Bộ Khoa học và Công nghệ",
        "Lưu: VT",
    )


def test_only_those_who_may_produce_documents_get_one(year):
    from django.core.exceptions import PermissionDenied

    from dxtrack.accounts.models import Profile, Role
    from dxtrack.documents.services import document_produce

    reporter = UserFactory(username="baocao.yte")
    Profile.objects.create(user=reporter, role=Role.REPORTER, agency=year.health)
    leader = UserFactory(username="lanhdao.tinh")
    Profile.objects.create(user=leader, role=Role.LEADER)

    with pytest.raises(PermissionDenied):
        document_produce(actor=reporter, kind="chasing", period=year.period)
    assert document_produce(actor=leader, kind="chasing", period=year.period).data
