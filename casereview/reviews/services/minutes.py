"""The minutes of the meeting, with the recommendations and the action plan: recording
them, consulting the victim on the draft, approving them, and the actions' progress."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from casereview.accounts.models import Membership
from casereview.applications.lifecycle import BEFORE_MINUTES, status_move
from casereview.applications.models import Application, Status
from casereview.core import limits
from casereview.core.dates import local_today
from casereview.core.errors import FieldError, InvalidInput, NotAllowedNow
from casereview.core.models import AuditAction
from casereview.partnerships.models import Agency
from casereview.reviews.models import Action, ActionStatus, Minutes, Recommendation
from casereview.reviews.services.common import (
    REVIEW_PURPOSE,
    application_locked,
    meeting_of,
    review_audit,
)
from casereview.reviews.steps import minutes_refusal


@dataclass(frozen=True)
class RecommendationInput:
    text: str
    agency: Agency


@dataclass(frozen=True)
class ActionInput:
    text: str
    agency: Agency
    due: date


def current_minutes(application: Application) -> Minutes | None:
    return Minutes.objects.filter(application=application).order_by("-version").first()


def _require_minutes_open(application: Application) -> None:
    refusal = minutes_refusal(application.status, meeting_of(application))
    if refusal is not None:
        raise NotAllowedNow(refusal)


def _minutes_errors(
    application: Application,
    summary: str,
    decisions: list[str],
    recommendations: list[RecommendationInput],
    actions: list[ActionInput],
) -> list[FieldError]:
    counted = [
        limits.too_many("decisions", len(decisions), limits.DECISIONS_MAX, "decisions"),
        limits.too_many(
            "recommendations",
            len(recommendations),
            limits.RECOMMENDATIONS_MAX,
            "recommendations",
        ),
        limits.too_many("actions", len(actions), limits.ACTIONS_MAX, "actions"),
    ]
    if any(counted):
        return [e for e in counted if e is not None]
    errors = []
    if not summary.strip():
        errors.append(FieldError("summary", "Enter a summary of the discussion"))
    errors += limits.texts_too_long(
        [
            ("summary", summary, limits.MINUTES_SUMMARY),
            *[(f"decisions[{i}]", d, limits.DECISION) for i, d in enumerate(decisions)],
            *[
                (f"recommendations[{i}].text", r.text, limits.RECOMMENDATION)
                for i, r in enumerate(recommendations)
            ],
            *[(f"actions[{i}].text", a.text, limits.ACTION) for i, a in enumerate(actions)],
        ]
    )
    latest_due = local_today() + limits.ACTION_DUE_MAX_AHEAD
    for i, a in enumerate(actions):
        late = limits.ahead_date_error(
            f"actions[{i}].due", a.due, limits.EARLIEST_EVENT, latest_due, "The due date"
        )
        if late is not None:
            errors.append(late)
    errors += [
        FieldError(f"recommendations[{i}].text", "Enter the recommendation")
        for i, r in enumerate(recommendations)
        if not r.text.strip()
    ]
    errors += [
        FieldError(f"actions[{i}].text", "Enter the action")
        for i, a in enumerate(actions)
        if not a.text.strip()
    ]
    return errors


def minutes_record(
    *,
    membership: Membership,
    application: Application,
    summary: str,
    decisions: list[str],
    recommendations: list[RecommendationInput],
    actions: list[ActionInput],
) -> Minutes:
    """Record the minutes once the meeting has started. A draft is replaced; approved
    minutes are never changed, so a correction becomes a new version."""
    _require_minutes_open(application)
    decisions = [d.strip() for d in decisions if d.strip()]
    errors = _minutes_errors(application, summary, decisions, recommendations, actions)
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        locked = application_locked(application)
        _require_minutes_open(locked)
        minutes = Minutes.objects.create(
            application=locked,
            version=_next_version(locked),
            summary=summary.strip(),
            decisions=decisions,
            recorded_by=membership.user,
        )
        _plan_create(minutes, recommendations, actions)
        if locked.status in BEFORE_MINUTES:
            status_move(locked, Status.REVIEWED)
        review_audit(
            membership,
            locked,
            AuditAction.COLLECT,
            f"{REVIEW_PURPOSE}: minutes version {minutes.version}",
            object_type="minutes",
            object_id=minutes.pk,
        )
    application.refresh_from_db()
    return minutes


def _next_version(application: Application) -> int:
    """A draft is deleted and its version number reused; after approved minutes, the next."""
    latest = current_minutes(application)
    if latest is not None and not latest.approved:
        latest.delete()  # replaced whole, with its recommendations and actions
        return latest.version
    return latest.version + 1 if latest else 1


def _plan_create(
    minutes: Minutes, recommendations: list[RecommendationInput], actions: list[ActionInput]
) -> None:
    Recommendation.objects.bulk_create(
        [
            Recommendation(minutes=minutes, text=r.text.strip(), agency=r.agency)
            for r in recommendations
        ]
    )
    Action.objects.bulk_create(
        [Action(minutes=minutes, text=a.text.strip(), agency=a.agency, due=a.due) for a in actions]
    )


def minutes_victim_response(
    *, membership: Membership, application: Application, response: str
) -> Minutes:
    """The victim (or advocate) was consulted on the draft plan: record what they said."""
    minutes = current_minutes(application)
    if minutes is None or minutes.approved:
        raise NotAllowedNow("There are no draft minutes to consult the victim on.")
    if not response.strip():
        raise InvalidInput([FieldError("victim_response", "Enter what the victim said")])
    too_long = limits.too_long("victim_response", response, limits.VICTIM_RESPONSE)
    if too_long is not None:
        raise InvalidInput([too_long])
    with transaction.atomic():
        minutes.shared_with_victim_at = timezone.now()
        minutes.victim_response = response.strip()
        minutes.save(update_fields=["shared_with_victim_at", "victim_response"])
        review_audit(
            membership,
            application,
            AuditAction.COLLECT,
            f"{REVIEW_PURPOSE}: victim consulted on the action plan",
            object_type="minutes",
            object_id=minutes.pk,
        )
    return minutes


def minutes_approve(*, membership: Membership, application: Application) -> Minutes:
    minutes = current_minutes(application)
    if minutes is None:
        raise NotAllowedNow("There are no minutes to approve.")
    if minutes.approved:
        raise NotAllowedNow("These minutes are already approved.")
    with transaction.atomic():
        # Approved only if still a draft: two Chairs approving at once write one approval.
        updated = Minutes.objects.filter(pk=minutes.pk, approved_at__isnull=True).update(
            approved_at=timezone.now(), approved_by=membership.user
        )
        if not updated:
            raise NotAllowedNow("These minutes are already approved.")
        review_audit(
            membership,
            application,
            AuditAction.ALTER,
            f"{REVIEW_PURPOSE}: minutes version {minutes.version} approved",
            object_type="minutes",
            object_id=minutes.pk,
        )
    minutes.refresh_from_db()
    return minutes


def action_update(
    *, membership: Membership, action: Action, done: bool, progress: str = ""
) -> Action:
    too_long = limits.too_long("progress", progress, limits.PROGRESS)
    if too_long is not None:
        raise InvalidInput([too_long])
    with transaction.atomic():
        action.status = ActionStatus.DONE if done else ActionStatus.OPEN
        action.done_at = timezone.now() if done else None
        action.progress = progress.strip()
        action.updated_by = membership.user
        action.save(update_fields=["status", "done_at", "progress", "updated_by"])
        review_audit(
            membership,
            action.minutes.application,
            AuditAction.ALTER,
            f"{REVIEW_PURPOSE}: action {'done' if done else 'updated'}",
            object_type="action",
            object_id=action.pk,
        )
    return action


def actions_add(*, minutes: Minutes, actions: list[ActionInput]) -> list[Action]:
    """Add actions to approved minutes' plan, held to the rules the minutes' own actions are:
    for a later stage that agrees actions outside a meeting (the Commissioner's office's
    recommendations after an upheld appeal). The caller locks the case and audits."""
    if not minutes.approved:
        raise NotAllowedNow("Actions are added to approved minutes only.")
    errors = _minutes_errors(minutes.application, "-", [], [], actions)
    if errors:
        raise InvalidInput(errors)
    _plan_create(minutes, [], actions)
    return list(minutes.actions.order_by("-pk")[: len(actions)])[::-1]
