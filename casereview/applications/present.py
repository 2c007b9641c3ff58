"""An application as the API shows it (API.md), built from already-loaded rows."""

from typing import Any

from casereview.accounts.models import Membership
from casereview.applications.intake import possible_single_incidents
from casereview.applications.models import Application
from casereview.applications.selectors import possible_duplicates
from casereview.applications.services import complaint_inputs
from casereview.applications.threshold import recommendation_for
from casereview.partnerships.models import ThresholdPolicyVersion


def _decision_json(application: Application) -> dict[str, Any] | None:
    decision = getattr(application, "decision", None)
    if decision is None:
        return None
    return {
        "threshold_met": decision.met,
        "rationale": decision.rationale,
        "review_date": decision.review_date.isoformat() if decision.review_date else None,
        "follows_recommendation": decision.follows_recommendation,
        "policy_version": {
            "id": decision.policy_version_id,
            "effective_from": decision.policy_version.effective_from.isoformat(),
        },
        "decided_at": decision.decided_at.isoformat(),
    }


def _letter_json(letter: Any) -> dict[str, Any]:
    return {
        "id": letter.pk,
        "kind": letter.kind,
        "created": letter.created_at.isoformat(),
        "delivery": letter.delivery,
        "sent": letter.sent_at.isoformat() if letter.sent_at else None,
        "posted": letter.posted_at.isoformat() if letter.posted_at else None,
        "sha256": letter.sha256,
    }


def application_json(
    application: Application,
    membership: Membership,
    versions: list[ThresholdPolicyVersion] | None = None,
    duplicates: list[str] | None = None,
) -> dict[str, Any]:
    """`versions` and `duplicates`: already known when a whole page is being shown."""
    complaints = list(application.complaints.all())
    recommendation = recommendation_for(application, complaints, versions)
    if duplicates is None:
        duplicates = [
            d.reference
            for d in possible_duplicates(
                membership, application.victim_name, application.victim_postcode, application.pk
            )
        ]
    return {
        "reference": application.reference,
        "partnership": application.partnership.slug,
        "status": application.status,
        "received": application.received.isoformat(),
        "channel": application.channel,
        "applicant_type": application.applicant_type,
        "deadlines": {
            "acknowledgement_due": application.acknowledgement_due.isoformat(),
            "conclusion_due": application.conclusion_due.isoformat(),
        },
        "threshold": recommendation.output,
        "decision": _decision_json(application),
        "letters": [_letter_json(lt) for lt in application.letters.all()],
        "flags": {
            "possible_duplicate_of": duplicates,
            "possible_single_incidents": [
                list(pair) for pair in possible_single_incidents(complaint_inputs(application))
            ],
        },
    }
