"""The statuses, their groups and the moves between them: one set of rules for every stage."""

import pytest
from builders import case_at

from casereview.applications.lifecycle import (
    APPEALABLE,
    CLOSED,
    OPEN,
    can_move,
    status_move,
)
from casereview.applications.models import Application, Status
from casereview.core.errors import NotAllowedNow
from casereview.reviews.models import PartnerRequest
from casereview.reviews.services.contributions import contribution_save

pytestmark = pytest.mark.django_db


def test_every_status_is_open_or_closed_and_never_both() -> None:
    assert set(OPEN) | set(CLOSED) == set(Status.values)
    assert not set(OPEN) & set(CLOSED)
    assert set(APPEALABLE) <= set(CLOSED)


@pytest.mark.parametrize(
    ("now", "to", "allowed"),
    [
        (Status.RECEIVED, Status.THRESHOLD_MET, True),
        (Status.RECEIVED, Status.CONCLUDED, False),
        (Status.IN_REVIEW, Status.WITHDRAWN, True),
        (Status.CONCLUDED, Status.WITHDRAWN, False),
        (Status.CONCLUDED, Status.APPEALED, True),
        (Status.APPEALED, Status.APPEAL_UPHELD, True),
        (Status.WITHDRAWN, Status.THRESHOLD_MET, False),
    ],
)
def test_only_the_process_moves_are_allowed(now: str, to: str, allowed: bool) -> None:
    assert can_move(now, to) is allowed


def test_a_refused_move_changes_nothing(demo) -> None:
    application = case_at("received")
    with pytest.raises(NotAllowedNow):
        status_move(application, Status.CONCLUDED)
    application.refresh_from_db()
    assert application.status == Status.RECEIVED


def test_a_case_closed_by_its_appeal_is_closed_for_partners_too(demo, membership) -> None:
    """The review used its own CLOSED, which left out the appeal outcomes that retention
    counts as closed: a partner could still send a contribution to a finished case."""
    application = case_at("asked")
    Application.objects.filter(pk=application.pk).update(status=Status.APPEAL_NOT_UPHELD)
    request = PartnerRequest.objects.get(application=application, agency__slug="police")
    with pytest.raises(NotAllowedNow):
        contribution_save(
            membership=membership("police@nul.example"),
            request=request,
            nil_return=True,
            summary="",
            entries=[],
        )
