"""The back office pages of the agency directory."""

import pytest
from django.urls import reverse

from dxtrack.agencies.models import Agency, AgencyGroup, Succession
from dxtrack.agencies.services import directory_install
from factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    directory_install()
    client.force_login(UserFactory(username="quantri", is_staff=True, is_superuser=True))
    return client


def _shown(response) -> list[str]:
    return [str(obj) for obj in response.context["cl"].result_list]


@pytest.mark.parametrize("model", ["agency", "agencygroup", "agencyalias", "succession"])
def test_every_directory_changelist_and_add_page_loads(admin_client, model):
    changelist = admin_client.get(reverse(f"admin:agencies_{model}_changelist"), {"q": "sở"})
    add = admin_client.get(reverse(f"admin:agencies_{model}_add"))

    assert changelist.status_code == 200
    assert add.status_code == 200


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Khoa học", "Sở Khoa học và Công nghệ"),
        ("khoa hoc va cong nghe", "Sở Khoa học và Công nghệ"),
        ("Sở TT&TT", "Sở Thông tin và Truyền thông"),  # an alias
        ("so ld-tb&xh", "Sở Lao động - Thương binh và Xã hội"),  # an alias, without diacritics
    ],
)
def test_agency_search_finds_names_and_aliases_without_diacritics(admin_client, query, expected):
    response = admin_client.get(reverse("admin:agencies_agency_changelist"), {"q": query})

    assert expected in _shown(response)


def test_agency_search_keeps_the_filters(admin_client):
    response = admin_client.get(
        reverse("admin:agencies_agency_changelist"), {"q": "so", "kind__exact": "press"}
    )

    assert set(_shown(response)) <= set(
        Agency.objects.filter(kind="press").values_list("name", flat=True)
    )


def test_agencies_filter_by_kind_and_by_being_active(admin_client):
    url = reverse("admin:agencies_agency_changelist")

    departments = _shown(admin_client.get(url, {"kind__exact": "department"}))
    dissolved = _shown(admin_client.get(url, {"active": "no"}))

    assert "Sở Tư pháp" in departments and "Công an tỉnh" not in departments
    assert "Sở Thông tin và Truyền thông" in dissolved
    assert "Sở Khoa học và Công nghệ" not in dissolved


def test_an_agency_page_shows_its_aliases_and_successions(admin_client):
    agency = Agency.objects.get(name="Sở Thông tin và Truyền thông")

    page = admin_client.get(reverse("admin:agencies_agency_change", args=[agency.pk]))
    content = page.content.decode()

    assert page.status_code == 200
    assert "Sở TTTT" in content
    assert "Báo chí, xuất bản" in content
    assert "chuyển giao nhiệm vụ cho" in content.lower()


def test_a_group_page_offers_kinds_members_and_aliases(admin_client):
    group = AgencyGroup.objects.get(name="Các doanh nghiệp viễn thông trên địa bàn tỉnh")

    page = admin_client.get(reverse("admin:agencies_agencygroup_change", args=[group.pk]))
    content = page.content.decode()

    assert "VNPT Quảng Ngãi" in content
    assert "Doanh nghiệp viễn thông" in content
    assert "Bộ, ngành Trung ương" in content  # a kind to choose


def test_a_group_is_saved_with_the_kinds_ticked(admin_client):
    group = AgencyGroup.objects.get(name="Các cơ quan Trung ương trên địa bàn tỉnh")
    url = reverse("admin:agencies_agencygroup_change", args=[group.pk])

    response = admin_client.post(
        url,
        {
            "name": group.name,
            "member_kinds": ["central", "national"],
            "members": [],
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    group.refresh_from_db()
    assert group.member_kinds == ["central", "national"]


def test_group_search_finds_aliases_without_diacritics(admin_client):
    response = admin_client.get(
        reverse("admin:agencies_agencygroup_changelist"), {"q": "ubnd cap huyen"}
    )

    assert _shown(response) == ["UBND cấp huyện"]


def test_succession_list_shows_both_agencies(admin_client):
    response = admin_client.get(reverse("admin:agencies_succession_changelist"), {"q": "Kon Tum"})

    assert [str(s) for s in response.context["cl"].result_list] == [
        str(Succession.objects.get(predecessor__name="UBND tỉnh Kon Tum"))
    ]


def test_directory_changelists_do_not_query_per_row(admin_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        admin_client.get(reverse("admin:agencies_agencyalias_changelist"))
    with django_assert_max_num_queries(12):
        admin_client.get(reverse("admin:agencies_agencygroup_changelist"))
    with django_assert_max_num_queries(12):
        admin_client.get(reverse("admin:agencies_succession_changelist"))


def test_adding_a_name_already_taken_shows_an_error_not_a_crash(admin_client):
    agency = Agency.objects.get(name="Sở Y tế")

    response = admin_client.post(
        reverse("admin:agencies_agencyalias_add"),
        {"name": "Sở TTTT", "kind": "variant", "agency": agency.pk},
    )

    assert response.status_code == 200
    assert "đã được dùng cho “Sở Thông tin và Truyền thông”" in response.content.decode()


def _form_data(response) -> dict:
    """What the change page would post back unchanged: the main form and every inline."""
    data = {}
    form = response.context["adminform"].form
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[name] = [getattr(v, "pk", v) for v in value]
        else:
            data[name] = getattr(value, "pk", value)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = value
        # The rows already there, and none of the blank extra ones.
        data[f"{formset.prefix}-TOTAL_FORMS"] = len(formset.initial_forms)
        for index, each in enumerate(formset.initial_forms):
            for name in each.fields:
                value = each.initial.get(name)
                if value is not None:
                    data[f"{formset.prefix}-{index}-{name}"] = getattr(value, "pk", value)
            data[f"{formset.prefix}-{index}-{each._meta.model._meta.pk.name}"] = each.instance.pk
            data[f"{formset.prefix}-{index}-{formset.fk.name}"] = formset.instance.pk
    return data


def test_names_added_changed_or_removed_in_the_admin_are_audited(admin_client):
    from dxtrack.agencies.models import AgencyAlias
    from dxtrack.audit.models import AuditEntry

    health = Agency.objects.get(name="Sở Y tế")
    response = admin_client.post(
        reverse("admin:agencies_agencyalias_add"),
        {"name": "Nhóm số hóa ngành y", "kind": "variant", "agency": health.pk},
    )
    assert response.status_code == 302
    alias = AgencyAlias.objects.get(name="Nhóm số hóa ngành y")

    response = admin_client.post(
        reverse("admin:agencies_agencyalias_change", args=[alias.pk]),
        {"name": "Nhóm số hóa y tế", "kind": "variant", "agency": health.pk},
    )
    assert response.status_code == 302
    response = admin_client.post(
        reverse("admin:agencies_agencyalias_delete", args=[alias.pk]), {"post": "yes"}
    )
    assert response.status_code == 302

    entries = AuditEntry.objects.filter(action__startswith="agency_alias.").order_by("pk")
    assert [e.action for e in entries] == [
        "agency_alias.add",
        "agency_alias.change",
        "agency_alias.remove",
    ]
    assert {e.actor.username for e in entries} == {"quantri"}
    assert entries[1].details["old"]["name"] == "Nhóm số hóa ngành y"
    assert entries[1].details["new"]["name"] == "Nhóm số hóa y tế"
    assert not AgencyAlias.objects.filter(pk=alias.pk).exists()


def test_a_name_added_on_the_agency_page_is_audited(admin_client):
    from dxtrack.audit.models import AuditEntry

    health = Agency.objects.get(name="Sở Y tế")
    url = reverse("admin:agencies_agency_change", args=[health.pk])
    data = _form_data(admin_client.get(url))
    prefix = next(key for key in data if key.endswith("-TOTAL_FORMS") and "alias" in key)
    prefix = prefix.removesuffix("-TOTAL_FORMS")
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = index + 1
    data[f"{prefix}-{index}-name"] = "Nhóm số hóa ngành y"
    data[f"{prefix}-{index}-kind"] = "variant"

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["errors"] if response.context else ""
    entry = AuditEntry.objects.get(action="agency_alias.add")
    assert entry.details["owner"] == "Sở Y tế"
    assert health.aliases.filter(name="Nhóm số hóa ngành y").exists()
