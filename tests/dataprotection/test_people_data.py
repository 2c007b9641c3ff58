"""The people named on a case in retention and subject access: erasure takes them with the
case; an alleged perpetrator's request finds the cases naming them, and the officer records
the exemptions applied (DPA 2018 s.45(4)), kept on the request, audited and exported."""

import io
import json
import re
import zipfile
from datetime import date, timedelta

import pytest
from builders import case_at
from django.test import Client
from django.utils import timezone

from casereview.applications.models import CasePerson, PersonShare
from casereview.applications.people import PersonInput, person_add, person_shares_set
from casereview.core.dates import local_today
from casereview.core.models import AuditEntry
from casereview.dataprotection.models import SubjectAccessRequest
from casereview.dataprotection.retention import retention_sweep
from casereview.partnerships.models import Agency
from casereview.reviews.models import Recommendation


def _ask(dpo: Client, **search: str) -> str:
    """Record a request searching for `search`; the path of its page."""
    day = local_today()
    response = dpo.post(
        "/subject-access",
        {
            "requester": "Sam Subject",
            "reply_to": "sam@example.org",
            "received_day": day.day,
            "received_month": day.month,
            "received_year": day.year,
            **search,
        },
    )
    assert response.status_code == 302, response.content.decode()
    return response["Location"]


def _shown(page: str) -> list[str]:
    return re.findall(r'name="shown" value="([^"]+)"', page)


def _export(dpo: Client, path: str, **extra: object):
    shown = _shown(dpo.get(path).content.decode())
    return dpo.post(path + "/export", {"shown": shown, **extra})


def _data(export) -> tuple[dict, list[str]]:
    assert export["Content-Type"] == "application/zip", export.content.decode()[:2000]
    archive = zipfile.ZipFile(io.BytesIO(export.content))
    return json.loads(archive.read("data.json")), archive.namelist()


PSO = "pso@nul.example"
DEAN = PersonInput(
    role="alleged_perpetrator",
    name="Dean Doyle",
    aliases="Deano",
    date_of_birth=date(1990, 3, 27),
    address="Flat 3, 12 Long Row",
    postcode="ST5 9ZZ",
    description="Plays loud music at night",
)


def _name(membership, application, data: PersonInput) -> CasePerson:
    return person_add(
        membership=membership(PSO), application=application, data=data, today=local_today()
    )


def test_erasure_takes_the_people_with_the_case(demo, membership) -> None:
    old = case_at("decided", met=False)
    type(old.decision).objects.filter(application=old).update(
        decided_at=timezone.now() - timedelta(days=365 * 7)
    )
    witness = _name(membership, old, PersonInput("witness", "Wendy Walker", phone="0770"))
    _name(membership, old, DEAN)
    council = Agency.objects.get(partnership=old.partnership, slug="council")
    person_shares_set(membership=membership(PSO), person=witness, agencies=[council], reason="x")
    kept = case_at("received")
    other = _name(membership, kept, DEAN)
    assert retention_sweep(local_today()).erased == [old.reference]
    assert not CasePerson.objects.filter(application=old).exists()
    assert not PersonShare.objects.filter(person__application=old).exists()
    assert CasePerson.objects.filter(pk=other.pk).exists()  # another case keeps its people


def test_a_recommendation_naming_a_person_outlives_their_removal(demo, membership) -> None:
    application = case_at("met", asked=("police",))
    dean = _name(membership, application, DEAN)
    minuted = case_at("minuted", application=application)
    recommendation = Recommendation.objects.get(minutes__application=minuted)
    Recommendation.objects.filter(pk=recommendation.pk).update(person=dean)
    from casereview.applications.people import person_remove

    person_remove(membership=membership(PSO), person=dean)
    recommendation.refresh_from_db()
    assert recommendation.person_id is None and recommendation.text


@pytest.fixture
def named(demo, membership):
    """Dean Doyle named as the alleged perpetrator on two Newcastle cases (one with a
    recommendation about him), and a different Dean Doyle elsewhere in Stafford."""
    first = case_at("met", asked=("police",))
    dean = _name(membership, first, DEAN)
    minuted = case_at("minuted", application=first)
    Recommendation.objects.filter(minutes__application=minuted).update(person=dean)
    second = case_at("received")
    _name(membership, second, DEAN)
    unrelated = case_at("received")
    _name(membership, unrelated, PersonInput("witness", "Dean Doyle", postcode="ST5 1AA"))
    stafford = case_at("received", by="pso@sta.example")
    person_add(
        membership=membership("pso@sta.example"),
        application=stafford,
        data=DEAN,
        today=local_today(),
    )
    return first, second, unrelated, stafford


def test_an_alleged_perpetrators_request_finds_the_cases_naming_them(named, client_for) -> None:
    first, second, unrelated, stafford = named
    dpo = client_for("dpo@nul.example")
    path = _ask(dpo, name="Dean Doyle", postcode="ST5 9ZZ")
    page = dpo.get(path).content.decode()
    assert f"the alleged perpetrator in {first.reference}" in page
    assert f"the alleged perpetrator in {second.reference}" in page
    assert unrelated.reference not in page and stafford.reference not in page
    assert "with the 1 recommendation naming them" in page
    assert "Exemptions applied (Data Protection Act 2018, s.45(4))" in page


def test_the_officer_records_the_exemptions_applied(named, client_for) -> None:
    first, second, _, _ = named
    dpo = client_for("dpo@nul.example")
    path = _ask(dpo, name="Dean Doyle", postcode="ST5 9ZZ")
    # An exemption needs a word on how it was applied.
    refused = _export(dpo, path, exemptions=["crime"])
    assert refused.status_code == 400
    assert "Enter how the exemptions were applied" in refused.content.decode()
    assert not AuditEntry.objects.filter(action="disclose", object_type="subject_access_request")
    export = _export(
        dpo,
        path,
        exemptions=["crime", "others"],
        exemptions_note="The victim's description of the behaviour is withheld.",
    )
    data, _ = _data(export)
    named_in = {n["application"]: n for n in data["named_in_cases"]}
    assert set(named_in) == {first.reference, second.reference}
    mine = named_in[first.reference]
    assert mine["role"] == "Alleged perpetrator" and mine["date_of_birth"] == "1990-03-27"
    assert [r["recommendation"] for r in mine["recommendations_naming_them"]] == ["Install CCTV"]
    assert len(data["exemptions_applied"]) == 2
    assert "prevention, detection, investigation or prosecution" in data["exemptions_applied"][0]
    assert "rights and freedoms of others" in data["exemptions_applied"][1]
    request = SubjectAccessRequest.objects.get()
    assert request.exemptions == {
        "grounds": ["crime", "others"],
        "note": "The victim's description of the behaviour is withheld.",
    }
    disclosure = AuditEntry.objects.get(action="disclose", object_type="subject_access_request")
    assert "exemptions applied (DPA 2018 s.45(4)): crime, others" in disclosure.purpose
