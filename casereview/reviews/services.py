"""Writes of the review: partner requests, contributions, the meeting, minutes, actions,
the conclusion and withdrawal. Each checks the application's state first (`NotAllowedNow`,
nothing written), validates (`InvalidInput`), then writes and audits in one transaction."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from casereview.accounts.models import Membership
from casereview.applications.models import Application, LetterKind, Status
from casereview.clock.workdays import add_working_days, subtract_working_days
from casereview.core.audit import Actor, audit_record
from casereview.core.dates import local_today
from casereview.core.errors import FieldError, InvalidInput, NotAllowedNow
from casereview.core.events import case_changed
from casereview.core.models import AuditAction
from casereview.letters.register import letter_create
from casereview.letters.render import letter_html, recipient_of
from casereview.partnerships.models import Agency
from casereview.partnerships.selectors import case_settings_of
from casereview.reviews import notify
from casereview.reviews.models import (
    Action,
    ActionStatus,
    Conclusion,
    Contribution,
    Involvement,
    Meeting,
    Minutes,
    PartnerRequest,
    Recommendation,
    Withdrawal,
)

REVIEW_PURPOSE = "running an ASB case review"
CONTRIBUTION_PURPOSE = "contribution to case review"
# Partners may be asked, and the meeting set, from the decision until minutes are recorded.
BEFORE_MINUTES = (Status.THRESHOLD_MET, Status.IN_REVIEW)
CLOSED = (Status.CONCLUDED, Status.WITHDRAWN, Status.THRESHOLD_NOT_MET)


def _audit(
    membership: Membership,
    application: Application,
    action: AuditAction,
    purpose: str,
    recipients: list[str] | None = None,
    object_type: str = "application",
    object_id: object = None,
) -> None:
    audit_record(
        actor=Actor.for_membership(membership),
        action=action,
        object_type=object_type,
        object_id=object_id if object_id is not None else application.reference,
        partnership_id=application.partnership_id,
        purpose=purpose,
        recipients=recipients or [],
    )


def _locked(application: Application) -> Application:
    return (
        Application.objects.select_for_update().select_related("partnership").get(pk=application.pk)
    )


def _require_status(application: Application, allowed: tuple[str, ...], doing: str) -> None:
    if application.status not in allowed:
        raise NotAllowedNow(
            f"You cannot {doing} while the application is "
            f"{application.get_status_display().lower()}."
        )


def _meeting(application: Application) -> Meeting | None:
    return Meeting.objects.filter(application=application).first()


def meeting_started(application: Application, now: datetime | None = None) -> bool:
    return has_started(_meeting(application), now)


def has_started(meeting: Meeting | None, now: datetime | None = None) -> bool:
    """For a meeting already in hand (a page's case joins it); services ask the database."""
    return meeting is not None and meeting.starts_at <= (now or timezone.now())


# --- partner requests ------------------------------------------------------------------------


def default_due(application: Application) -> date:
    """Contributions are due the configured working days before the meeting, or before the
    review completion date while no meeting is set."""
    days = case_settings_of(application.partnership).contribution_working_days
    meeting = _meeting(application)
    if meeting is not None:
        anchor = timezone.localdate(meeting.starts_at)
    else:
        anchor = application.decision.review_date or application.conclusion_due
    return max(subtract_working_days(anchor, days), local_today())


def partner_requests_send(
    *,
    membership: Membership,
    application: Application,
    agencies: list[Agency] | None = None,
    due: date | None = None,
) -> list[PartnerRequest]:
    """Ask agencies (default: every active agency) for their previous involvement. Agencies
    already asked are left as they are; each newly asked one is emailed a link."""
    _require_status(application, BEFORE_MINUTES, "ask partner agencies")
    if agencies is None:
        agencies = list(
            Agency.objects.filter(partnership_id=application.partnership_id, active=True)
        )
    due = due or default_due(application)
    if due < application.received:
        raise InvalidInput([FieldError("due", "The due date must be after the date received")])
    with transaction.atomic():
        locked = _locked(application)
        _require_status(locked, BEFORE_MINUTES, "ask partner agencies")
        asked = set(
            PartnerRequest.objects.filter(application=locked).values_list("agency_id", flat=True)
        )
        created = [
            PartnerRequest.objects.create(
                application=locked,
                partnership_id=locked.partnership_id,
                agency=agency,
                due=due,
                requested_by=membership.user,
            )
            for agency in agencies
            if agency.pk not in asked
        ]
        if locked.status == Status.THRESHOLD_MET:
            locked.status = Status.IN_REVIEW
            locked.save(update_fields=["status"])
        if created:
            _audit(
                membership,
                locked,
                AuditAction.DISCLOSE,
                f"{REVIEW_PURPOSE}: partner agencies asked for their involvement",
                recipients=[r.agency.name for r in created],
            )
            ids = [r.pk for r in created]
            transaction.on_commit(lambda: notify.requests_sent(ids))
    application.refresh_from_db()
    return created


def partner_request_withdraw(*, membership: Membership, request: PartnerRequest) -> None:
    """Stop asking an agency that has not contributed; its users no longer see the case."""
    if Contribution.objects.filter(request=request).exists():
        raise NotAllowedNow(f"{request.agency} has already contributed, so it stays in the review.")
    with transaction.atomic():
        application = request.application
        request.delete()
        _audit(
            membership,
            application,
            AuditAction.ALTER,
            f"{REVIEW_PURPOSE}: no longer asking {request.agency}",
        )


def request_viewed(request: PartnerRequest) -> None:
    """The first time the agency opens the case, for the coordinator's at-a-glance view."""
    if request.first_viewed_at is None:
        PartnerRequest.objects.filter(pk=request.pk, first_viewed_at__isnull=True).update(
            first_viewed_at=timezone.now()
        )


# --- contributions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class InvolvementInput:
    date: date
    kind: str
    details: str


def _contribution_errors(
    nil_return: bool, summary: str, entries: list[InvolvementInput], received: date
) -> list[FieldError]:
    errors = []
    if nil_return and entries:
        errors.append(FieldError("involvement", "A nil return has no involvement entries"))
    if not nil_return and not summary.strip() and not entries:
        errors.append(
            FieldError("summary", "Summarise your agency's involvement, or make a nil return")
        )
    for i, entry in enumerate(entries):
        if not entry.details.strip():
            errors.append(FieldError(f"involvement[{i}].details", "Enter the details"))
        if entry.date > local_today():
            errors.append(
                FieldError(f"involvement[{i}].date", "The date must not be in the future")
            )
    return errors


def contribution_save(
    *,
    membership: Membership,
    request: PartnerRequest,
    nil_return: bool,
    summary: str,
    entries: list[InvolvementInput],
) -> Contribution:
    application = request.application
    if application.status in CLOSED or meeting_started(application):
        raise NotAllowedNow("The meeting has started, so contributions are locked.")
    errors = _contribution_errors(nil_return, summary, entries, application.received)
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        _locked(application)
        if meeting_started(application):
            raise NotAllowedNow("The meeting has started, so contributions are locked.")
        contribution, created = Contribution.objects.update_or_create(
            request=request,
            defaults={
                "nil_return": nil_return,
                "summary": summary.strip(),
                "updated_by": membership.user,
            },
        )
        contribution.entries.all().delete()
        Involvement.objects.bulk_create(
            [
                Involvement(contribution=contribution, date=e.date, kind=e.kind, details=e.details)
                for e in entries
            ]
        )
        _audit(
            membership,
            application,
            AuditAction.COLLECT if created else AuditAction.ALTER,
            CONTRIBUTION_PURPOSE,
            object_type="contribution",
            object_id=contribution.pk,
        )
    return contribution


# --- the meeting -----------------------------------------------------------------------------


def meeting_schedule(
    *,
    membership: Membership,
    application: Application,
    starts_at: datetime,
    location: str,
    agencies: list[Agency] | None = None,
    victim_invited: bool = False,
    victim_views: str = "",
) -> Meeting:
    """Set (or move) the meeting. It may be in the past, to record a meeting already held.
    Invitations with a calendar file go to the attending agencies (default: those asked)."""
    _require_status(application, BEFORE_MINUTES, "schedule the meeting")
    if not location.strip():
        raise InvalidInput([FieldError("location", "Enter the place, or a link to join online")])
    with transaction.atomic():
        locked = _locked(application)
        _require_status(locked, BEFORE_MINUTES, "schedule the meeting")
        existing = _meeting(locked)
        meeting, _ = Meeting.objects.update_or_create(
            application=locked,
            defaults={
                "starts_at": starts_at,
                "location": location.strip(),
                "victim_invited": victim_invited,
                "victim_views": victim_views.strip(),
                "scheduled_by": membership.user,
                "sequence": existing.sequence + 1 if existing else 0,
            },
        )
        if agencies is None:
            agencies = [
                r.agency
                for r in PartnerRequest.objects.filter(application=locked).select_related("agency")
            ]
        meeting.agencies.set(agencies)
        if locked.status == Status.THRESHOLD_MET:
            locked.status = Status.IN_REVIEW
            locked.save(update_fields=["status"])
        recipients = [a.name for a in agencies]
        if victim_invited:
            recipients.append(recipient_of(locked).name)
        _audit(
            membership,
            locked,
            AuditAction.DISCLOSE,
            f"{REVIEW_PURPOSE}: meeting invitations",
            recipients=recipients,
        )
        meeting_id = meeting.pk
        transaction.on_commit(lambda: notify.meeting_invitations(meeting_id))
        case_changed(locked.pk)
    application.refresh_from_db()
    return meeting


# --- minutes, recommendations and actions ----------------------------------------------------


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


def _minutes_errors(
    summary: str, recommendations: list[RecommendationInput], actions: list[ActionInput]
) -> list[FieldError]:
    errors = []
    if not summary.strip():
        errors.append(FieldError("summary", "Enter a summary of the discussion"))
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
    if not meeting_started(application):
        raise NotAllowedNow("Minutes can be recorded once the meeting has started.")
    if application.status in (Status.WITHDRAWN, Status.THRESHOLD_NOT_MET):
        raise NotAllowedNow("The application is closed.")
    errors = _minutes_errors(summary, recommendations, actions)
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        locked = _locked(application)
        latest = current_minutes(locked)
        if latest is not None and not latest.approved:
            latest.delete()  # a draft: replaced whole, with its recommendations and actions
            version = latest.version
        else:
            version = latest.version + 1 if latest else 1
        minutes = Minutes.objects.create(
            application=locked,
            version=version,
            summary=summary.strip(),
            decisions=[d.strip() for d in decisions if d.strip()],
            recorded_by=membership.user,
        )
        Recommendation.objects.bulk_create(
            [
                Recommendation(minutes=minutes, text=r.text.strip(), agency=r.agency)
                for r in recommendations
            ]
        )
        Action.objects.bulk_create(
            [
                Action(minutes=minutes, text=a.text.strip(), agency=a.agency, due=a.due)
                for a in actions
            ]
        )
        if locked.status in BEFORE_MINUTES:
            locked.status = Status.REVIEWED
            locked.save(update_fields=["status"])
        _audit(
            membership,
            locked,
            AuditAction.COLLECT,
            f"{REVIEW_PURPOSE}: minutes version {version}",
            object_type="minutes",
            object_id=minutes.pk,
        )
    application.refresh_from_db()
    return minutes


def minutes_victim_response(
    *, membership: Membership, application: Application, response: str
) -> Minutes:
    """The victim (or advocate) was consulted on the draft plan: record what they said."""
    minutes = current_minutes(application)
    if minutes is None or minutes.approved:
        raise NotAllowedNow("There are no draft minutes to consult the victim on.")
    if not response.strip():
        raise InvalidInput([FieldError("victim_response", "Enter what the victim said")])
    with transaction.atomic():
        minutes.shared_with_victim_at = timezone.now()
        minutes.victim_response = response.strip()
        minutes.save(update_fields=["shared_with_victim_at", "victim_response"])
        _audit(
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
        updated = Minutes.objects.filter(pk=minutes.pk, approved_at__isnull=True).update(
            approved_at=timezone.now(), approved_by=membership.user
        )
        if not updated:
            raise NotAllowedNow("These minutes are already approved.")
        _audit(
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
    with transaction.atomic():
        action.status = ActionStatus.DONE if done else ActionStatus.OPEN
        action.done_at = timezone.now() if done else None
        action.progress = progress.strip()
        action.updated_by = membership.user
        action.save(update_fields=["status", "done_at", "progress", "updated_by"])
        _audit(
            membership,
            action.minutes.application,
            AuditAction.ALTER,
            f"{REVIEW_PURPOSE}: action {'done' if done else 'updated'}",
            object_type="action",
            object_id=action.pk,
        )
    return action


# --- conclusion and withdrawal ---------------------------------------------------------------


def conclusion_issue(
    *, membership: Membership, application: Application, summary: str
) -> Conclusion:
    """The Chair concludes the review and the conclusion letter is created. After the
    deadline it is still possible, but the letter and the application say it is late."""
    _require_status(application, (Status.REVIEWED,), "issue the conclusion")
    minutes = current_minutes(application)
    if minutes is None or not minutes.approved:
        raise NotAllowedNow("The conclusion needs approved minutes.")
    if not summary.strip():
        raise InvalidInput([FieldError("summary", "Enter the outcome of the review")])
    late = local_today() > application.conclusion_due
    with transaction.atomic():
        locked = _locked(application)
        _require_status(locked, (Status.REVIEWED,), "issue the conclusion")
        conclusion = Conclusion.objects.create(
            application=locked,
            summary=summary.strip(),
            minutes=minutes,
            late=late,
            issued_by=membership.user,
        )
        locked.status = Status.CONCLUDED
        locked.save(update_fields=["status"])
        _audit(membership, locked, AuditAction.ALTER, f"{REVIEW_PURPOSE}: concluded")
        html = letter_html(
            locked,
            LetterKind.CONCLUSION,
            recipient_of(locked),
            conclusion=conclusion,
            minutes=minutes,
            recommendations=list(minutes.recommendations.select_related("agency")),
            actions=list(minutes.actions.select_related("agency")),
            appeal_by=add_working_days(
                local_today(), case_settings_of(locked.partnership).appeal_working_days
            ),
        )
        letter_create(
            membership=membership, application=locked, kind=LetterKind.CONCLUSION, html=html
        )
    application.refresh_from_db()
    return conclusion


WITHDRAWABLE = (
    Status.RECEIVED,
    Status.THRESHOLD_MET,
    Status.IN_REVIEW,
    Status.REVIEWED,
)


def application_withdraw(
    *, membership: Membership, application: Application, reason: str
) -> Withdrawal:
    _require_status(application, WITHDRAWABLE, "withdraw the application")
    if not reason.strip():
        raise InvalidInput([FieldError("reason", "Enter why the application is withdrawn")])
    with transaction.atomic():
        locked = _locked(application)
        _require_status(locked, WITHDRAWABLE, "withdraw the application")
        withdrawal = Withdrawal.objects.create(
            application=locked,
            reason=reason.strip(),
            previous_status=locked.status,
            withdrawn_by=membership.user,
        )
        locked.status = Status.WITHDRAWN
        locked.save(update_fields=["status"])
        _audit(membership, locked, AuditAction.ALTER, f"{REVIEW_PURPOSE}: withdrawn")
    application.refresh_from_db()
    return withdrawal
