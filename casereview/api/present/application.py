"""An application as the API answers it (API.md), from already-loaded rows."""

from typing import Any

from casereview.accounts.models import Membership, Role
from casereview.api.present.people import person_out
from casereview.api.present.review import review_out
from casereview.api.schemas.application import (
    AdvocateOut,
    ApplicationOut,
    ComplaintOut,
    DeadlinesOut,
    DecisionOut,
    DecisionSummaryOut,
    FlagsOut,
    HarmAnswers,
    HarmOut,
    LetterOut,
    PolicyVersionOut,
    VictimOut,
)
from casereview.api.schemas.threshold import ThresholdOut
from casereview.applications.intake import possible_single_incidents
from casereview.applications.models import (
    ApplicantType,
    Application,
    Channel,
    ContactPreference,
    HarmLevel,
    Status,
)
from casereview.applications.people import PersonSeen
from casereview.applications.selectors import Duplicates, possible_duplicates
from casereview.applications.services import complaint_inputs
from casereview.applications.threshold import recommendation_for
from casereview.partnerships.models import ThresholdPolicyVersion


def _decision_out(
    application: Application, membership: Membership
) -> DecisionOut | DecisionSummaryOut | None:
    decision = getattr(application, "decision", None)
    if decision is None:
        return None
    if membership.role == Role.PARTNER:
        return DecisionSummaryOut(threshold_met=decision.met, review_date=decision.review_date)
    return DecisionOut(
        threshold_met=decision.met,
        rationale=decision.rationale,
        review_date=decision.review_date,
        follows_recommendation=decision.follows_recommendation,
        policy_version=PolicyVersionOut(
            id=decision.policy_version_id,
            effective_from=decision.policy_version.effective_from,
        ),
        decided_at=decision.decided_at,
    )


def _letter_out(letter: Any) -> LetterOut:
    return LetterOut(
        id=letter.pk,
        kind=letter.kind,
        created=letter.created_at,
        delivery=letter.delivery,
        sent=letter.sent_at,
        posted=letter.posted_at,
        sha256=letter.sha256,
    )


def _victim_out(a: Application) -> VictimOut:
    return VictimOut(
        name=a.victim_name,
        address=a.victim_address,
        postcode=a.victim_postcode,
        email=a.victim_email,
        phone=a.victim_phone,
        contact_preference=ContactPreference(a.contact_preference),
        support_needs=a.support_needs,
    )


def _advocate_out(a: Application) -> AdvocateOut | None:
    if not a.has_advocate:
        return None
    return AdvocateOut(
        name=a.advocate_name,
        organisation=a.advocate_organisation,
        relationship=a.advocate_relationship,
        email=a.advocate_email,
        phone=a.advocate_phone,
        address=a.advocate_address,
        victim_consent=a.advocate_victim_consent,
    )


def _complaint_out(c: Any) -> ComplaintOut:
    return ComplaintOut(
        id=c.key,
        behaviour_date=c.behaviour_date,
        reported_date=c.reported_date,
        agency=c.agency_slug,
        relevant_body=c.relevant_body,
        reference=c.reference,
        summary=c.summary,
        hate=c.hate,
        reporter=c.reporter,
        same_incident_as=c.same_incident_as or None,
    )


def _flags_out(
    application: Application, membership: Membership, duplicates: Duplicates | None
) -> FlagsOut:
    if duplicates is None:
        duplicates = possible_duplicates(
            membership, application.victim_name, application.victim_postcode, application.pk
        )
    pairs = possible_single_incidents(complaint_inputs(application))
    return FlagsOut(
        possible_duplicate=bool(duplicates),
        possible_duplicate_of=duplicates.references,
        possible_single_incidents=[list(pair) for pair in pairs],
    )


def _harm_out(application: Application, membership: Membership) -> HarmOut | None:
    # Prefetched, newest first, by the whole-case selectors.
    latest = next(iter(application.harm_assessments.all()), None)
    if latest is None:
        return None
    return HarmOut(
        level=HarmLevel(latest.level),
        policy_version=latest.policy_version.version,
        assessed_on=latest.assessed_on,
        # The victim's vulnerabilities are the case team's to know; partners see the level.
        answers=None
        if membership.role == Role.PARTNER
        else HarmAnswers.model_validate(latest.answers),
    )


def application_out(
    application: Application,
    membership: Membership,
    versions: list[ThresholdPolicyVersion] | None = None,
    duplicates: Duplicates | None = None,
    people: list[PersonSeen] | None = None,
) -> ApplicationOut:
    """`versions` and `duplicates`: already known when a whole page is being shown."""
    complaints = list(application.complaints.all())
    recommendation = recommendation_for(application, complaints, versions)
    return ApplicationOut(
        reference=application.reference,
        partnership=application.partnership.slug,
        status=Status(application.status),
        received=application.received,
        channel=Channel(application.channel),
        applicant_type=ApplicantType(application.applicant_type),
        deadlines=DeadlinesOut(
            acknowledgement_due=application.acknowledgement_due,
            conclusion_due=application.conclusion_due,
        ),
        threshold=ThresholdOut.model_validate(recommendation.output),
        victim=_victim_out(application),
        advocate=_advocate_out(application),
        description=application.description,
        impact=application.impact,
        complaints=[_complaint_out(c) for c in complaints],
        decision=_decision_out(application, membership),
        # Partners see the case, not the correspondence with the applicant.
        letters=[]
        if membership.role == Role.PARTNER
        else [_letter_out(lt) for lt in application.letters.all()],
        review=review_out(application, membership),
        flags=_flags_out(application, membership, duplicates),
        people=[person_out(s) for s in people or []],
        harm=_harm_out(application, membership),
    )
