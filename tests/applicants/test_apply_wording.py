"""The online form speaks to the person applying, asks for what their letters need on the
page where it is typed, and records the request whatever the victim's wishes on sharing."""

from datetime import timedelta

import pytest
from django.test import Client

from casereview.applications.models import Application
from casereview.core.dates import local_today


def _start(client: Client, *, for_someone: bool, preference: str) -> None:
    client.post("/apply")
    for step, data in [
        ("partnership", {"partnership": "newcastle-under-lyme"}),
        ("who", {"has_advocate": "yes" if for_someone else "no"}),
        ("applicant", {"applicant_type": "individual"}),
        ("contact", {"contact_preference": preference}),
    ]:
        response = client.post(f"/apply/{step}", data)
        assert response.status_code == 302, (step, response.content.decode()[:1500])


def test_a_victim_is_spoken_to_as_you(demo) -> None:
    client = Client()
    _start(client, for_someone=False, preference="post")
    page = client.get("/apply/victim").content.decode()
    assert "Your details" in page and "Your full name" in page
    assert "victim" not in page.lower().replace("victim_", "")
    contact = client.get("/apply/contact").content.decode()
    assert "How should we contact you?" in contact and "if they " not in contact
    description = client.get("/apply/description").content.decode()
    assert "How is it affecting you?" in description
    consent = client.get("/apply/consent").content.decode()
    assert "Can we share your information" in consent
    add = client.get("/apply/complaints/add").content.decode()
    assert "relevant body" not in add and "Someone else" in add


def test_a_victim_choosing_post_is_asked_for_their_address_on_their_details_page(demo) -> None:
    client = Client()
    _start(client, for_someone=False, preference="post")
    response = client.post(
        "/apply/victim", {"victim_name": "Val Victim", "victim_postcode": "ST5 1AB"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter your postal address, so we can post your letters to you" in page
    assert 'href="#id_victim_address"' in page


def test_the_advocate_page_has_no_stray_box_and_asks_for_their_address(demo) -> None:
    client = Client()
    _start(client, for_someone=True, preference="post")
    victim = client.post(
        "/apply/victim", {"victim_name": "Val Victim", "victim_postcode": "ST5 1AB"}
    )
    assert victim.status_code == 302 and victim["Location"] == "/apply/advocate"
    page = client.get("/apply/advocate").content.decode()
    assert 'name="has_advocate"' not in page
    assert (
        "Details of the person you are applying for" in client.get("/apply/victim").content.decode()
    )
    # What someone typed into the old stray box is ignored, not turned into an error.
    response = client.post(
        "/apply/advocate",
        {
            "has_advocate": "not sure",
            "advocate_name": "Andy Helper",
            "advocate_victim_consent": "on",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "not one of the available choices" not in page
    assert "Enter your postal address, so we can post your letters to you" in page
    assert "the advocate" not in page
    done = client.post(
        "/apply/advocate",
        {
            "advocate_name": "Andy Helper",
            "advocate_address": "2 Lane",
            "advocate_victim_consent": "on",
        },
    )
    assert done.status_code == 302 and done["Location"] == "/apply/complaints"


def test_the_advocate_still_needs_the_victims_agreement(demo) -> None:
    client = Client()
    _start(client, for_someone=True, preference="email")
    response = client.post(
        "/apply/advocate", {"advocate_name": "Andy Helper", "advocate_email": "a@example.org"}
    )
    assert response.status_code == 400
    assert "you can only apply for someone with their agreement" in response.content.decode()


def test_changing_to_post_at_the_end_asks_for_the_address_on_the_details_page(demo) -> None:
    client = Client()
    _start(client, for_someone=False, preference="email")
    client.post(
        "/apply/victim",
        {"victim_name": "Val Victim", "victim_postcode": "ST5 1AB", "victim_email": "v@e.org"},
    )
    day = local_today() - timedelta(days=10)
    client.post(
        "/apply/complaints/add",
        {
            "behaviour_date_day": day.day,
            "behaviour_date_month": day.month,
            "behaviour_date_year": day.year,
            "reported_date_day": day.day,
            "reported_date_month": day.month,
            "reported_date_year": day.year,
            "agency": "police",
        },
    )
    client.post("/apply/description", {"description": "Noise."})
    client.post("/apply/consent", {"consent_to_share": "True"})
    assert client.get("/apply/check").status_code == 200
    client.post("/apply/contact?change=1", {"contact_preference": "post"})
    assert client.get("/apply/check")["Location"] == "/apply/victim?change=1"


@pytest.mark.parametrize("for_someone", [False, True])
def test_a_request_is_sent_when_the_victim_says_no_to_sharing(demo, for_someone) -> None:
    client = Client()
    _start(client, for_someone=for_someone, preference="email")
    client.post(
        "/apply/victim",
        {"victim_name": "Val Victim", "victim_postcode": "ST5 1AB", "victim_email": "v@e.org"},
    )
    if for_someone:
        client.post(
            "/apply/advocate",
            {
                "advocate_name": "Andy Helper",
                "advocate_email": "a@example.org",
                "advocate_victim_consent": "on",
            },
        )
    client.post("/apply/description", {"description": "Noise."})
    consent = client.post("/apply/consent", {"consent_to_share": "False"})
    assert consent["Location"] == "/apply/check"
    assert "Not given" in client.get("/apply/check").content.decode()
    assert client.post("/apply/check", {"website": ""})["Location"] == "/apply/done"
    application = Application.objects.get()
    assert not application.consent_to_share and application.sharing_decision == ""
