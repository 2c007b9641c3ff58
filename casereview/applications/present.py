"""An application as the API shows it (API.md), built from already-loaded rows."""

from typing import Any

from casereview.accounts.models import Membership
from casereview.applications.intake import possible_single_incidents
from casereview.applications.models import Application
from casereview.applications.selectors import possible_duplicates
from casereview.applications.services import complaint_inputs
from casereview.applications.threshold import recommendation_for
from casereview.partnerships.models import ThresholdPolicyVersion
from casereview.reviews.present import review_json


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


def _people_json(application: Application) -> dict[str, Any]:
    a = application
    return {
        "victim": {
            "name": a.victim_name,
            "address": a.victim_address,
            "postcode": a.victim_postcode,
            "email": a.victim_email,
            "phone": a.victim_phone,
            "contact_preference": a.contact_preference,
            "support_needs": a.support_needs,
        },
        "advocate": {
            "name": a.advocate_name,
            "organisation": a.advocate_organisation,
            "relationship": a.advocate_relationship,
            "email": a.advocate_email,
            "phone": a.advocate_phone,
            "address": a.advocate_address,
            "victim_consent": a.advocate_victim_consent,
        }
        if a.has_advocate
        else None,
        "description": a.description,
        "impact": a.impact,
    }


def _complaint_json(c: Any) -> dict[str, Any]:
    return {
        "id": c.key,
        "behaviour_date": c.behaviour_date.isoformat(),
        "reported_date": c.reported_date.isoformat(),
        "agency": c.agency_slug,
        "relevant_body": c.relevant_body,
        "reference": c.reference,
        "summary": c.summary,
        "hate": c.hate,
        "reporter": c.reporter,
        "same_incident_as": c.same_incident_as or None,
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
    partner = membership.role == "partner"
    decision = _decision_json(application)
    if partner and decision is not None:
        decision = {
            "threshold_met": decision["threshold_met"],
            "review_date": decision["review_date"],
        }
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
        **_people_json(application),
        "complaints": [_complaint_json(c) for c in complaints],
        "decision": decision,
        # Partners see the case, not the correspondence with the applicant.
        "letters": [] if partner else [_letter_json(lt) for lt in application.letters.all()],
        "review": review_json(application, membership),
        "flags": {
            "possible_duplicate_of": duplicates,
            "possible_single_incidents": [
                list(pair) for pair in possible_single_incidents(complaint_inputs(application))
            ],
        },
    }
