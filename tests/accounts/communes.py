"""The 96 communes, wards and special zone of Quảng Ngãi from the shared official list
(../shared/data/vn-admin-units.csv, never copied here), and the CSV files an administrator
writes for them: one reporter account and one contact address per commune."""

import csv
import io
from pathlib import Path

import pytest

from dxtrack.agencies.services import communes_load

ADMIN_UNITS = Path(__file__).resolve().parents[3] / "shared" / "data" / "vn-admin-units.csv"
PROVINCE = "51"


def quang_ngai_units() -> list[dict[str, str]]:
    if not ADMIN_UNITS.is_file():
        pytest.skip(f"the official list of administrative units is absent ({ADMIN_UNITS})")
    with ADMIN_UNITS.open(encoding="utf-8-sig", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row["province_code"] == PROVINCE]


def communes_loaded() -> list[dict[str, str]]:
    units = quang_ngai_units()
    communes_load(rows=units, province_code=PROVINCE)
    return units


def _slug(unit: dict[str, str]) -> str:
    from dxtrack.vn_text import fold

    slug = fold(unit["unit_short"]).replace("đ", "d").replace(" ", "")
    # "Sơn Hà" and "Sơn Hạ", "Ba Tô" and "Ba Tơ": the code tells their accounts apart.
    return slug if slug not in _TWINS else f"{slug}{unit['unit_code']}"


_TWINS = {"sonha", "bato"}


def accounts_csv(units: list[dict[str, str]]) -> str:
    """One reporter per commune, the agency written the ways administrators write it: the
    official code, the unit's name, the directory's "UBND …" name."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["username", "role", "agency", "email", "full_name"])
    for i, unit in enumerate(units):
        agency = [unit["unit_code"], unit["unit"], f"UBND {unit['unit']}"][i % 3]
        slug = _slug(unit)
        writer.writerow(
            [f"baocao.{slug}", "reporter", agency, f"vp.{slug}@quangngai.gov.vn", "Nguyễn Văn An"]
        )
    writer.writerow(["tonghop.skhcn", "coordinator", "", "tonghop@skhcn.quangngai.gov.vn", ""])
    return out.getvalue()


def contacts_csv(units: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["agency", "email", "phone"])
    for i, unit in enumerate(units):
        writer.writerow([unit["unit"], f"ubnd.{_slug(unit)}@quangngai.gov.vn", f"0255 3{i:06d}"])
    return out.getvalue()
