"""The people named on a case besides the victim and advocate: the coordinator records
alleged perpetrators, household members and witnesses; each reader sees exactly what they
need (pages and API); every view is audited; "also named in" stays inside a partnership."""

from datetime import date

import pytest
from builders import case_at
from django.test import Client

from casereview.applicants.links import status_link_issue
from casereview.applications.models import Application, CasePerson, PersonShare
from casereview.applications.people import PersonInput, person_add, person_shares_set
from casereview.core.dates import local_today
from casereview.core.errors import InvalidInput, NotAllowedNow
from casereview.core.models import AuditEntry
from casereview.partnerships.models import Agency

PSO, CHAIR = "pso@nul.example", "chair@nul.example"
POLICE, COUNCIL, HOUSING = "police@nul.example", "council@nul.example", "housing@nul.example"

PERP = PersonInput(
    role="alleged_perpetrator",
    name="Dean Doyle",
    aliases="Deano",
    date_of_birth=date(1990, 3, 27),
    address="Flat 3, 12 Long Row",
    postcode="st5 9zz",
    phone="07700 900222",
    description="Tall, plays loud music at night",
)
WITNESS = PersonInput(
    role="witness",
    name="Wendy Walker",
    address="14 Long Row",
    postcode="ST5 9ZY",
    phone="07700 900333",
    email="wendy@example.org",
    description="Next-door neighbour",
)
CHILD = PersonInput(role="household", name="Kit Victim", date_of_birth=date(2015, 6, 1))


def _add(membership, application: Application, data: PersonInput) -> CasePerson:
    return person_add(
        membership=membership(PSO), application=application, data=data, today=local_today()
    )


@pytest.fixture
def named(demo, membership):
    """A case asked of the police, council and housing, naming a perpetrator, a witness
    (shared with the council only) and a child in the household."""
    application = case_at("asked", asked=("police", "council", "housing"))
    perp = _add(membership, application, PERP)
    witness = _add(membership, application, WITNESS)
    child = _add(membership, application, CHILD)
    council = Agency.objects.get(partnership=application.partnership, slug="council")
    person_shares_set(
        membership=membership(PSO), person=witness, agencies=[council], reason="Statement"
    )
    return application, perp, witness, child


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


# --- the coordinator's pages ---------------------------------------------------------------


def test_the_coordinator_adds_a_person_with_an_error_summary_first(
    demo, client_for, django_assert_max_num_queries
) -> None:
    application = case_at("received")
    pso = client_for(PSO)
    url = f"/applications/{application.reference}/people/add"
    empty = pso.post(url, {"postcode": "nowhere", "email": "a@b, c@d"})
    page = empty.content.decode()
    assert empty.status_code == 400 and "There is a problem" in page
    assert "Select whether they are an alleged perpetrator" in page
    assert "Enter their name, or what they are known as" in page
    assert not CasePerson.objects.exists()  # nothing half-saved
    bad = pso.post(url, {"role": "witness", "name": "W", "postcode": "nowhere"})
    assert bad.status_code == 400 and "Enter a real postcode" in bad.content.decode()
    done = pso.post(
        url,
        {
            "role": "alleged_perpetrator",
            "name": "  Dean   Doyle ",
            "date_of_birth_day": "27",
            "date_of_birth_month": "3",
            "date_of_birth_year": "1990",
            "postcode": "st5 9zz",
            "description": "Loud music",
        },
    )
    assert done.status_code == 302
    person = CasePerson.objects.get()
    assert (person.name, person.postcode, person.name_key) == (
        "Dean Doyle",
        "ST5 9ZZ",
        "dean doyle",
    )
    assert AuditEntry.objects.filter(
        action="collect", object_type="case_person", object_id=str(person.pk)
    ).exists()
    with django_assert_max_num_queries(13):
        people = _page(pso, f"/applications/{application.reference}/people")
    assert "Dean Doyle" in people and "27 March 1990" in people
    assert "Dean Doyle" in _page(pso, f"/applications/{application.reference}")


def test_a_childs_date_of_birth_marks_them_a_child(demo, membership) -> None:
    person = _add(membership, case_at("received"), CHILD)
    assert person.child


def test_change_and_remove_are_audited(demo, client_for, membership) -> None:
    application = case_at("received")
    person = _add(membership, application, WITNESS)
    pso = client_for(PSO)
    base = f"/applications/{application.reference}/people/{person.pk}"
    assert "Wendy Walker" in _page(pso, f"{base}/change")
    changed = pso.post(f"{base}/change", {"role": "witness", "name": "Wendy Walker-Smith"})
    assert changed.status_code == 302
    person.refresh_from_db()
    assert person.name == "Wendy Walker-Smith" and person.phone == ""
    assert "Remove Wendy Walker-Smith" in _page(pso, f"{base}/remove")
    assert pso.post(f"{base}/remove").status_code == 302
    assert not CasePerson.objects.filter(pk=person.pk).exists()
    actions = set(
        AuditEntry.objects.filter(object_type="case_person", object_id=str(person.pk)).values_list(
            "action", flat=True
        )
    )
    assert {"collect", "alter", "erase", "view"} <= actions


def test_sharing_a_witness_needs_a_reason_and_is_a_disclosure(named, client_for) -> None:
    application, _, witness, _ = named
    pso = client_for(PSO)
    url = f"/applications/{application.reference}/people/{witness.pk}/share"
    page = _page(pso, url)
    assert 'value="council" checked' in page or "checked" in page
    refused = pso.post(url, {"agencies": ["council", "police"]})
    assert refused.status_code == 400
    assert "Enter why these agencies need the contact details" in refused.content.decode()
    assert pso.post(url, {"agencies": ["police"], "reason": "Statement"}).status_code == 302
    assert set(witness.shares.values_list("agency__slug", flat=True)) == {"police"}
    assert AuditEntry.objects.filter(
        action="disclose", object_type="case_person", recipients__contains="police"
    ).exists()


def test_only_the_case_team_manages_people_and_another_partnership_gets_404(
    named, client_for
) -> None:
    application, perp, _, _ = named
    for url in (
        f"/applications/{application.reference}/people",
        f"/applications/{application.reference}/people/add",
        f"/applications/{application.reference}/people/{perp.pk}/change",
    ):
        assert client_for(CHAIR).get(url).status_code == 200
        assert client_for("intake@nul.example").get(url).status_code in (403, 404)
        assert client_for("pso@sta.example").get(url).status_code == 404
    # A person of another case is not found under this one.
    other = case_at("received")
    assert (
        client_for(PSO).get(f"/applications/{other.reference}/people/{perp.pk}/change").status_code
        == 404
    )


def test_an_erased_case_takes_no_more_people(demo, membership) -> None:
    application = case_at("received")
    Application.objects.filter(pk=application.pk).update(erased_at="2026-01-01T00:00:00Z")
    application.refresh_from_db()
    with pytest.raises(NotAllowedNow):
        _add(membership, application, PERP)


def test_a_partner_cannot_add_people(demo, membership) -> None:
    application = case_at("asked", asked=("police",))
    with pytest.raises(NotAllowedNow):
        person_add(
            membership=membership(POLICE), application=application, data=PERP, today=local_today()
        )


def test_bad_dates_of_birth_are_refused(demo, membership) -> None:
    application = case_at("received")
    for born, message in ((date(2999, 1, 1), "in the past"), (date(1850, 1, 1), "after 1900")):
        with pytest.raises(InvalidInput) as refused:
            _add(membership, application, PersonInput("witness", "W", date_of_birth=born))
        assert refused.value.errors[0].field == "date_of_birth"
        assert message in refused.value.errors[0].message


# --- need to know: pages --------------------------------------------------------------------


def test_each_partner_sees_the_perpetrator_and_only_witness_details_shared_with_it(
    named, client_for
) -> None:
    application, _, _, _ = named
    url = f"/applications/{application.reference}/contribution"
    police = _page(client_for(POLICE), url)
    # The alleged perpetrator, whole: so the agency can check its own records.
    for shown in ("Dean Doyle", "Deano", "27 March 1990", "Flat 3, 12 Long Row", "07700 900222"):
        assert shown in police, shown
    # The witness's name and description, never their contact details.
    assert "Wendy Walker" in police and "Next-door neighbour" in police
    for hidden in ("07700 900333", "wendy@example.org", "14 Long Row", "ST5 9ZY"):
        assert hidden not in police, hidden
    assert "Not shared with your agency" in police
    council = _page(client_for(COUNCIL), url)
    for shown in ("07700 900333", "wendy@example.org", "14 Long Row"):
        assert shown in council, shown
    assert "Kit Victim" in council and "Child" in council


def test_every_person_shown_is_audited_with_what_was_shown(named, client_for) -> None:
    application, perp, witness, _ = named
    before = AuditEntry.objects.count()
    _page(client_for(POLICE), f"/applications/{application.reference}/contribution")
    views = AuditEntry.objects.filter(pk__gt=before, action="view", object_type="case_person")
    purposes = {int(e.object_id): e.purpose for e in views}
    assert "with contact details" in purposes[perp.pk]
    assert "without contact details" in purposes[witness.pk]


def test_the_chair_and_coordinator_see_everything_on_the_case_page(named, client_for) -> None:
    application, _, _, _ = named
    for email in (PSO, CHAIR):
        page = _page(client_for(email), f"/applications/{application.reference}")
        for shown in ("Dean Doyle", "07700 900222", "07700 900333", "wendy@example.org"):
            assert shown in page, (email, shown)
        assert "Contact details shared with" in page


def test_the_applicant_sees_only_their_own_details(named, client, membership) -> None:
    application, _, _, _ = named
    link = status_link_issue(membership=membership(PSO), application=application)
    page = _page(client, f"/status/{link.token}")
    for hidden in ("Dean Doyle", "Wendy Walker", "Kit Victim", "07700 900"):
        assert hidden not in page, hidden


# --- need to know: the API -----------------------------------------------------------------


def _people_by_name(api, email: str, application: Application) -> dict[str, dict]:
    response = api(email)("get", f"/applications/{application.reference}")
    assert response.status_code == 200, response.content
    return {p["name"]: p for p in response.json()["people"]}


def test_the_api_gives_each_role_exactly_what_it_may_see(named, api) -> None:
    application, _, witness, _ = named
    contact = {"address", "postcode", "phone", "email"}
    team = _people_by_name(api, PSO, application)
    assert set(team) == {"Dean Doyle", "Wendy Walker", "Kit Victim"}
    assert team["Wendy Walker"]["phone"] == "07700 900333"
    assert team["Wendy Walker"]["contact_shared_with"] == ["council"]
    assert team["Dean Doyle"]["also_named_in"] == []
    police = _people_by_name(api, POLICE, application)
    assert contact <= set(police["Dean Doyle"]) and police["Dean Doyle"]["phone"] == "07700 900222"
    assert not contact & set(police["Wendy Walker"]), police["Wendy Walker"]
    assert "also_named_in" not in police["Dean Doyle"]
    read = AuditEntry.objects.filter(
        action="view", object_type="case_person", purpose__contains="(API)"
    )
    assert read.filter(object_id=str(witness.pk), purpose__contains="without contact").exists()
    council = _people_by_name(api, COUNCIL, application)
    assert council["Wendy Walker"]["email"] == "wendy@example.org"
    assert "contact_shared_with" not in council["Wendy Walker"]
    housing = _people_by_name(api, HOUSING, application)
    assert not contact & set(housing["Wendy Walker"])
    # The list names no one but the victim: the people are on the application itself.
    listed = api(POLICE)("get", "/applications").json()["items"]
    mine = next(a for a in listed if a["reference"] == application.reference)
    assert "people" not in mine and "Wendy Walker" not in str(listed)


def test_the_api_records_a_person_and_answers_with_its_id(demo, api) -> None:
    application = case_at("received")
    call = api(PSO)
    body = {"role": "alleged_perpetrator", "name": "Dean Doyle", "date_of_birth": "1990-03-27"}
    created = call("post", f"/applications/{application.reference}/people", body)
    assert created.status_code == 201, created.content
    answer = created.json()
    person = CasePerson.objects.get(pk=answer["id"])
    assert person.application == application and answer["name"] == "Dean Doyle"
    assert answer["date_of_birth"] == "1990-03-27" and answer["also_named_in"] == []
    resource = call("get", f"/applications/{application.reference}").json()
    assert [p["id"] for p in resource["people"]] == [person.pk]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"role": "witness", "name": "W", "postcode": "nowhere"}, "postcode"),
        ({"role": "witness", "name": "W", "email": "a@b.org, c@d.org"}, "email"),
        ({"role": "witness", "name": "W", "date_of_birth": "2999-01-01"}, "date_of_birth"),
        ({"role": "neighbour", "name": "W"}, "role"),
        ({"role": "witness"}, "name"),
    ],
)
def test_the_api_names_the_field_in_a_422(demo, api, body, field) -> None:
    application = case_at("received")
    response = api(PSO)("post", f"/applications/{application.reference}/people", body)
    assert response.status_code == 422, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    assert field in {e["field"].split(".")[-1] for e in response.json()["errors"]}
    assert not CasePerson.objects.exists()


def test_the_api_refuses_partners_and_hides_another_partnership(demo, api) -> None:
    application = case_at("asked", asked=("police",))
    body = {"role": "witness", "name": "W"}
    path = f"/applications/{application.reference}/people"
    assert api(POLICE)("post", path, body).status_code == 403
    assert api("pso@sta.example")("post", path, body).status_code == 404
    assert not CasePerson.objects.exists()


# --- also named in --------------------------------------------------------------------------


def test_also_named_in_finds_the_same_person_within_the_partnership_only(
    demo, membership, client_for, api
) -> None:
    first = case_at("received")
    second = case_at("received")
    unrelated = case_at("received")
    stafford = case_at("received", by="pso@sta.example")
    _add(membership, first, PERP)
    # The same name and date of birth, spelt differently: the same person.
    _add(
        membership,
        second,
        PersonInput("alleged_perpetrator", "DEAN  DOYLE", date_of_birth=PERP.date_of_birth),
    )
    # The same name, another date of birth: not the same person (even at the same postcode).
    _add(
        membership,
        unrelated,
        PersonInput(
            "alleged_perpetrator", "Dean Doyle", date_of_birth=date(2012, 1, 1), postcode="ST5 9ZZ"
        ),
    )
    person_add(
        membership=membership("pso@sta.example"),
        application=stafford,
        data=PERP,
        today=local_today(),
    )
    page = _page(client_for(PSO), f"/applications/{first.reference}/people")
    assert second.reference in page and "same name and date of birth" in page
    assert unrelated.reference not in page and stafford.reference not in page
    team = _people_by_name(api, PSO, first)
    assert [n["reference"] for n in team["Dean Doyle"]["also_named_in"]] == [second.reference]
    # Stafford's coordinator sees no Newcastle case.
    theirs = _people_by_name(api, "pso@sta.example", stafford)
    assert theirs["Dean Doyle"]["also_named_in"] == []


def test_also_named_in_by_postcode_when_a_date_of_birth_is_unknown(demo, membership) -> None:
    from casereview.applications.people import also_named_in

    first, second = case_at("received"), case_at("received")
    one = _add(membership, first, PersonInput("witness", "Wendy Walker", postcode="ST5 9ZY"))
    _add(membership, second, PersonInput("witness", "wendy walker", postcode="st59zy"))
    found = also_named_in([one])
    assert [(n.reference, n.why) for n in found[one.pk]] == [
        (second.reference, "same name and postcode")
    ]


def test_shares_are_of_the_partnerships_own_agencies(named, membership) -> None:
    _, _, witness, _ = named
    stafford_police = Agency.objects.get(partnership__slug="stafford", slug="police")
    with pytest.raises(InvalidInput):
        person_shares_set(
            membership=membership(PSO), person=witness, agencies=[stafford_police], reason="x"
        )
    assert not PersonShare.objects.filter(agency=stafford_police).exists()


# --- recommendations and actions name the person they concern ---------------------------


def test_recommendations_and_actions_name_the_person_they_concern(
    demo, api, membership, client_for
) -> None:
    application = case_at("met", asked=("police",))
    dean = _add(membership, application, PERP)
    other = _add(membership, case_at("received"), PERP)
    pso = api(PSO)
    path = f"/applications/{application.reference}/minutes"
    due = (local_today().replace(day=1)).isoformat()
    body = {
        "summary": "Met.",
        "recommendations": [{"text": "Warn him", "agency": "police", "person": other.pk}],
        "actions": [],
    }
    wrong = pso("post", path, body)
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["field"] == "recommendations[0].person"
    body["recommendations"][0]["person"] = dean.pk
    body["actions"] = [
        {"text": "Visit him", "agency": "police", "due": due, "person": dean.pk},
    ]
    recorded = pso("post", path, body)
    assert recorded.status_code == 200, recorded.content
    minutes = recorded.json()["review"]["minutes"]
    assert minutes["recommendations"][0]["person"] == dean.pk
    assert minutes["actions"][0]["person"] == dean.pk
    page = _page(client_for(PSO), f"/applications/{application.reference}")
    assert "Warn him (concerns Dean Doyle)" in page
    form = _page(client_for(PSO), f"/applications/{application.reference}/minutes")
    assert "Who it concerns (optional)" in form and "Dean Doyle (alleged perpetrator)" in form
