"""The Chair's threshold decision: checked against the engine's recommendation, recorded with
the policy version and the engine output the Chair saw, and told to the applicant in the
acknowledgement letter made in the same transaction."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from casereview.accounts.models import Membership
from casereview.applications.harm import latest_assessment
from casereview.applications.lifecycle import RETAKE_DECISION, reopened_by, status_move
from casereview.applications.models import (
    Application,
    Status,
    ThresholdDecision,
)
from casereview.applications.services import application_audit
from casereview.applications.threshold import evaluate_application, policy_version_for
from casereview.core import limits
from casereview.core.dates import local_today
from casereview.core.errors import FieldError, InvalidInput, NotAllowedNow
from casereview.core.models import AuditAction
from casereview.decision.letters import acknowledgement_create

DECISION_PURPOSE = "deciding the case review threshold"


@dataclass(frozen=True)
class Factors:
    """The Chair's reasons against the s.104(5) factors, for a decision "met" although the
    complaints fall short of the count: the persistence of the behaviour, the harm or
    potential harm, and the adequacy of the response so far."""

    persistence: str = ""
    harm: str = ""
    response: str = ""


FACTOR_QUESTIONS = (
    ("reason_persistence", "persistence", "the persistence of the behaviour"),
    ("reason_harm", "harm", "the harm or potential harm"),
    ("reason_response", "response", "the adequacy of the response so far"),
)


def _decision_errors(
    application: Application,
    *,
    met: bool,
    rationale: str,
    review_date: date | None,
    engine_met: bool,
    factors: Factors | None,
) -> list[FieldError]:
    errors = limits.texts_too_long(
        [("rationale", rationale, limits.RATIONALE)]
        + [
            (field, getattr(factors or Factors(), name), limits.RATIONALE)
            for field, name, _ in FACTOR_QUESTIONS
        ]
    )
    if met and not engine_met and factors is not None:
        # Below the count, s.104(5): the reasons are given against each factor.
        errors += [
            FieldError(field, f"Explain how you weighed {words}")
            for field, name, words in FACTOR_QUESTIONS
            if not getattr(factors, name).strip()
        ]
    elif met != engine_met and not rationale.strip():
        errors.append(
            FieldError(
                "rationale",
                "Explain why the decision differs from the recommendation: the persistence of "
                "the behaviour, the harm or potential harm, and how well agencies have responded",
            )
        )
    if met and review_date is None:
        errors.append(FieldError("review_date", "Enter the date the review will be completed by"))
    if met and review_date is not None and reopened_by(application) == RETAKE_DECISION:
        # Decided again after an upheld appeal: the original deadline has usually passed, so
        # the review is held to a date from today on.
        today = local_today()
        if review_date < today:
            errors.append(
                FieldError(
                    "review_date",
                    "The review completion date must be today "
                    f"({limits.long_date(today)}) or later",
                )
            )
    elif (
        met
        and review_date is not None
        and not (application.received <= review_date <= application.conclusion_due)
    ):
        errors.append(
            FieldError(
                "review_date",
                "The review completion date must be between "
                f"{limits.long_date(application.received)} and the conclusion deadline "
                f"{limits.long_date(application.conclusion_due)}",
            )
        )
    return errors


def threshold_decide(
    *,
    membership: Membership,
    application: Application,
    met: bool,
    rationale: str,
    review_date: date | None,
    factors: Factors | None = None,
) -> ThresholdDecision:
    """Record the Chair's final decision, with the policy version and the engine output they
    saw and the latest harm assessment (with its scoring policy), then create the
    acknowledgement letter in the same transaction. After an upheld appeal against a not-met
    decision the Chair decides again: the earlier decision is kept, superseded, and the new
    one is told to the applicant the same way.

    Met below the complaint count (s.104(5)), the Chair's page gives `factors`: a reason
    against each factor, each required, told to the applicant in the letter. Callers without
    them (the API's decision endpoint, whose contract predates them) give `rationale`."""
    if not decidable(application):
        raise NotAllowedNow("The threshold has already been decided. Only an appeal can change it.")
    version = policy_version_for(application)
    engine_output = evaluate_application(application, version.to_policy()).to_json()
    errors = _decision_errors(
        application,
        met=met,
        rationale=rationale,
        review_date=review_date,
        engine_met=engine_output["met"],
        factors=factors,
    )
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        retaken = reopened_by(locked) == RETAKE_DECISION
        if not decidable(locked):
            raise NotAllowedNow(
                "The threshold has already been decided. Only an appeal can change it."
            )
        if retaken:
            ThresholdDecision.objects.filter(application=locked).update(
                application=None, superseded_from=locked, superseded_at=timezone.now()
            )
            locked._state.fields_cache.pop("decision", None)
        # The latest harm assessment the Chair saw, and the scoring policy it was made under.
        assessment = latest_assessment(locked)
        below_count = met and not engine_output["met"]
        given = factors or Factors()
        decision = ThresholdDecision.objects.create(
            harm_assessment=assessment,
            harm_policy_version=assessment.policy_version if assessment else None,
            reason_persistence=given.persistence.strip() if below_count else "",
            reason_harm=given.harm.strip() if below_count else "",
            reason_response=given.response.strip() if below_count else "",
            application=locked,
            met=met,
            rationale=rationale.strip(),
            review_date=review_date if met else None,
            policy_version=version,
            engine_output=engine_output,
            decided_by=membership.user,
        )
        status_move(locked, Status.THRESHOLD_MET if met else Status.THRESHOLD_NOT_MET)
        application_audit(
            membership,
            locked,
            AuditAction.ALTER,
            f"{DECISION_PURPOSE}{' again after an upheld appeal' if retaken else ''}: "
            f"{'met' if met else 'not met'}{' below the complaint count' if below_count else ''}",
        )
        acknowledgement_create(
            membership=membership, application=locked, decision=decision, reopened=retaken
        )
    application.refresh_from_db()
    return decision


def decidable(application: Application) -> bool:
    """Undecided, or reopened by an upheld appeal against the not-met decision."""
    if application.status == Status.RECEIVED:
        return getattr(application, "decision", None) is None
    return reopened_by(application) == RETAKE_DECISION
