"""An upheld appeal's recommendations made actions: the coordinator names the agencies that act
on each and by when, and the actions join the latest approved minutes' action plan."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from casereview.accounts.models import Membership
from casereview.appeals.models import Appeal
from casereview.appeals.services import APPEAL_PURPOSE, appeal_audit
from casereview.applications.models import Application, Status
from casereview.core import limits
from casereview.core.dates import local_today
from casereview.core.errors import FieldError, InvalidInput, NotAllowedNow
from casereview.partnerships.models import Agency
from casereview.reviews.models import Action, Minutes
from casereview.reviews.services.actions import actions_add
from casereview.reviews.services.minutes import ActionInput


@dataclass(frozen=True)
class RecommendationPlan:
    """Who acts on one of the office's recommendations, and by when: the recommendation
    becomes one action with its words and this due date, shared by these agencies, the
    first of them leading it; each agency updates its own part."""

    agencies: list[Agency]
    due: date | None


def actions_minutes(application: Application) -> Minutes | None:
    """The approved minutes an upheld appeal's actions join: the latest approved version
    (after a not-met appeal, the reopened review's; after a conclusion appeal, the review's
    until the reconvened meeting's minutes are approved, which carry the plan forward)."""
    return (
        Minutes.objects.filter(application=application, approved_at__isnull=False)
        .order_by("-version")
        .first()
    )


def actions_refusal(
    application: Application, appeal: Appeal | None, minutes: Minutes | None
) -> str | None:
    """Why the office's recommendations cannot become actions now, or None when they can."""
    if appeal is None or not appeal.upheld:
        return "Only an upheld appeal's recommendations become actions."
    if not appeal.recommendations:
        return "The Commissioner's office made no recommendations on this appeal."
    if appeal.actions_created_at is not None:
        return "The recommendations have already been made actions."
    if minutes is None:
        if application.status in (Status.THRESHOLD_NOT_MET, Status.WITHDRAWN):
            return "There is no review for the actions to belong to: the case closed without one."
        return (
            "The recommendations can be made actions once the reopened review has approved "
            "minutes: the actions join its action plan."
        )
    return None


def _plan_errors(
    application: Application, recommendations: list[str], plans: list[RecommendationPlan]
) -> list[FieldError]:
    if len(plans) != len(recommendations):
        return [FieldError("plans", "Give the agencies and due date of every recommendation")]
    errors = []
    today = local_today()
    latest = today + limits.ACTION_DUE_MAX_AHEAD
    for i, plan in enumerate(plans):
        n = i + 1
        if not plan.agencies:
            message = f"Choose the agencies that will act on recommendation {n}"
            errors.append(FieldError(f"agencies_{i}", message))
        elif any(a.partnership_id != application.partnership_id for a in plan.agencies):
            errors.append(FieldError(f"agencies_{i}", "Choose agencies of this partnership"))
        if plan.due is None:
            errors.append(FieldError(f"due_{i}", f"Enter the due date for recommendation {n}"))
        else:
            late = limits.ahead_date_error(
                f"due_{i}", plan.due, today, latest, f"The due date for recommendation {n}"
            )
            if late is not None:
                errors.append(late)
    return errors


def appeal_recommendations_to_actions(
    *, membership: Membership, application: Application, plans: list[RecommendationPlan]
) -> list[Action]:
    """The coordinator makes an upheld appeal's recommendations actions owned by agencies,
    once: one action per recommendation, shared by the agencies chosen for it (the first
    leading), on the latest approved minutes' plan, where each agency sees the action and
    updates its own part like any other shared action."""
    appeal = Appeal.objects.filter(application=application).first()
    minutes = actions_minutes(application)
    refusal = actions_refusal(application, appeal, minutes)
    if refusal is not None:
        raise NotAllowedNow(refusal)
    assert appeal is not None and minutes is not None  # refused otherwise
    errors = _plan_errors(application, appeal.recommendations, plans)
    if errors:
        raise InvalidInput(errors)
    inputs = [
        ActionInput(text, plan.agencies[0], plan.due, also=tuple(plan.agencies[1:]))
        for text, plan in zip(appeal.recommendations, plans, strict=True)
        if plan.due is not None
    ]
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        # Once only: two coordinators submitting together create one set of actions.
        updated = Appeal.objects.filter(pk=appeal.pk, actions_created_at__isnull=True).update(
            actions_created_at=timezone.now()
        )
        if not updated:
            raise NotAllowedNow("The recommendations have already been made actions.")
        created = actions_add(minutes=minutes, actions=inputs)
        owners = sorted({agency.slug for i in inputs for agency in i.owners()})
        appeal_audit(
            membership,
            locked,
            f"{APPEAL_PURPOSE}: the Commissioner's recommendations made {len(created)} "
            f"action{'' if len(created) == 1 else 's'} shared by {', '.join(owners)} "
            f"(minutes version {minutes.version})",
        )
    return created
