"""Builders for applications: the API-shaped body, and a recorded application."""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from casereview.accounts.models import Membership
from casereview.applications.intake import (
    AdvocateInput,
    ApplicationInput,
    ComplaintInput,
    VictimInput,
)
from casereview.applications.models import Application
from casereview.applications.services import application_record, local_today


def days_ago(n: int) -> date:
    return local_today() - timedelta(days=n)


def four_complaints() -> list[ComplaintInput]:
    """Issue 3's scenario: one reported late, two about the same incident, so not met."""
    return [
        ComplaintInput("c1", days_ago(60), days_ago(59), "police", reference="SP-1"),
        ComplaintInput("c2", days_ago(100), days_ago(50), "council"),  # reported late
        ComplaintInput("c3", days_ago(20), days_ago(20), "police", reference="SP-2"),
        ComplaintInput("c4", days_ago(20), days_ago(19), "housing", same_incident_as="c3"),
    ]


def application_input(**overrides: Any) -> ApplicationInput:
    values: dict[str, Any] = {
        "received": local_today(),
        "channel": "phone",
        "applicant_type": "individual",
        "victim": VictimInput(
            name="Robin Victim",
            postcode="ST5 1AB",
            contact_preference="email",
            email="robin@example.org",
            address="2 Test Road\nNewcastle-under-Lyme",
        ),
        "advocate": AdvocateInput(
            name="Ada Advocate",
            victim_consent=True,
            organisation="Victim Support",
            relationship="Support worker",
            email="ada@example.org",
        ),
        "description": "Stones thrown at the windows every weekend.",
        "impact": "Frightened at home.",
        "consent_to_share": True,
        "complaints": four_complaints(),
    }
    values.update(overrides)
    return ApplicationInput(**values)


@pytest.fixture
def membership(demo: None) -> Callable[[str], Membership]:
    def get(email: str) -> Membership:
        return Membership.objects.select_related("user", "partnership").get(user__email=email)

    return get


@pytest.fixture
def recorded(membership: Callable[[str], Membership]) -> Callable[..., Application]:
    def record(by: str = "pso@nul.example", **overrides: Any) -> Application:
        return application_record(membership=membership(by), data=application_input(**overrides))

    return record


def api_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "received": local_today().isoformat(),
        "channel": "phone",
        "applicant_type": "individual",
        "victim": {
            "name": "Robin Victim",
            "postcode": "ST5 1AB",
            "contact_preference": "email",
            "email": "robin@example.org",
            "support_needs": "",
        },
        "advocate": {
            "name": "Ada Advocate",
            "organisation": "Victim Support",
            "relationship": "Support worker",
            "email": "ada@example.org",
            "victim_consent": True,
        },
        "description": "Stones thrown at the windows every weekend.",
        "consent_to_share": True,
        "complaints": [
            {
                "id": c.key,
                "behaviour_date": c.behaviour_date.isoformat(),
                "reported_date": c.reported_date.isoformat(),
                "agency": c.agency,
                "reference": c.reference,
                "same_incident_as": c.same_incident_as,
            }
            for c in four_complaints()
        ],
    }
    body.update(overrides)
    return body
