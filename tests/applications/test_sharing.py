"""Consent is not a wall: every request is recorded, and when the victim does not agree to
sharing the Chair records whether the partnership shares, on which basis and why."""

import pytest

from casereview.applications.models import SharingBasis
from casereview.applications.sharing import sharing_decide
from casereview.core.dates import local_today
from casereview.core.errors import InvalidInput, NotAllowedNow
from casereview.core.models import AuditEntry
from casereview.publication.figures import figures_for


def test_a_staff_recorded_request_without_agreement_is_recorded_and_counted(recorded) -> None:
    application = recorded(consent_to_share=False)
    assert not application.consent_to_share and application.sharing_basis == ""
    today = local_today()
    figures = figures_for(type(application).objects.all(), today, today)
    assert figures.counts["applications"] == 1


def test_with_agreement_the_basis_is_the_public_task(recorded) -> None:
    assert recorded().sharing_basis == SharingBasis.PUBLIC_TASK


def test_the_chair_decides_to_share_with_a_basis_and_reason(recorded, membership, client_for):
    application = recorded(consent_to_share=False)
    chair = client_for("chair@nul.example")
    url = f"/applications/{application.reference}/sharing"
    case = chair.get(f"/applications/{application.reference}").content.decode()
    assert "Not yet decided by the Chair" in case and url in case
    empty = chair.post(url, {})
    page = empty.content.decode()
    assert empty.status_code == 400 and "Select whether to share the information" in page
    assert "Enter the reason for your decision" in page
    done = chair.post(
        url,
        {"decision": "share", "basis": "public_task", "reason": "Risk of harm to neighbours."},
    )
    assert done.status_code == 302
    application.refresh_from_db()
    assert application.sharing_decision == "share"
    assert application.sharing_basis == "public_task"
    assert application.sharing_decided_by.email == "chair@nul.example"
    assert AuditEntry.objects.filter(
        action="alter", object_id=application.reference, purpose__contains="sharing"
    ).exists()
    assert (
        "Risk of harm to neighbours."
        in chair.get(f"/applications/{application.reference}").content.decode()
    )


def test_only_the_chair_of_the_partnership_decides(recorded, client_for) -> None:
    application = recorded(consent_to_share=False)
    url = f"/applications/{application.reference}/sharing"
    assert client_for("pso@nul.example").get(url).status_code == 403
    assert client_for("chair@sta.example").get(url).status_code == 404


def test_the_service_refuses_bad_or_needless_decisions(recorded, membership) -> None:
    chair = membership("chair@nul.example")
    with pytest.raises(NotAllowedNow):
        sharing_decide(
            membership=chair,
            application=recorded(),
            decision="share",
            basis="public_task",
            reason="x",
        )
    application = recorded(consent_to_share=False)
    with pytest.raises(InvalidInput) as refused:
        sharing_decide(
            membership=chair, application=application, decision="share", basis="", reason=" "
        )
    assert {e.field for e in refused.value.errors} == {"basis", "reason"}
    application.refresh_from_db()
    assert application.sharing_decision == ""
