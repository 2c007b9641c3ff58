"""A request recorded by staff waits for the Chair's threshold decision: the Chair is emailed
once it is committed, and it heads the Chair's home page until decided."""

import re

import pytest
from builders import application_input, case_at
from django.core import mail
from django.urls import reverse

from casereview.applications.services import application_record

pytestmark = pytest.mark.django_db


def test_the_chair_is_emailed_when_staff_record_a_request(
    demo, membership, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        application = application_record(
            membership=membership("intake@nul.example"), data=application_input()
        )
    [message] = [m for m in mail.outbox if "waiting for your threshold decision" in m.subject]
    assert message.to == ["chair@nul.example"]
    assert application.reference in message.subject
    assert f"/applications/{application.reference}/decision" in message.body
    # The email carries no personal data: the victim's name and address stay behind the sign-in.
    assert application.victim_name not in message.body
    assert application.victim_postcode not in message.body


def test_nobody_is_emailed_before_the_commit(demo, membership) -> None:
    application_record(membership=membership("pso@nul.example"), data=application_input())
    assert not [m for m in mail.outbox if "threshold decision" in m.subject]


def test_a_chair_recording_a_request_is_not_told_of_it(
    demo, membership, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        application_record(membership=membership("chair@nul.example"), data=application_input())
    assert not [m for m in mail.outbox if "threshold decision" in m.subject]


def test_the_chairs_home_page_lists_what_waits_for_their_decision(demo, client_for) -> None:
    waiting = case_at("received")
    decided = case_at("decided")
    page = client_for("chair@nul.example").get(reverse("casework:home")).content.decode()
    assert "Waiting for your threshold decision" in page
    assert f'href="/applications/{waiting.reference}/decision"' in page
    assert f'href="/applications/{decided.reference}/decision"' not in page
    coordinator_page = client_for("pso@nul.example").get(reverse("casework:home")).content.decode()
    assert "Waiting for your threshold decision" not in coordinator_page
    assert re.search(r"Decide\s+" + re.escape(waiting.reference), page)
