"""The QCVN 125:2021/BTTTT packets the province's data fills, built from plain rows.

Every field name of every packet is in this module (and in the JSON Schemas of `schemas/`,
which the tests hold the packets to). The regulation's field tables could not be read when
this was written: the names below follow its packet list and its naming style, and
docs/decisions/0072-qcvn-125-packet-fields.md marks each one confirmed or inferred. A
deployment corrects them against the copy the national system's operator hands out by
changing this module and the schemas, nothing else. No Django imports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

# The version written in every packet: the regulation, and this mapping of it.
PACKET_VERSION = "QCVN125:2021/BTTTT;dxtrack-1"

# kind (file name and push path) -> packet type written in the envelope
KINDS: dict[str, str] = {
    "che-do-bao-cao": "CheDoBaoCao",
    "bieu-mau-bao-cao": "BieuMauBaoCao",
    "danh-muc-ky-bao-cao": "DanhMucKyBaoCao",
    "danh-muc-chi-tieu-bao-cao": "DanhMucChiTieuBaoCao",
    "so-lieu-bao-cao": "SoLieuBaoCao",
    "trang-thai-bao-cao": "TrangThaiBaoCao",
    "gui-de-cuong-bao-cao": "GuiDeCuongBaoCao",
    "bo-chi-so": "BoChiSo",
    "danh-muc-nhom-chi-so": "DanhMucNhomChiSo",
    "du-lieu-chi-so": "DuLieuChiSo",
}
# Packets describing the period and its forms, and packets of one approved report.
PERIOD_KINDS = (
    "che-do-bao-cao",
    "bieu-mau-bao-cao",
    "danh-muc-ky-bao-cao",
    "danh-muc-chi-tieu-bao-cao",
    "bo-chi-so",
    "danh-muc-nhom-chi-so",
)
REPORT_KINDS = ("so-lieu-bao-cao", "trang-thai-bao-cao", "du-lieu-chi-so", "gui-de-cuong-bao-cao")

# Code lists (inferred): the period kinds and report states as the packets write them.
PERIOD_KIND_CODES = {
    "yearly": "NAM",
    "half_yearly": "6THANG",
    "quarterly": "QUY",
    "monthly": "THANG",
    "nine_months": "9THANG",
    "daily": "NGAY",
    "weekly": "TUAN",
    "ad_hoc": "DOTXUAT",
}
REPORT_STATE_APPROVED = "DA_PHE_DUYET"
TASK_STATUS_CODES = {
    "done": "DA_HOAN_THANH",
    "done_late": "HOAN_THANH_QUA_HAN",
    "in_progress": "DANG_THUC_HIEN",
    "not_started": "CHUA_THUC_HIEN",
    "not_done": "KHONG_THUC_HIEN",
    "not_assigned": "KHONG_THUOC_CHUC_NANG",
    "": "CHUA_BAO_CAO",
}


@dataclass(frozen=True)
class Sender:
    code: str  # the province's administrative unit code
    name: str


@dataclass(frozen=True)
class PeriodRow:
    pk: int
    name: str
    kind: str
    starts_on: dt.date
    ends_on: dt.date
    due_on: dt.date


@dataclass(frozen=True)
class PlanRow:
    pk: int
    number: str
    title: str
    issuer: str
    issued_on: dt.date | None


@dataclass(frozen=True)
class IndicatorRow:
    pk: int
    plan_id: int
    number: str
    name: str
    unit: str
    section: str
    national_code: str = ""
    national_name: str = ""
    group_code: str = ""
    group_name: str = ""
    targets: tuple[tuple[str, str], ...] = ()  # (milestone, target as written)


@dataclass(frozen=True)
class TaskRow:
    task_id: int
    number: str
    name: str
    role: str
    status: str
    description: str
    evidence: str
    completed_on: dt.date | None
    difficulties: str
    proposals: str


@dataclass(frozen=True)
class ValueRow:
    indicator_id: int
    text: str
    number: float | None
    met: bool | None
    note: str
    source: str


@dataclass(frozen=True)
class ReportRow:
    pk: int
    agency_id: int
    agency_name: str
    agency_code: str
    agency_kind: str
    submitted_at: dt.datetime | None
    approved_at: dt.datetime | None
    assessment: tuple[tuple[str, str, str], ...]  # (topic, issues, proposals)
    tasks: tuple[TaskRow, ...] = ()
    values: tuple[ValueRow, ...] = ()


@dataclass
class PeriodData:
    sender: Sender
    period: PeriodRow
    plans: list[PlanRow]
    indicators: list[IndicatorRow]
    reports: list[ReportRow] = field(default_factory=list)


# ----------------------------------------------------------------------- codes


def period_code(sender: Sender, period: PeriodRow) -> str:
    return f"{sender.code}.KY.{period.pk}"


def regime_code(sender: Sender, plan_id: int) -> str:
    return f"{sender.code}.CD.{plan_id}"


def form_code(sender: Sender, plan_id: int) -> str:
    return f"{sender.code}.BM.{plan_id}"


def indicator_code(sender: Sender, row: IndicatorRow) -> str:
    """The national code where the standing body has mapped one, else the province's."""
    return row.national_code or f"{sender.code}.CT.{row.pk}"


def group_code(sender: Sender, row: IndicatorRow) -> str:
    return row.group_code or f"{sender.code}.NCS.{row.plan_id}"


def group_name(row: IndicatorRow, plans: dict[int, PlanRow]) -> str:
    if row.group_name:
        return row.group_name
    plan = plans.get(row.plan_id)
    return f"Chỉ tiêu của {plan.number or plan.title}" if plan else "Chỉ tiêu"


def agency_code(sender: Sender, report: ReportRow) -> str:
    return report.agency_code or f"{sender.code}.DV.{report.agency_id}"


def admin_unit_code(sender: Sender, report: ReportRow) -> str:
    """A commune's own GSO code; every provincial body reports for the province."""
    return (
        report.agency_code
        if report.agency_kind == "commune" and report.agency_code
        else sender.code
    )


def report_code(sender: Sender, report: ReportRow) -> str:
    return f"{sender.code}.BC.{report.pk}"


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _moment(value: dt.datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def envelope(*, kind: str, sender: Sender, items: list[dict], created_at: dt.datetime) -> dict:
    return {
        "phienBan": PACKET_VERSION,
        "loaiGoiTin": KINDS[kind],
        "thoiGianTao": _moment(created_at),
        "donViGui": {"maDonVi": sender.code, "tenDonVi": sender.name},
        "soBanGhi": len(items),
        "duLieu": items,
    }


# ----------------------------------------------------------------------- builders


def _regimes(data: PeriodData) -> list[dict]:
    return [
        {
            "maCheDoBaoCao": regime_code(data.sender, plan.pk),
            "tenCheDoBaoCao": f"Báo cáo tình hình thực hiện {plan.title}"[:1000],
            "vanBanQuyDinh": plan.number,
            "coQuanBanHanh": plan.issuer,
            "ngayBanHanh": _day(plan.issued_on),
            "loaiKyBaoCao": PERIOD_KIND_CODES[data.period.kind],
        }
        for plan in data.plans
    ]


def _forms(data: PeriodData) -> list[dict]:
    by_plan: dict[int, list[str]] = {}
    for row in data.indicators:
        by_plan.setdefault(row.plan_id, []).append(indicator_code(data.sender, row))
    return [
        {
            "maBieuMau": form_code(data.sender, plan.pk),
            "tenBieuMau": f"Kết quả thực hiện {plan.number or plan.title}"[:1000],
            "maCheDoBaoCao": regime_code(data.sender, plan.pk),
            "danhSachMaChiTieu": by_plan.get(plan.pk, []),
        }
        for plan in data.plans
    ]


def _periods(data: PeriodData) -> list[dict]:
    period = data.period
    return [
        {
            "maKyBaoCao": period_code(data.sender, period),
            "tenKyBaoCao": period.name,
            "loaiKyBaoCao": PERIOD_KIND_CODES[period.kind],
            "tuNgay": _day(period.starts_on),
            "denNgay": _day(period.ends_on),
            "hanGuiBaoCao": _day(period.due_on),
        }
    ]


def _indicators(data: PeriodData) -> list[dict]:
    return [
        {
            "maChiTieu": indicator_code(data.sender, row),
            "tenChiTieu": row.national_name or row.name,
            "donViTinh": row.unit,
            "maBieuMau": form_code(data.sender, row.plan_id),
            "maNhomChiSo": group_code(data.sender, row),
            "chiTieuKeHoach": [{"moc": m, "giaTri": text} for m, text in row.targets],
        }
        for row in data.indicators
    ]


def _kpi_sets(data: PeriodData) -> list[dict]:
    sets = []
    for plan in data.plans:
        members = [row for row in data.indicators if row.plan_id == plan.pk]
        sets.append(
            {
                "maBoChiSo": f"{data.sender.code}.BCS.{plan.pk}",
                "tenBoChiSo": f"Bộ chỉ số {plan.number or plan.title}"[:1000],
                "danhSachChiSo": [
                    {
                        "maChiSo": indicator_code(data.sender, row),
                        "tenChiSo": row.national_name or row.name,
                        "donViTinh": row.unit,
                        "maNhomChiSo": group_code(data.sender, row),
                    }
                    for row in members
                ],
            }
        )
    return sets


def _groups(data: PeriodData) -> list[dict]:
    plans = {plan.pk: plan for plan in data.plans}
    seen: dict[str, str] = {}
    for row in data.indicators:
        seen.setdefault(group_code(data.sender, row), group_name(row, plans))
    return [{"maNhomChiSo": code, "tenNhomChiSo": name} for code, name in seen.items()]


def _report_head(data: PeriodData, report: ReportRow) -> dict:
    return {
        "maBaoCao": report_code(data.sender, report),
        "maKyBaoCao": period_code(data.sender, data.period),
        "maDonVi": agency_code(data.sender, report),
        "tenDonVi": report.agency_name,
        "maDonViHanhChinh": admin_unit_code(data.sender, report),
    }


def _figures(data: PeriodData, reports: Iterable[ReportRow]) -> list[dict]:
    codes = {row.pk: indicator_code(data.sender, row) for row in data.indicators}
    return [
        {
            **_report_head(data, report),
            "ngayGui": _moment(report.submitted_at),
            "ngayPheDuyet": _moment(report.approved_at),
            "soLieuChiTieu": [
                {
                    "maChiTieu": codes[value.indicator_id],
                    "giaTri": value.text,
                    "giaTriSo": value.number,
                    "ghiChu": value.note,
                    "nguonSoLieu": value.source,
                }
                for value in report.values
                if value.indicator_id in codes
            ],
            "ketQuaNhiemVu": [
                {
                    "maNhiemVu": f"{data.sender.code}.NV.{task.task_id}",
                    "soThuTu": task.number,
                    "tenNhiemVu": task.name,
                    "vaiTro": "CHU_TRI" if task.role == "lead" else "PHOI_HOP",
                    "tinhTrang": TASK_STATUS_CODES.get(task.status, "CHUA_BAO_CAO"),
                    "ketQua": task.description,
                    "vanBanMinhChung": task.evidence,
                    "ngayHoanThanh": _day(task.completed_on),
                    "khoKhanVuongMac": task.difficulties,
                    "deXuatKienNghi": task.proposals,
                }
                for task in report.tasks
            ],
        }
        for report in reports
    ]


def _states(data: PeriodData, reports: Iterable[ReportRow]) -> list[dict]:
    return [
        {
            **_report_head(data, report),
            "trangThai": REPORT_STATE_APPROVED,
            "thoiGian": _moment(report.approved_at),
        }
        for report in reports
    ]


def _kpi_data(data: PeriodData, reports: Iterable[ReportRow]) -> list[dict]:
    codes = {row.pk: indicator_code(data.sender, row) for row in data.indicators}
    items = []
    for report in reports:
        head = _report_head(data, report)
        for value in report.values:
            if value.indicator_id not in codes or not (value.text or value.number is not None):
                continue
            items.append(
                {
                    "maChiSo": codes[value.indicator_id],
                    "maKyBaoCao": head["maKyBaoCao"],
                    "maDonVi": head["maDonVi"],
                    "maDonViHanhChinh": head["maDonViHanhChinh"],
                    "giaTri": value.text,
                    "giaTriSo": value.number,
                    "dat": value.met,
                }
            )
    return items


def _outlines(data: PeriodData, reports: Iterable[ReportRow]) -> list[dict]:
    return [
        {
            **_report_head(data, report),
            "noiDung": [
                {"linhVuc": topic, "tonTaiHanChe": issues, "deXuatKienNghi": proposals}
                for topic, issues, proposals in report.assessment
            ],
        }
        for report in reports
    ]


def packet_build(
    *,
    kind: str,
    data: PeriodData,
    created_at: dt.datetime,
    reports: list[ReportRow] | None = None,
) -> dict:
    """One packet of `kind`; report packets cover `reports` (default: all of `data`)."""
    chosen = data.reports if reports is None else reports
    builders = {
        "che-do-bao-cao": lambda: _regimes(data),
        "bieu-mau-bao-cao": lambda: _forms(data),
        "danh-muc-ky-bao-cao": lambda: _periods(data),
        "danh-muc-chi-tieu-bao-cao": lambda: _indicators(data),
        "bo-chi-so": lambda: _kpi_sets(data),
        "danh-muc-nhom-chi-so": lambda: _groups(data),
        "so-lieu-bao-cao": lambda: _figures(data, chosen),
        "trang-thai-bao-cao": lambda: _states(data, chosen),
        "du-lieu-chi-so": lambda: _kpi_data(data, chosen),
        "gui-de-cuong-bao-cao": lambda: _outlines(data, chosen),
    }
    return envelope(kind=kind, sender=data.sender, items=builders[kind](), created_at=created_at)
