"""Installing the directory, loading communes, adding aliases; and the reads over the
directory (selectors) that depend on what the services store."""

import csv
import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from dxtrack.accounts.access import SYSTEM
from dxtrack.agencies.directory import load_bundled, load_records
from dxtrack.agencies.models import Agency, AgencyAlias, AgencyGroup, Succession
from dxtrack.agencies.selectors import (
    agency_group_members,
    agency_groups_of,
    agency_predecessors,
)
from dxtrack.agencies.services import (
    alias_add,
    communes_load,
    directory_from_db,
    directory_install,
)

from .conftest import ADMIN_UNITS

pytestmark = pytest.mark.django_db

QUANG_NGAI = "51"
ON = dt.date(2026, 1, 1)
COMMUNES = "UBND các xã, phường, đặc khu"
DEPARTMENTS = "Các sở, ban, ngành"


@pytest.fixture(scope="module")
def admin_units() -> list[dict[str, str]]:
    if not ADMIN_UNITS.is_file():
        pytest.skip("../shared/data/vn-admin-units.csv is not beside the project")
    with ADMIN_UNITS.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def installed():
    return directory_install()


# ---------------------------------------------------------------- directory_install


def test_install_loads_every_agency_group_alias_and_succession():
    data = load_records()

    counts = directory_install()

    assert counts["agencies_created"] == Agency.objects.count() == len(data["agencies"])
    assert counts["groups_created"] == AgencyGroup.objects.count() == len(data["groups"])
    assert counts["successions_created"] == Succession.objects.count() == len(data["successions"])
    aliases = sum(len(r["aliases"]) for r in [*data["agencies"], *data["groups"]])
    assert counts["aliases_created"] == AgencyAlias.objects.count() == aliases
    khcn = Agency.objects.get(name="Sở Khoa học và Công nghệ")
    assert khcn.kind == Agency.Kind.DEPARTMENT
    assert khcn.search_name == "so khoa hoc va cong nghe"
    assert set(khcn.aliases.values_list("name", flat=True)) >= {"Sở KH&CN", "Sở KHCN"}
    old = Agency.objects.get(name="Sở Thông tin và Truyền thông")
    assert old.active_to == dt.date(2025, 2, 28)
    primary = old.successions.get(primary=True)
    assert (primary.successor, primary.date) == (khcn, dt.date(2025, 3, 1))
    district = AgencyGroup.objects.get(name="UBND cấp huyện")
    assert district.successor.name == COMMUNES
    assert district.succeeded_on == dt.date(2025, 7, 1)
    telecoms = AgencyGroup.objects.get(name="Các doanh nghiệp viễn thông trên địa bàn tỉnh")
    assert telecoms.members.count() == 5


def test_install_is_idempotent(installed):
    before = {
        "agencies": list(Agency.objects.order_by("pk").values()),
        "aliases": list(AgencyAlias.objects.order_by("pk").values()),
        "groups": list(AgencyGroup.objects.order_by("pk").values("pk", "member_kinds")),
        "successions": list(Succession.objects.order_by("pk").values()),
    }

    again = directory_install()

    assert set(again.values()) == {0}
    assert before == {
        "agencies": list(Agency.objects.order_by("pk").values()),
        "aliases": list(AgencyAlias.objects.order_by("pk").values()),
        "groups": list(AgencyGroup.objects.order_by("pk").values("pk", "member_kinds")),
        "successions": list(Succession.objects.order_by("pk").values()),
    }


def test_install_updates_what_changed_and_keeps_what_users_added(installed):
    departments = AgencyGroup.objects.get(name=DEPARTMENTS)
    extra = Agency.objects.get(name="Công an tỉnh")
    departments.members.add(extra)
    alias_add(
        actor=SYSTEM,
        name="Sở KHCN&ĐMST",
        agency=Agency.objects.get(name="Sở Khoa học và Công nghệ"),
    )
    Agency.objects.filter(name="Sở Y tế").update(short_name="?", kind=Agency.Kind.OTHER)

    counts = directory_install()

    assert counts["agencies_updated"] == 1
    assert Agency.objects.get(name="Sở Y tế").kind == Agency.Kind.DEPARTMENT
    assert extra in departments.members.all()
    assert AgencyAlias.objects.filter(name="Sở KHCN&ĐMST").exists()


def test_install_runs_in_a_bounded_number_of_queries(django_assert_max_num_queries):
    with django_assert_max_num_queries(30):
        directory_install()


# ---------------------------------------------------------------- directory_from_db


def test_the_directory_from_the_database_resolves_like_the_shipped_one(
    installed, seed_agency_cells
):
    shipped, stored = load_bundled(), directory_from_db()

    for _, cell in seed_agency_cells:
        assert stored.resolve_cell(cell, on=ON) == shipped.resolve_cell(cell, on=ON), cell
    before = dt.date(2024, 1, 1)
    for _, cell in seed_agency_cells:
        assert stored.resolve_cell(cell, on=before) == shipped.resolve_cell(cell, on=before)


def test_the_directory_from_the_database_reads_it_in_five_queries(
    installed, django_assert_num_queries
):
    with django_assert_num_queries(5):
        directory_from_db()


# ---------------------------------------------------------------- communes_load


def test_communes_load_quang_ngais_96_units_as_members_of_the_communes_group(
    installed, admin_units
):
    counts = communes_load(rows=admin_units, province_code=QUANG_NGAI)

    assert counts["created"] == 96
    communes = Agency.objects.filter(kind=Agency.Kind.COMMUNE)
    assert communes.count() == 96
    ly_son = communes.get(code="21548")
    assert ly_son.name == "UBND đặc khu Lý Sơn"
    assert set(ly_son.aliases.values_list("name", flat=True)) == {"Đặc khu Lý Sơn", "Lý Sơn"}
    assert communes.get(code="21025").name == "UBND phường Cẩm Thành"
    group = AgencyGroup.objects.get(name=COMMUNES)
    assert agency_group_members(group).count() == 96


def test_loaded_communes_resolve_by_name_and_short_name(installed, admin_units):
    communes_load(rows=admin_units, province_code=QUANG_NGAI)
    directory = directory_from_db()

    resolved = directory.resolve_cell(
        "UBND xã Bình Sơn; Ủy ban nhân dân phường Cẩm Thành, đặc khu Lý Sơn", on=ON
    )

    assert [r.agency for r in resolved] == [
        "UBND xã Bình Sơn",
        "UBND phường Cẩm Thành",
        "UBND đặc khu Lý Sơn",
    ]


def test_communes_load_again_updates_by_code_and_never_duplicates(installed, admin_units):
    communes_load(rows=admin_units, province_code=QUANG_NGAI)
    renamed = [
        {**row, "unit": "Xã Bình Sơn Mới", "unit_short": "Bình Sơn Mới"}
        if row["unit_code"] == "21040"
        else row
        for row in admin_units
    ]

    counts = communes_load(rows=renamed, province_code=QUANG_NGAI)

    assert (counts["created"], counts["updated"], counts["unchanged"]) == (0, 1, 95)
    assert Agency.objects.filter(kind=Agency.Kind.COMMUNE).count() == 96
    unit = Agency.objects.get(code="21040")
    assert unit.name == "UBND xã Bình Sơn Mới"
    # The former name still finds the unit, under its new name.
    directory = directory_from_db()
    assert directory.resolve_name("UBND xã Bình Sơn", on=ON).agency == "UBND xã Bình Sơn Mới"
    assert directory.resolve_name("Bình Sơn Mới", on=ON).agency == "UBND xã Bình Sơn Mới"
    assert AgencyAlias.objects.get(name="UBND xã Bình Sơn").kind == AgencyAlias.Kind.FORMER


def test_communes_load_only_takes_the_province_asked_for(installed, admin_units):
    counts = communes_load(rows=admin_units, province_code="051")

    assert counts["created"] == 96
    assert communes_load(rows=admin_units, province_code="51")["unchanged"] == 96


def test_units_whose_names_differ_only_by_accents_resolve_by_their_accents(installed, admin_units):
    counts = communes_load(rows=admin_units, province_code=QUANG_NGAI)
    directory = directory_from_db()

    def agency(name: str) -> str | None:
        return directory.resolve_name(name, on=ON).agency

    # Sơn Hà and Sơn Hạ, Ba Tơ and Ba Tô: no alias is stored for the names they share.
    assert counts["aliases_skipped"] == 4
    assert agency("UBND xã Sơn Hà") == "UBND xã Sơn Hà"
    assert agency("Ủy ban nhân dân xã Sơn Hạ") == "UBND xã Sơn Hạ"
    assert agency("Xã Sơn Hạ") == "UBND xã Sơn Hạ"
    assert agency("Ba Tô") == "UBND xã Ba Tô"
    assert agency("Xa Son Ha") is None


def test_communes_of_every_province_load_side_by_side(installed, admin_units):
    for code in sorted({row["province_code"] for row in admin_units}):
        communes_load(rows=admin_units, province_code=code)

    assert Agency.objects.filter(kind=Agency.Kind.COMMUNE).count() == len(admin_units)
    # "Xã An Phú" is in several provinces: neither name says which one is meant.
    directory = directory_from_db()
    assert sum(row["unit"] == "Xã An Phú" for row in admin_units) > 1
    assert not directory.resolve_name("Xã An Phú", on=ON).resolved
    assert not directory.resolve_name("An Phú", on=ON).resolved


def test_communes_load_writes_in_a_bounded_number_of_queries(
    installed, admin_units, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        communes_load(rows=admin_units, province_code=QUANG_NGAI)


def test_communes_load_refuses_a_list_without_the_province(installed, admin_units):
    with pytest.raises(ValidationError, match="tỉnh mã 99"):
        communes_load(rows=admin_units, province_code="99")

    assert not Agency.objects.filter(kind=Agency.Kind.COMMUNE).exists()


# ---------------------------------------------------------------- alias_add


def test_an_added_alias_makes_the_next_resolution_succeed(installed):
    cell = "Sở Công Thương; Các cơ quan thuộc khối kinh tế"
    assert not directory_from_db().resolve_cell(cell, on=ON)[1].resolved

    alias = alias_add(
        actor=SYSTEM,
        name="Các cơ quan thuộc khối kinh tế",
        group=AgencyGroup.objects.get(name=DEPARTMENTS),
    )

    assert alias.key == "cac co quan thuoc khoi kinh te"
    resolved = directory_from_db().resolve_cell(cell, on=ON)
    assert [(r.text, r.group) for r in resolved][1] == (
        "Các cơ quan thuộc khối kinh tế",
        DEPARTMENTS,
    )


def test_adding_an_alias_twice_for_the_same_agency_returns_the_first(installed):
    agency = Agency.objects.get(name="Sở Y tế")

    first = alias_add(actor=SYSTEM, name="SYT", agency=agency)

    assert alias_add(actor=SYSTEM, name="  syt ", agency=agency) == first


@pytest.mark.parametrize(
    ("name", "target", "message"),
    [
        ("Sở TT&TT", "agency", "đã được dùng cho “Sở Thông tin và Truyền thông”"),
        ("   ", "agency", "không được để trống"),
        ("Sở mới", None, "đúng một"),
        ("Sở mới", "both", "đúng một"),
    ],
)
def test_alias_add_refuses_what_would_make_names_ambiguous(installed, name, target, message):
    agency = Agency.objects.get(name="Sở Y tế")
    group = AgencyGroup.objects.get(name=DEPARTMENTS)
    kwargs = {
        "agency": {"agency": agency},
        "both": {"agency": agency, "group": group},
        None: {},
    }[target]

    with pytest.raises(ValidationError, match=message):
        alias_add(actor=SYSTEM, name=name, **kwargs)


# ---------------------------------------------------------------- selectors


def test_group_members_are_active_agencies_of_its_kinds_plus_those_listed(installed):
    departments = AgencyGroup.objects.get(name=DEPARTMENTS)

    members = set(agency_group_members(departments).values_list("name", flat=True))

    assert "Sở Khoa học và Công nghệ" in members
    assert "Sở Thông tin và Truyền thông" not in members  # dissolved on 1/3/2025
    assert "Sở Thông tin và Truyền thông" in set(
        agency_group_members(departments, on=dt.date(2024, 1, 1)).values_list("name", flat=True)
    )
    assert len(members) == 14
    banks = AgencyGroup.objects.get(name="Các ngân hàng trên địa bàn tỉnh")
    assert list(agency_group_members(banks).values_list("name", flat=True)) == [
        "Ngân hàng Nhà nước Chi nhánh tỉnh Quảng Ngãi"
    ]


def test_groups_of_an_agency_come_from_its_kind_and_from_explicit_lists(installed):
    vnpt = Agency.objects.get(name="VNPT Quảng Ngãi")
    khcn = Agency.objects.get(name="Sở Khoa học và Công nghệ")
    old = Agency.objects.get(name="Sở Thông tin và Truyền thông")

    assert set(agency_groups_of(vnpt).values_list("name", flat=True)) == {
        "Các doanh nghiệp viễn thông trên địa bàn tỉnh",
        "Các doanh nghiệp nhà nước trên địa bàn tỉnh",
        "Các doanh nghiệp trên địa bàn tỉnh",
    }
    assert list(agency_groups_of(khcn).values_list("name", flat=True)) == [DEPARTMENTS]
    assert not agency_groups_of(old).exists()


def test_predecessors_are_followed_transitively(installed):
    khcn = Agency.objects.get(name="Sở Khoa học và Công nghệ")
    older = Agency.objects.create(name="Sở Bưu chính, Viễn thông", kind=Agency.Kind.DEPARTMENT)
    Succession.objects.create(
        predecessor=older,
        successor=Agency.objects.get(name="Sở Thông tin và Truyền thông"),
        date=dt.date(2008, 4, 1),
    )

    assert [a.name for a in agency_predecessors(khcn)] == [
        "Sở Thông tin và Truyền thông",
        "Sở Bưu chính, Viễn thông",
    ]
    nnmt = Agency.objects.get(name="Sở Nông nghiệp và Môi trường")
    assert {a.name for a in agency_predecessors(nnmt)} == {
        "Sở Tài nguyên và Môi trường",
        "Sở Nông nghiệp và Phát triển nông thôn",
    }
    yte = Agency.objects.get(name="Sở Y tế")
    assert agency_predecessors(yte) == []
    assert [a.name for a in agency_predecessors(yte, primary_only=False)] == [
        "Sở Lao động - Thương binh và Xã hội"
    ]


def test_selectors_use_a_fixed_number_of_queries(installed, admin_units, django_assert_num_queries):
    communes_load(rows=admin_units, province_code=QUANG_NGAI)
    communes = AgencyGroup.objects.get(name=COMMUNES)
    commune = Agency.objects.filter(kind=Agency.Kind.COMMUNE).first()
    khcn = Agency.objects.get(name="Sở Khoa học và Công nghệ")

    # The directory of the day (three queries), then the rows asked for.
    with django_assert_num_queries(4):
        assert len(list(agency_group_members(communes))) == 96
    with django_assert_num_queries(4):
        assert [g.name for g in agency_groups_of(commune)] == [COMMUNES]
    with django_assert_num_queries(4):
        agency_predecessors(khcn)


def test_alias_changes_are_audited_with_who_and_what(installed):
    from dxtrack.accounts.models import Profile, Role
    from dxtrack.agencies.services import alias_change, alias_remove
    from dxtrack.audit.models import AuditEntry
    from factories import UserFactory

    coordinator = UserFactory(username="dieuphoi.danhba")
    Profile.objects.create(user=coordinator, role=Role.COORDINATOR)
    health = Agency.objects.get(name="Sở Y tế")
    finance = Agency.objects.get(name="Sở Tài chính")

    alias = alias_add(actor=coordinator, name="Nhóm số hóa ngành y", agency=health)
    alias_change(
        alias=alias,
        actor=coordinator,
        name="Nhóm số hóa ngân sách",
        kind=alias.kind,
        agency=finance,
    )
    alias_remove(alias=alias, actor=coordinator)

    added, changed, removed = AuditEntry.objects.filter(
        action__startswith="agency_alias."
    ).order_by("pk")
    assert {e.actor for e in (added, changed, removed)} == {coordinator}
    assert (added.action, added.target_id) == ("agency_alias.add", alias.pk)
    assert added.details["name"] == "Nhóm số hóa ngành y" and added.details["owner"] == "Sở Y tế"
    assert changed.details["old"]["owner"] == "Sở Y tế"
    assert changed.details["new"]["owner"] == "Sở Tài chính"
    assert changed.details["new"]["name"] == "Nhóm số hóa ngân sách"
    assert removed.action == "agency_alias.remove"
    assert not AgencyAlias.objects.filter(pk=alias.pk).exists()
    assert directory_from_db().resolve_name("Nhóm số hóa ngân sách").agency is None


@pytest.mark.parametrize("role", ["leader", "reporter"])
def test_only_those_who_may_edit_the_directory_add_names(installed, role):
    from django.core.exceptions import PermissionDenied

    from dxtrack.accounts.models import Profile
    from dxtrack.audit.models import AuditEntry
    from factories import UserFactory

    user = UserFactory(username=f"nguoidung.{role}")
    health = Agency.objects.get(name="Sở Y tế")
    Profile.objects.create(user=user, role=role, agency=health if role == "reporter" else None)

    with pytest.raises(PermissionDenied):
        alias_add(actor=user, name="Nhóm số hóa ngành y", agency=health)
    assert not AgencyAlias.objects.filter(name="Nhóm số hóa ngành y").exists()
    assert not AuditEntry.objects.exists()
