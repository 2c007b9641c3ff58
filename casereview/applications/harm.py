"""The harm assessment as applied to a case: the scoring policy in effect on the day, the
coordinator's assessment with the victim (scored by the pure rule in `casereview.harm`),
and what the case page, the Chair, the caseload and the figures read from it."""

from dataclasses import dataclass
from datetime import date
from typing import Any

import rules
from django.db import transaction
from django.db.models import QuerySet

from casereview.accounts.models import Membership
from casereview.applications.models import (
    Application,
    AssessmentMethod,
    HarmAssessment,
)
from casereview.applications.services import application_audit
from casereview.core import limits
from casereview.core.dates import local_today
from casereview.core.errors import FieldError, InvalidInput, NotAllowedNow
from casereview.core.models import AuditAction
from casereview.harm import (
    DEFAULT_POLICY,
    FLAGS,
    PERSISTENCE,
    RESPONSE,
    HarmInputError,
    parse_answers,
    score,
)
from casereview.harm.model import FLAG_NAMES
from casereview.partnerships.models import DUTY_BEGAN, HarmPolicyVersion
from casereview.partnerships.selectors import harm_policy_version_in_effect

HARM_PURPOSE = "managing an ASB case review: assessing the harm to the victim"


def harm_policy_version_for(partnership_id: int, on: date) -> HarmPolicyVersion:
    """The version in effect on `on`. A partnership that never set one scores under the
    product's version 1 (docs/harm.md), recorded as a version from when the duty began."""
    version = harm_policy_version_in_effect(partnership_id, on)
    if version is None:
        version, _ = HarmPolicyVersion.objects.get_or_create(
            partnership_id=partnership_id,
            effective_from=DUTY_BEGAN,
            defaults={
                "version": DEFAULT_POLICY.version,
                "weights": dict(DEFAULT_POLICY.weights),
                "medium_from": DEFAULT_POLICY.medium_from,
                "high_from": DEFAULT_POLICY.high_from,
            },
        )
    return version


@dataclass(frozen=True)
class HarmInput:
    assessed_on: date | None
    method: str
    answers: dict[str, Any]
    notes: str = ""


def assessments_of(application: Application) -> QuerySet[HarmAssessment]:
    """Newest first, with who recorded each and its policy version (one query)."""
    return HarmAssessment.objects.filter(application=application).select_related(
        "recorded_by", "policy_version"
    )


def latest_assessment(application: Application) -> HarmAssessment | None:
    return assessments_of(application).first()


def harm_errors(application: Application, data: HarmInput) -> list[FieldError]:
    errors: list[FieldError] = []
    today = local_today()
    if data.assessed_on is None:
        errors.append(FieldError("assessed_on", "Enter the date of the assessment"))
    else:
        wrong = limits.past_date_error("assessed_on", data.assessed_on, today, "The date")
        if wrong is None and data.assessed_on < application.received:
            wrong = FieldError(
                "assessed_on",
                "The date must be on or after the day the request was received, "
                f"{limits.long_date(application.received)}",
            )
        if wrong is not None:
            errors.append(wrong)
    if data.method not in AssessmentMethod.values:
        errors.append(FieldError("method", "Select how the assessment was made"))
    try:
        parse_answers(data.answers)
    except HarmInputError as refused:
        errors.append(FieldError(refused.field, refused.message))
    errors += limits.texts_too_long([("notes", data.notes, limits.HARM_NOTES)])
    return errors


def harm_assess(
    *, membership: Membership, application: Application, data: HarmInput
) -> HarmAssessment:
    """Record one assessment, scored under the policy in effect on the day it was made."""
    if not rules.test_rule("applications.assess_harm", membership, application):
        raise NotAllowedNow("Only the case's coordinator can record a harm assessment.")
    if application.erased_at is not None:
        raise NotAllowedNow("This case has been erased: nothing more can be added to it.")
    errors = harm_errors(application, data)
    if errors:
        raise InvalidInput(errors)
    assert data.assessed_on is not None  # checked above
    answers = parse_answers(data.answers)
    with transaction.atomic():
        version = harm_policy_version_for(application.partnership_id, data.assessed_on)
        result = score(answers, version.to_policy())
        assessment = HarmAssessment.objects.create(
            partnership_id=application.partnership_id,
            application=application,
            answers=answers.to_json(),
            level=result.level,
            points=result.points,
            explanation=result.explanation,
            policy_version=version,
            assessed_on=data.assessed_on,
            method=data.method,
            notes=data.notes.strip(),
            recorded_by=membership.user,
        )
        application_audit(
            membership,
            application,
            AuditAction.COLLECT,
            f"{HARM_PURPOSE}: {result.level} harm on {limits.long_date(data.assessed_on)} "
            f"under scoring policy {version.version} (assessment {assessment.pk})",
        )
    return assessment


@dataclass(frozen=True)
class FactorEvidence:
    """What an assessment says about each s.104(5) factor, for the Chair's page."""

    assessment: HarmAssessment
    persistence: str
    harm: list[str]
    response: str


def factor_evidence(assessment: HarmAssessment | None) -> FactorEvidence | None:
    if assessment is None:
        return None
    answers = assessment.answers
    said = {name for name in FLAG_NAMES if answers.get(name)}
    harm = []
    for group, heading in (
        ("impact", "Impact"),
        ("vulnerability", "Vulnerability"),
        ("others", "Others affected"),
    ):
        yes = [label[0].lower() + label[1:] for name, label, _ in FLAGS[group] if name in said]
        if yes:
            harm.append(f"{heading}: {'; '.join(yes)}")
    return FactorEvidence(
        assessment=assessment,
        persistence=next(
            (label for v, label, _ in PERSISTENCE if v == answers.get("persistence")), ""
        ),
        harm=harm,
        response=next((label for v, label, _ in RESPONSE if v == answers.get("response")), ""),
    )
