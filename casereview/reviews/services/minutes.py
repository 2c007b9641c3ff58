"""The minutes of the meeting, with who attended, the recommendations and the action plan:
keeping what was typed as a draft, recording them, consulting the victim on the draft and
approving them. What agencies do with the plan afterwards is in `actions.py`."""

import json
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from casereview.accounts.models import Membership
from casereview.applications.lifecycle import BEFORE_MINUTES, status_move
from casereview.applications.models import Application, CasePerson, Status
from casereview.core import limits
from casereview.core.dates import local_today
from casereview.core.errors import FieldError, InvalidInput, NotAllowedNow
from casereview.core.models import AuditAction
from casereview.partnerships.models import Agency
from casereview.reviews.models import (
    Action,
    ActionPart,
    Attendee,
    Minutes,
    MinutesDraft,
    Recommendation,
)
from casereview.reviews.services.common import (
    REVIEW_PURPOSE,
    application_locked,
    meeting_of,
    review_audit,
)
from casereview.reviews.services.plan_state import plan_carry_forward
from casereview.reviews.steps import minutes_refusal


@dataclass(frozen=True)
class RecommendationInput:
    text: str
    agency: Agency
    person: CasePerson | None = None  # the person on the case it concerns, if one


@dataclass(frozen=True)
class ActionInput:
    """An action for `agency` (its lead), shared with the agencies in `also`, if any."""

    text: str
    agency: Agency
    due: date
    also: tuple[Agency, ...] = ()
    person: CasePerson | None = None  # the person on the case it concerns, if one

    def owners(self) -> list[Agency]:
        return [self.agency, *(a for a in self.also if a.pk != self.agency.pk)]


@dataclass(frozen=True)
class AttendeeInput:
    """Someone at the meeting (`attended`), or who sent apologies; `agency` None for someone
    there for no agency, such as the victim or their advocate."""

    name: str
    agency: Agency | None
    attended: bool = True


ATTENDEES_MAX = 100  # people named as attending or sending apologies, together
ATTENDEE_NAME = 200
DRAFT_MAX_CHARS = 400_000  # every field of the minutes page at its limit fits well within


def current_minutes(application: Application) -> Minutes | None:
    return Minutes.objects.filter(application=application).order_by("-version").first()


def _require_minutes_open(application: Application) -> None:
    refusal = minutes_refusal(application.status, meeting_of(application))
    if refusal is not None:
        raise NotAllowedNow(refusal)


def minutes_errors(
    application: Application,
    summary: str,
    decisions: list[str],
    recommendations: list[RecommendationInput],
    actions: list[ActionInput],
    attendees: list[AttendeeInput],
) -> list[FieldError]:
    """What is wrong with the minutes as given; `actions_add` holds added actions to the same
    rules."""
    counted = [
        limits.too_many("attendees", len(attendees), ATTENDEES_MAX, "people"),
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
    errors += [
        FieldError(f"attendees[{i}].name", "Enter the person's name")
        for i, a in enumerate(attendees)
        if not a.name.strip()
    ]
    errors += limits.texts_too_long(
        [(f"attendees[{i}].name", a.name, ATTENDEE_NAME) for i, a in enumerate(attendees)]
    )
    return errors


def minutes_record(
    *,
    membership: Membership,
    application: Application,
    summary: str,
    decisions: list[str],
    recommendations: list[RecommendationInput],
    actions: list[ActionInput],
    attendees: list[AttendeeInput] | None = None,
) -> Minutes:
    """Record the minutes once the meeting has started. A draft is replaced; approved
    minutes are never changed, so a correction becomes a new version. The typed draft kept
    on the server (`minutes_draft_save`) is removed."""
    _require_minutes_open(application)
    decisions = [d.strip() for d in decisions if d.strip()]
    attendees = attendees or []
    errors = minutes_errors(application, summary, decisions, recommendations, actions, attendees)
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
        plan_create(minutes, recommendations, actions)
        Attendee.objects.bulk_create(
            [
                Attendee(minutes=minutes, name=a.name.strip(), agency=a.agency, attended=a.attended)
                for a in attendees
            ]
        )
        MinutesDraft.objects.filter(application=locked).delete()
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


def plan_create(
    minutes: Minutes, recommendations: list[RecommendationInput], actions: list[ActionInput]
) -> None:
    """Create the plan's rows, each action with a part for every agency that owns it; for
    the minutes and for actions added to them later (`actions_add`). A person named must be
    on the minutes' case."""
    named: list[CasePerson | None] = [r.person for r in recommendations]
    named += [a.person for a in actions]
    if any(p is not None and p.application_id != minutes.application_id for p in named):
        raise InvalidInput([FieldError("person", "Choose a person named on this case")])
    Recommendation.objects.bulk_create(
        [
            Recommendation(minutes=minutes, text=r.text.strip(), agency=r.agency, person=r.person)
            for r in recommendations
        ]
    )
    for a in actions:
        action = Action.objects.create(
            minutes=minutes, text=a.text.strip(), agency=a.agency, due=a.due, person=a.person
        )
        ActionPart.objects.bulk_create(
            [ActionPart(action=action, agency=owner) for owner in a.owners()]
        )


def minutes_draft_save(
    *, membership: Membership, application: Application, data: dict[str, list[str]]
) -> MinutesDraft:
    """Keep what was typed into the minutes page, as typed, so that nothing is lost: when
    the coordinator saves a draft, and when recording is refused (the meeting moved, say).
    Kept even before the meeting starts; refused only once the application is closed."""
    if application.status in (Status.WITHDRAWN, Status.THRESHOLD_NOT_MET):
        raise NotAllowedNow("The application is closed.")
    if len(json.dumps(data)) > DRAFT_MAX_CHARS:
        raise InvalidInput([FieldError("summary", "The draft is too long to keep")])
    with transaction.atomic():
        locked = application_locked(application)
        draft, created = MinutesDraft.objects.update_or_create(
            application=locked,
            defaults={
                "partnership_id": locked.partnership_id,
                "data": data,
                "saved_by": membership.user,
            },
        )
        review_audit(
            membership,
            locked,
            AuditAction.COLLECT if created else AuditAction.ALTER,
            f"{REVIEW_PURPOSE}: draft minutes kept",
            object_type="minutes draft",
            object_id=draft.pk,
        )
    return draft


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
    previous = (
        Minutes.objects.filter(application=application, approved_at__isnull=False)
        .order_by("-version")
        .first()
    )
    with transaction.atomic():
        # Approved only if still a draft: two Chairs approving at once write one approval.
        updated = Minutes.objects.filter(pk=minutes.pk, approved_at__isnull=True).update(
            approved_at=timezone.now(), approved_by=membership.user
        )
        if not updated:
            raise NotAllowedNow("These minutes are already approved.")
        carried = (
            plan_carry_forward(previous=previous, approved=minutes) if previous is not None else 0
        )
        review_audit(
            membership,
            application,
            AuditAction.ALTER,
            f"{REVIEW_PURPOSE}: minutes version {minutes.version} approved"
            + (f", {carried} agencies' progress and answers carried forward" if carried else ""),
            object_type="minutes",
            object_id=minutes.pk,
        )
    minutes.refresh_from_db()
    return minutes
