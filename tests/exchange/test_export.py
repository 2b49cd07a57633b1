"""The QCVN 125 packets of a period: approved data only, valid against their schemas, the
province's codes, from the command and the pull API."""

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from documents.province_year import account
from dxtrack.accounts.models import Role
from dxtrack.cli import main
from dxtrack.exchange import packets as p
from dxtrack.exchange.clients import exchange_client_add
from dxtrack.exchange.export import packets_for_period
from dxtrack.exchange.models import NationalIndicatorCode
from dxtrack.plans.models import Indicator
from dxtrack.reporting.models import AgencyReport

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).resolve().parents[2] / "src/dxtrack/exchange/schemas"


def _schema(kind: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_every_kind_is_written_and_valid_against_its_schema(year, tmp_path, capsys):
    out = tmp_path / "goi-tin"
    assert main(["exchange", "export", "--period", str(year.period.pk), "--out", str(out)]) == 0
    names = sorted(path.name for path in out.iterdir())
    assert names == sorted(f"{kind}.json" for kind in p.KINDS)
    for kind in p.KINDS:
        packet = json.loads((out / f"{kind}.json").read_text(encoding="utf-8"))
        errors = list(_schema(kind).iter_errors(packet))
        assert errors == [], (kind, errors[:1])
        assert packet["loaiGoiTin"] == p.KINDS[kind]
        assert packet["soBanGhi"] == len(packet["duLieu"])
        assert packet["donViGui"]["maDonVi"] == "51"
    assert "so-lieu-bao-cao.json" in capsys.readouterr().out


def test_only_approved_reports_go_out(year):
    packets = packets_for_period(period=year.period)
    approved = AgencyReport.objects.filter(period=year.period, status=AgencyReport.Status.APPROVED)
    sent = {item["tenDonVi"] for item in packets["so-lieu-bao-cao"]["duLieu"]}
    assert sent == set(approved.values_list("agency__name", flat=True))
    assert year.home.name not in sent  # returned for revision
    assert year.finance.name not in sent  # still a draft
    states = {item["trangThai"] for item in packets["trang-thai-bao-cao"]["duLieu"]}
    assert states == {"DA_PHE_DUYET"}
    dost = next(i for i in packets["so-lieu-bao-cao"]["duLieu"] if i["tenDonVi"] == year.dost.name)
    assert any(
        task["vanBanMinhChung"]
        == "Quyết định số 1827-QĐ/TU ngày 11/02/2025 của Ban Thường vụ Tỉnh ủy"
        and task["tinhTrang"] == "DA_HOAN_THANH"
        for task in dost["ketQuaNhiemVu"]
    )


def test_national_codes_replace_the_provinces_own(year):
    indicator = Indicator.objects.filter(
        plan__in=year.period.plans.all(), values__report__status="approved"
    ).first()
    NationalIndicatorCode.objects.create(
        indicator=indicator, code="CDS.01.03", group_code="CDS.01", group_name="Chính quyền số"
    )
    packets = packets_for_period(period=year.period)
    catalogue = {i["maChiTieu"] for i in packets["danh-muc-chi-tieu-bao-cao"]["duLieu"]}
    assert "CDS.01.03" in catalogue
    assert f"51.CT.{indicator.pk}" not in catalogue
    assert {"maNhomChiSo": "CDS.01", "tenNhomChiSo": "Chính quyền số"} in packets[
        "danh-muc-nhom-chi-so"
    ]["duLieu"]
    assert any(i["maChiSo"] == "CDS.01.03" for i in packets["du-lieu-chi-so"]["duLieu"])


def test_a_commune_reports_under_its_own_administrative_code():
    sender = p.Sender(code="51", name="Ủy ban nhân dân tỉnh Quảng Ngãi")
    commune = p.ReportRow(1, 7, "Phường Cẩm Thành", "21148", "commune", None, None, ())
    department = p.ReportRow(2, 8, "Sở Y tế", "", "department", None, None, ())
    assert p.admin_unit_code(sender, commune) == "21148"
    assert p.admin_unit_code(sender, department) == "51"
    assert p.agency_code(sender, department) == "51.DV.8"


def test_export_of_an_unknown_period_fails_in_vietnamese(db, tmp_path, capsys):
    assert main(["exchange", "export", "--period", "999999", "--out", str(tmp_path)]) == 2
    assert "không có kỳ báo cáo mã 999999" in capsys.readouterr().err


# ----------------------------------------------------------------------- pull API


def _token(client, username: str, password: str) -> dict:
    response = client.post(
        "/api/v1/auth/token",
        {"username": username, "password": password},
        content_type="application/json",
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {response.json()['token']}"}


def test_the_lgsp_pulls_a_packet_with_a_system_account(client, year):
    exchange_client_add(username="lgsp", name="LGSP tỉnh Quảng Ngãi", password="Lgsp-2026-an-toan")
    headers = _token(client, "lgsp", "Lgsp-2026-an-toan")
    url = f"/api/v1/exchange/{year.period.pk}/trang-thai-bao-cao"
    response = client.get(url, **headers)
    assert response.status_code == 200
    packet = response.json()
    assert packet["loaiGoiTin"] == "TrangThaiBaoCao"
    assert _schema("trang-thai-bao-cao").is_valid(packet)
    # The system account reads nothing else.
    assert client.get("/api/v1/periods", **headers).status_code in (401, 403)


def test_who_may_pull(client, year):
    url = f"/api/v1/exchange/{year.period.pk}/du-lieu-chi-so"
    assert client.get(url).status_code == 401
    client.force_login(account("baocao.skhcn.pull", Role.REPORTER, year.dost))
    assert client.get(url).status_code == 403
    client.force_login(year.coordinator)
    assert client.get(url).status_code == 200
    assert client.get(f"/api/v1/exchange/{year.period.pk}/khong-co").status_code == 404
    assert client.get("/api/v1/exchange/999999/du-lieu-chi-so").status_code == 404


def test_pulling_the_largest_packet_takes_a_fixed_number_of_queries(
    client, year, django_assert_max_num_queries
):
    client.force_login(year.coordinator)
    with django_assert_max_num_queries(20):
        response = client.get(f"/api/v1/exchange/{year.period.pk}/so-lieu-bao-cao")
    assert response.status_code == 200
    # Ten approved reports, each with dozens of tasks: one query per report would show.
    assert response.json()["soBanGhi"] >= 10


def test_a_system_account_has_the_system_role_and_no_other_right(db):
    from dxtrack.accounts.access import Action, allowed, role_of

    user = exchange_client_add(username="ndxp", name="Nền tảng NDXP", password="Ndxp-2026-an-toan")
    assert role_of(user) == Role.SYSTEM
    assert user.first_name == "Nền tảng NDXP"
    assert not user.is_staff
    assert [a for a in Action if allowed(user, a)] == [Action.EXCHANGE_PULL]  # not MANAGE
