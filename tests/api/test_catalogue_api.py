import pytest

from dxtrack.agencies.models import Agency

pytestmark = pytest.mark.django_db

API = "/api/v1"


# ------------------------------------------------------------------ auth, errors


@pytest.mark.parametrize(
    "path",
    ["/plans", "/plans/1", "/agencies", "/agencies/1", "/agencies/1/assignments"],
)
def test_every_catalogue_call_needs_credentials(client, path):
    response = client.get(API + path)

    assert response.status_code == 401
    assert response.json() == {
        "detail": "Chưa đăng nhập hoặc thông tin xác thực không hợp lệ.",
        "errors": [],
    }


def test_a_missing_plan_is_a_404_with_a_vietnamese_message(api_client):
    response = api_client.get(f"{API}/plans/424242")

    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy kế hoạch.", "errors": []}


def test_a_missing_agency_is_a_404_with_a_vietnamese_message(api_client):
    for path in ("/agencies/424242", "/agencies/424242/assignments"):
        response = api_client.get(API + path)
        assert response.status_code == 404
        assert response.json()["detail"] == "Không tìm thấy cơ quan, đơn vị."


def test_invalid_parameters_are_a_400_listing_what_was_wrong(api_client):
    response = api_client.get(f"{API}/agencies", {"kind": "hanh-tinh"})

    body = response.json()
    assert response.status_code == 400
    assert body["detail"] == "Dữ liệu gửi lên không hợp lệ."
    assert body["errors"][0]["loc"] == ["query", "kind"]


def test_openapi_document_describes_the_catalogue(client):
    schema = client.get(f"{API}/openapi.json").json()

    assert {
        "/api/v1/plans",
        "/api/v1/plans/{plan_id}",
        "/api/v1/agencies",
        "/api/v1/agencies/{agency_id}",
        "/api/v1/agencies/{agency_id}/assignments",
    } <= set(schema["paths"])
    responses = schema["paths"]["/api/v1/plans/{plan_id}"]["get"]["responses"]
    assert {"200", "401", "404"} <= set(responses)


# ------------------------------------------------------------------------- plans


def test_plans_list_gives_ids_numbers_titles_and_counts(api_client, catalogue):
    plans = api_client.get(f"{API}/plans").json()

    assert [p["number"] for p in plans] == ["25/KH-UBND", "38/KH-UBND"]
    new = plans[0]
    assert new["id"] == catalogue.plan.pk
    assert new["issued_on"] == "2026-02-10"
    assert new["status"] == "in_force"
    assert (new["indicator_count"], new["task_count"], new["project_count"]) == (2, 1, 2)


def test_plans_list_query_count_does_not_grow(api_client, many, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        plans = api_client.get(f"{API}/plans").json()

    assert [p["task_count"] for p in plans] == [50, 50, 50]


def test_plan_detail_has_sections_indicators_tasks_and_projects_with_ids(api_client, catalogue):
    plan = api_client.get(f"{API}/plans/{catalogue.plan.pk}").json()

    assert plan["number"] == "25/KH-UBND"
    sections = {s["id"]: s for s in plan["sections"]}
    government = sections[catalogue.sections.government.pk]
    assert government["parent_id"] == catalogue.sections.phase.pk
    assert government["label"] == "I"

    signature = next(i for i in plan["indicators"] if i["id"] == catalogue.signature.pk)
    assert signature["section_id"] == catalogue.sections.society.pk
    assert [(t["milestone"], t["text"]) for t in signature["targets"]] == [("2026-2027", "≥ 50%")]
    assert [(a["role"], a["agency"], a["group"]) for a in signature["assignments"]] == [
        ("lead", {"id": catalogue.dost.pk, "name": "Sở Khoa học và Công nghệ"}, None),
        (
            "implementer",
            None,
            {"id": catalogue.communes.pk, "name": "UBND các xã, phường, đặc khu"},
        ),
    ]

    [task] = plan["tasks"]
    assert task["id"] == catalogue.training.pk
    assert task["timeframe_text"] == "Tháng 12/2026"
    unresolved = [a for a in task["assignments"] if not a["resolved"]]
    assert [(a["text"], a["agency"], a["group"]) for a in unresolved] == [
        ("Sở Nội vụ tỉnh", None, None)
    ]

    assert [(p["number"], p["years"]) for p in plan["key_projects"]] == [
        ("6", [2026, 2027, 2028]),
        ("10", [2027]),
    ]


def test_plan_detail_query_count_does_not_grow(api_client, many, django_assert_max_num_queries):
    with django_assert_max_num_queries(11):
        plan = api_client.get(f"{API}/plans/{many.plans[0].pk}").json()

    assert len(plan["tasks"]) == 50
    assert all(len(t["assignments"]) == 3 for t in plan["tasks"])


# ---------------------------------------------------------------------- agencies


def test_agencies_list_gives_kind_short_name_and_aliases(api_client, catalogue):
    agencies = {a["name"]: a for a in api_client.get(f"{API}/agencies").json()}

    dost = agencies["Sở Khoa học và Công nghệ"]
    assert dost["id"] == catalogue.dost.pk
    assert dost["kind"] == "department"
    assert dost["aliases"] == ["Sở KH&CN"]
    assert agencies["Sở Thông tin và Truyền thông"]["active_to"] == "2025-02-28"


def test_agencies_list_filters_by_kind_and_name_without_diacritics(api_client, catalogue):
    communes = api_client.get(f"{API}/agencies", {"kind": Agency.Kind.COMMUNE}).json()
    found = api_client.get(f"{API}/agencies", {"q": "so y te"}).json()

    assert [a["name"] for a in communes] == ["UBND xã Tịnh Khê"]
    assert [a["name"] for a in found] == ["Sở Y tế"]


def test_agencies_list_query_count_does_not_grow(api_client, many, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        agencies = api_client.get(f"{API}/agencies").json()

    assert len(agencies) > 30
    assert all(a["aliases"] for a in agencies if a["kind"] == "commune")


def test_agency_detail_gives_groups_predecessors_and_successors(api_client, catalogue):
    dost = api_client.get(f"{API}/agencies/{catalogue.dost.pk}").json()
    dic = api_client.get(f"{API}/agencies/{catalogue.dic.pk}").json()

    assert dost["aliases"] == ["Sở KH&CN"]
    assert dost["groups"] == [{"id": catalogue.departments.pk, "name": "Các sở, ban, ngành"}]
    assert dost["predecessors"] == [
        {
            "agency": {"id": catalogue.dic.pk, "name": "Sở Thông tin và Truyền thông"},
            "date": "2025-03-01",
            "primary": True,
            "scope": "",
        }
    ]
    assert [s["agency"]["name"] for s in dic["successors"]] == ["Sở Khoa học và Công nghệ"]


def test_agency_assignments_say_role_and_how_they_reach_the_agency(api_client, catalogue):
    found = api_client.get(f"{API}/agencies/{catalogue.dost.pk}/assignments").json()

    summary = {(a["item_type"], a["item_id"], a["role"], a["via"]) for a in found}
    assert summary == {
        ("indicator", catalogue.signature.pk, "lead", "direct"),
        ("indicator", catalogue.online.pk, "implementer", "group"),
        ("task", catalogue.training.pk, "lead", "direct"),
        ("task", catalogue.training.pk, "coordinating", "group"),
        ("project", catalogue.datacenter.pk, "lead", "direct"),
        ("project", catalogue.pilot.pk, "lead", "direct"),
        ("task", catalogue.old_task.pk, "lead", "predecessor"),
    }
    inherited = next(a for a in found if a["via"] == "predecessor")
    assert inherited["via_agency"] == {
        "id": catalogue.dic.pk,
        "name": "Sở Thông tin và Truyền thông",
    }
    assert inherited["plan"] == {
        "id": catalogue.old_plan.pk,
        "number": "38/KH-UBND",
        "title": catalogue.old_plan.title,
    }
    by_group = next(a for a in found if a["via"] == "group" and a["item_type"] == "task")
    assert by_group["via_group"] == {"id": catalogue.departments.pk, "name": "Các sở, ban, ngành"}


def test_agency_assignments_query_count_does_not_grow(
    api_client, many, django_assert_max_num_queries
):
    with django_assert_max_num_queries(11):
        found = api_client.get(f"{API}/agencies/{many.dost.pk}/assignments").json()

    assert len(found) == 3 * (50 * 3 + 20 + 5)
