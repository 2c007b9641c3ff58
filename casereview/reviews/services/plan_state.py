"""The state of an action plan that its parts decide, kept in one place because two moments
change it: an agency updating its part, and new minutes being approved over a plan that
already had progress on it (a correction, or the minutes of a reconvened review)."""

from casereview.partnerships.models import Agency
from casereview.reviews.models import (
    Action,
    ActionPart,
    ActionStatus,
    Minutes,
    Recommendation,
    RecommendationAnswer,
)


def action_state_from_parts(action: Action, parts: list[ActionPart]) -> None:
    """Set (not save) the action's overall state: done once every part is done, and the
    agencies' notes, each named when several share it."""
    all_done = all(p.status == ActionStatus.DONE for p in parts)
    action.status = ActionStatus.DONE if all_done else ActionStatus.OPEN
    action.done_at = max(p.done_at for p in parts if p.done_at) if all_done else None
    action.progress = _overall_progress(parts)


def _overall_progress(parts: list[ActionPart]) -> str:
    if len(parts) == 1:
        return parts[0].progress
    names = dict(
        Agency.objects.filter(pk__in=[p.agency_id for p in parts]).values_list("pk", "name")
    )
    return "\n".join(f"{names[p.agency_id]}: {p.progress}" for p in parts if p.progress)


def plan_carry_forward(*, previous: Minutes, approved: Minutes) -> int:
    """Carry what agencies recorded on the plan that `approved` replaces onto the matching
    rows of the new plan (the same words for the same agency): each part's progress and each
    recommendation's answer. Approving a correction must never lose an agency's work. Returns
    how many parts and answers were carried."""
    return _parts_carried(previous, approved) + _answers_carried(previous, approved)


def _key(text: str, agency_id: int) -> tuple[str, int]:
    return (" ".join(text.split()).casefold(), agency_id)


def _old_parts(previous: Minutes) -> dict[tuple[str, int], ActionPart]:
    found: dict[tuple[str, int], ActionPart] = {}
    for action in previous.actions.prefetch_related("parts"):
        parts = list(action.parts.all()) or [
            # An action recorded before parts existed: its state is the lead agency's.
            ActionPart(
                agency_id=action.agency_id,
                status=action.status,
                progress=action.progress,
                done_at=action.done_at,
                updated_by_id=action.updated_by_id,
            )
        ]
        for part in parts:
            found[_key(action.text, part.agency_id)] = part
    return found


def _parts_carried(previous: Minutes, approved: Minutes) -> int:
    old = _old_parts(previous)
    carried = 0
    for action in approved.actions.prefetch_related("parts"):
        parts = list(action.parts.all())
        for part in parts:
            before = old.get(_key(action.text, part.agency_id))
            if before is None or (before.status == ActionStatus.OPEN and not before.progress):
                continue
            for field in ("status", "progress", "done_at", "updated_by_id", "updated_at"):
                setattr(part, field, getattr(before, field))
            part.save(update_fields=["status", "progress", "done_at", "updated_by", "updated_at"])
            carried += 1
        if parts:
            action_state_from_parts(action, parts)
            action.save(update_fields=["status", "done_at", "progress"])
    return carried


def _answers_carried(previous: Minutes, approved: Minutes) -> int:
    old = {
        _key(r.text, r.agency_id): r.answer
        for r in Recommendation.objects.filter(
            minutes=previous, answer__isnull=False
        ).select_related("answer")
    }
    answers = [
        RecommendationAnswer(
            recommendation=recommendation,
            response=before.response,
            notes=before.notes,
            answered_by_id=before.answered_by_id,
            answered_at=before.answered_at,
        )
        for recommendation in Recommendation.objects.filter(minutes=approved, answer__isnull=True)
        if (before := old.get(_key(recommendation.text, recommendation.agency_id))) is not None
    ]
    RecommendationAnswer.objects.bulk_create(answers)
    return len(answers)
