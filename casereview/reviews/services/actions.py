"""The action plan after the minutes are approved: each owning agency's progress on an action,
an agency's answer to a recommendation, and actions added outside a meeting."""

from django.db import transaction
from django.utils import timezone

from casereview.accounts.models import Membership
from casereview.core import limits
from casereview.core.errors import FieldError, InvalidInput, NotAllowedNow
from casereview.core.models import AuditAction
from casereview.partnerships.models import Agency
from casereview.reviews.models import (
    Action,
    ActionPart,
    ActionStatus,
    Minutes,
    Recommendation,
    RecommendationAnswer,
    RecommendationResponse,
)
from casereview.reviews.services.common import REVIEW_PURPOSE, review_audit
from casereview.reviews.services.minutes import ActionInput, minutes_errors, plan_create
from casereview.reviews.services.plan_state import action_state_from_parts


def action_update(
    *,
    membership: Membership,
    action: Action,
    done: bool,
    progress: str = "",
    agency: Agency | None = None,
) -> Action:
    """Update one owning agency's part of an action (`agency`; by default the partner's own
    agency, or the lead agency for the coordinator). The action is done once every owning
    agency's part is done."""
    too_long = limits.too_long("progress", progress, limits.PROGRESS)
    if too_long is not None:
        raise InvalidInput([too_long])
    _refuse_superseded(action.minutes)
    agency_id = agency.pk if agency is not None else (membership.agency_id or action.agency_id)
    if agency_id not in action.owner_ids():
        raise InvalidInput([FieldError("agency", "Choose an agency that owns this action")])
    with transaction.atomic():
        now = timezone.now()
        parts = {p.agency_id: p for p in ActionPart.objects.filter(action=action)}
        for owner in action.owner_ids() - parts.keys():
            # An action recorded before parts existed: its state so far is the lead's.
            parts[owner] = ActionPart.objects.create(
                action=action,
                agency_id=owner,
                status=action.status if owner == action.agency_id else ActionStatus.OPEN,
                progress=action.progress if owner == action.agency_id else "",
                done_at=action.done_at if owner == action.agency_id else None,
            )
        part = parts[agency_id]
        part.status = ActionStatus.DONE if done else ActionStatus.OPEN
        part.done_at = (part.done_at or now) if done else None
        part.progress = progress.strip()
        part.updated_by = membership.user
        part.updated_at = now
        part.save(update_fields=["status", "done_at", "progress", "updated_by", "updated_at"])
        action_state_from_parts(action, list(parts.values()))
        action.updated_by = membership.user
        action.save(update_fields=["status", "done_at", "progress", "updated_by"])
        review_audit(
            membership,
            action.minutes.application,
            AuditAction.ALTER,
            f"{REVIEW_PURPOSE}: action {'done' if done else 'updated'} by agency {part.agency_id}",
            object_type="action",
            object_id=action.pk,
        )
    # Callers read the parts afterwards: drop any stale prefetch.
    getattr(action, "_prefetched_objects_cache", {}).pop("parts", None)
    return action


def _refuse_superseded(minutes: Minutes) -> None:
    """The plan is the latest approved version's: an earlier version's copy is kept as it
    was, and not updated."""
    later = Minutes.objects.filter(
        application_id=minutes.application_id,
        approved_at__isnull=False,
        version__gt=minutes.version,
    )
    if later.exists():
        raise NotAllowedNow(
            "Later minutes have replaced this plan. Update the action plan of the latest "
            "approved minutes."
        )


def recommendation_respond(
    *, membership: Membership, recommendation: Recommendation, accepted: bool, notes: str
) -> Recommendation:
    """The agency a recommendation is aimed at says whether it accepts it (and, if not,
    why); the coordinator sees the answer."""
    errors = []
    if not accepted and not notes.strip():
        errors.append(FieldError("notes", "Say why your agency does not accept it"))
    too_long = limits.too_long("notes", notes, limits.PROGRESS)
    if too_long is not None:
        errors.append(too_long)
    if errors:
        raise InvalidInput(errors)
    if recommendation.minutes.approved_at is None:
        raise NotAllowedNow("The minutes with this recommendation are not approved yet.")
    _refuse_superseded(recommendation.minutes)
    with transaction.atomic():
        RecommendationAnswer.objects.update_or_create(
            recommendation=recommendation,
            defaults={
                "response": RecommendationResponse.ACCEPTED
                if accepted
                else RecommendationResponse.NOT_ACCEPTED,
                "notes": notes.strip(),
                "answered_by": membership.user,
                "answered_at": timezone.now(),
            },
        )
        review_audit(
            membership,
            recommendation.minutes.application,
            AuditAction.ALTER,
            f"{REVIEW_PURPOSE}: recommendation "
            f"{'accepted' if accepted else 'not accepted'} by agency {recommendation.agency_id}",
            object_type="recommendation",
            object_id=recommendation.pk,
        )
    recommendation.refresh_from_db()
    return recommendation


def actions_add(*, minutes: Minutes, actions: list[ActionInput]) -> list[Action]:
    """Add actions to approved minutes' plan, held to the rules the minutes' own actions are:
    for a later stage that agrees actions outside a meeting (the Commissioner's office's
    recommendations after an upheld appeal). The caller locks the case and audits."""
    if not minutes.approved:
        raise NotAllowedNow("Actions are added to approved minutes only.")
    errors = minutes_errors(minutes.application, "-", [], [], actions, [])
    if errors:
        raise InvalidInput(errors)
    plan_create(minutes, [], actions)
    return list(minutes.actions.order_by("-pk")[: len(actions)])[::-1]
