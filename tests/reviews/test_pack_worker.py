"""The meeting pack's PDF is rendered by the task worker, as letters are: a pack with many
contributions took 40 s to render inside the request. Until it is ready the pack page says
it is being prepared; a changed pack is rendered again."""

from datetime import timedelta
from unittest import mock

import pytest
from builders import case_at
from django.utils import timezone

from casereview.core.housekeeping import purges_run
from casereview.reviews.models import MeetingPack
from casereview.reviews.services.meeting import meeting_schedule


@pytest.fixture
def contributed(demo):
    return case_at("contributed")


def test_the_pdf_is_rendered_by_the_worker_not_the_request(
    client_for, contributed, django_capture_on_commit_callbacks
) -> None:
    chair = client_for("chair@nul.example")
    pdf_url = f"/applications/{contributed.reference}/pack.pdf"
    with (
        mock.patch("casereview.reviews.pack.render_pdf") as in_request,
        django_capture_on_commit_callbacks(execute=False) as queued,
    ):
        first = chair.get(pdf_url)
    in_request.assert_not_called()
    assert first.status_code == 302
    assert first["Location"].endswith(f"/applications/{contributed.reference}/pack")
    assert len(queued) == 1  # the render task, enqueued once the request commits
    page = chair.get(first["Location"]).content.decode()
    assert "The PDF of the meeting pack is being prepared. Refresh this page" in page
    # Asking again before it is ready queues nothing more.
    with django_capture_on_commit_callbacks(execute=False) as again:
        assert chair.get(pdf_url).status_code == 302
    assert again == []

    for callback in queued:  # the worker runs the task
        callback()
    pack = MeetingPack.objects.get()
    assert pack.pdf_ready and bytes(pack.pdf).startswith(b"%PDF")
    ready = chair.get(pdf_url)
    assert ready.status_code == 200 and ready["Content-Type"] == "application/pdf"
    assert ready.content == bytes(pack.pdf)
    assert "Refresh this page in a minute" not in chair.get(first["Location"]).content.decode()


def test_a_changed_pack_is_prepared_again(
    client_for, contributed, membership, django_capture_on_commit_callbacks
) -> None:
    chair = client_for("chair@nul.example")
    pdf_url = f"/applications/{contributed.reference}/pack.pdf"
    with django_capture_on_commit_callbacks(execute=True):
        chair.get(pdf_url)
    assert chair.get(pdf_url).status_code == 200
    meeting_schedule(
        membership=membership("pso@nul.example"),
        application=contributed,
        starts_at=timezone.now() + timedelta(days=3),
        location="A different hall",
    )
    assert chair.get(pdf_url).status_code == 302
    assert MeetingPack.objects.count() == 2


def test_a_lost_render_is_queued_again(client_for, contributed, django_capture_on_commit_callbacks):
    chair = client_for("chair@nul.example")
    pdf_url = f"/applications/{contributed.reference}/pack.pdf"
    with django_capture_on_commit_callbacks(execute=False):
        chair.get(pdf_url)  # its task is lost
    MeetingPack.objects.update(created_at=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True) as queued:
        chair.get(pdf_url)
    assert len(queued) == 1 and MeetingPack.objects.get().pdf_ready


def test_the_retention_sweep_removes_old_packs(
    client_for, contributed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for("chair@nul.example").get(f"/applications/{contributed.reference}/pack.pdf")
    assert MeetingPack.objects.count() == 1
    purges_run(timezone.now())
    assert MeetingPack.objects.count() == 1
    purges_run(timezone.now() + timedelta(days=2))
    assert not MeetingPack.objects.exists()
