"""Builders for applications: an `ApplicationInput` and the API-shaped body."""

from datetime import date, timedelta
from typing import Any

from casereview.applications.intake import (
    AdvocateInput,
    ApplicationInput,
    ComplaintInput,
    VictimInput,
)
from casereview.core.dates import local_today


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
