"""Demo applications for `make run`: one waiting for the Chair, one decided. Fictional people."""

from datetime import timedelta

from casereview.accounts.models import Membership, Role
from casereview.appeals.services import appeal_record
from casereview.applications.intake import (
    AdvocateInput,
    ApplicationInput,
    ComplaintInput,
    VictimInput,
)
from casereview.applications.models import Application
from casereview.applications.services import application_record
from casereview.core.dates import local_today
from casereview.decision.services import threshold_decide
from casereview.reviews.services.contributions import InvolvementInput, contribution_save
from casereview.reviews.services.partners import partner_requests_send


def _complaint(key: str, days_ago: int, agency: str, **extra: object) -> ComplaintInput:
    day = local_today() - timedelta(days=days_ago)
    return ComplaintInput(
        key=key,
        behaviour_date=day,
        reported_date=day,
        agency=agency,
        **extra,  # type: ignore[arg-type]
    )


def load_demo_cases() -> None:
    """Only into a partnership with no applications yet, so running it again adds nothing."""
    if Application.objects.filter(partnership__slug="newcastle-under-lyme").exists():
        return
    pso = Membership.objects.get(user__email="pso@nul.example", role=Role.COORDINATOR)
    chair = Membership.objects.get(user__email="chair@nul.example", role=Role.CHAIR)
    today = local_today()
    application_record(
        membership=pso,
        data=ApplicationInput(
            received=today - timedelta(days=3),
            channel="phone",
            applicant_type="individual",
            victim=VictimInput(
                name="Jordan Example",
                postcode="ST5 1AB",
                contact_preference="post",
                address="1 Example Street\nNewcastle-under-Lyme",
                large_print=True,
            ),
            description="Youths gather outside the house most evenings, shouting and kicking "
            "a football against the windows.",
            impact="Cannot sleep; afraid to leave the house after dark.",
            consent_to_share=True,
            complaints=[
                _complaint("c1", 70, "police", reference="SP-1001"),
                _complaint("c2", 40, "council"),
                _complaint("c3", 12, "police", reference="SP-1187"),
                _complaint("c4", 12, "housing", same_incident_as="c3"),
            ],
        ),
    )
    decided = application_record(
        membership=pso,
        data=ApplicationInput(
            received=today - timedelta(days=9),
            channel="advocate",
            applicant_type="individual",
            victim=VictimInput(name="Sam Sample", postcode="ST5 2CD", contact_preference="email"),
            advocate=AdvocateInput(
                name="Alex Advocate",
                organisation="Citizens Advice",
                relationship="Support worker",
                email="alex.advocate@example.org",
                victim_consent=True,
            ),
            description="Repeated noise and threats from a neighbour.",
            consent_to_share=True,
            complaints=[
                _complaint("c1", 60, "police"),
                _complaint("c2", 30, "council"),
                _complaint("c3", 15, "housing", hate=True),
            ],
        ),
    )
    threshold_decide(
        membership=chair,
        application=decided,
        met=True,
        rationale="",
        review_date=decided.conclusion_due - timedelta(days=5),
    )
    _review_started(decided, pso)
    _appealed_refusal(pso, chair)


def _appealed_refusal(pso: Membership, chair: Membership) -> None:
    """A request refused at the threshold that the applicant has appealed: work waiting for
    the Commissioner's office."""
    today = local_today()
    refused = application_record(
        membership=pso,
        data=ApplicationInput(
            received=today - timedelta(days=12),
            channel="email",
            applicant_type="business",
            victim=VictimInput(
                name="Corner Shop Example Ltd",
                postcode="ST5 3EF",
                contact_preference="email",
                email="owner@cornershop.example",
            ),
            description="Groups gather by the shop door and intimidate customers.",
            consent_to_share=True,
            complaints=[_complaint("c1", 40, "police"), _complaint("c2", 150, "council")],
        ),
    )
    threshold_decide(
        membership=chair, application=refused, met=False, rationale="", review_date=None
    )
    appeal_record(
        membership=pso,
        application=refused,
        received=today,
        grounds=["facts_not_considered"],
        details="The owner says earlier reports to the council were not counted.",
    )


def _review_started(application: Application, pso: Membership) -> None:
    """Every agency asked; the police have answered, the others have not yet."""
    requests = partner_requests_send(membership=pso, application=application)
    police = next(r for r in requests if r.agency.slug == "police")
    officer = Membership.objects.get(user__email="police@nul.example", role=Role.PARTNER)
    contribution_save(
        membership=officer,
        request=police,
        nil_return=False,
        summary="Two reports attended; words of advice given to the neighbour.",
        entries=[
            InvolvementInput(
                local_today() - timedelta(days=60), "incident", "Attended a report of threats."
            ),
            InvolvementInput(
                local_today() - timedelta(days=30), "action", "Words of advice given."
            ),
        ],
    )
