"""The review's dead ends, as the PSO, the Chair and partner officers met them: the minutes
page offered too early and losing what was typed, contributions due after the meeting,
a meeting recorded as held that claimed invitations, files that could not be removed,
recommendations and shared actions nobody tracked, and the pack's marking."""

import os
from datetime import timedelta

import pytest
from builders import case_at
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from casereview.core.dates import local_today
from casereview.core.errors import NotAllowedNow
from casereview.core.models import AuditAction, AuditEntry
from casereview.reviews.attachments import attachment_add, attachment_remove
from casereview.reviews.models import (
    Action,
    Attachment,
    Attendee,
    Contribution,
    Minutes,
    MinutesDraft,
    Recommendation,
)
from casereview.reviews.services.contributions import contribution_save
from casereview.reviews.services.meeting import meeting_schedule
from casereview.reviews.services.partners import default_due

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _date(prefix: str, d) -> dict[str, str]:
    return {
        f"{prefix}_day": str(d.day),
        f"{prefix}_month": str(d.month),
        f"{prefix}_year": str(d.year),
    }


def _minutes_data(**more: object) -> dict[str, object]:
    return {
        "summary": "We discussed the noise.",
        "decisions": "",
        "rec-TOTAL_FORMS": "3",
        "rec-INITIAL_FORMS": "0",
        "act-TOTAL_FORMS": "4",
        "act-INITIAL_FORMS": "0",
        "att-TOTAL_FORMS": "4",
        "att-INITIAL_FORMS": "0",
        "apo-TOTAL_FORMS": "2",
        "apo-INITIAL_FORMS": "0",
        **more,
    }


def test_minutes_are_offered_only_once_the_meeting_has_started_and_nothing_typed_is_lost(
    client_for, membership, demo
) -> None:
    case = case_at("met", meeting_at=timezone.now() + timedelta(hours=2))
    pso = client_for("pso@nul.example")
    path = f"/applications/{case.reference}/minutes"
    assert "Record the minutes" not in pso.get(f"/applications/{case.reference}").content.decode()
    # Before the meeting the page says why, and offers no form to type into.
    page = pso.get(path)
    assert page.status_code == 200
    assert "You cannot record the minutes yet" in page.content.decode()
    assert "Save the minutes" not in page.content.decode()
    # A form opened earlier (the meeting moved later meanwhile) and posted: refused, kept.
    refused = pso.post(path, _minutes_data(record="1"), follow=True)
    assert "What you typed is kept as a draft" in refused.content.decode()
    assert not Minutes.objects.filter(application=case).exists()
    assert MinutesDraft.objects.get(application=case).data["summary"] == ["We discussed the noise."]

    # The meeting is brought forward and held: the form comes back with the draft in it.
    meeting_schedule(
        membership=membership("pso@nul.example"),
        application=case,
        starts_at=timezone.now() - timedelta(minutes=30),
        location="Civic Centre",
    )
    page = pso.get(path).content.decode()
    assert "This is your draft" in page and "We discussed the noise." in page
    assert "Save as a draft" in page

    # A draft with nothing required filled in is still kept, and audited.
    half = _minutes_data(
        summary="",
        draft="1",
        **{"att-0-name": "Pat Officer", "att-0-agency": "police"},
    )
    assert pso.post(path, half).status_code == 302
    assert MinutesDraft.objects.get(application=case).data["att-0-name"] == ["Pat Officer"]
    assert AuditEntry.objects.filter(object_type="minutes draft").count() == 2
    page = pso.get(path).content.decode()
    assert 'value="Pat Officer"' in page

    # Recorded, with who attended and who sent apologies; the draft goes.
    recorded = pso.post(
        path,
        _minutes_data(
            record="1",
            **{
                "att-0-name": "Pat Officer",
                "att-0-agency": "police",
                "att-1-name": "Robin Victim",
                "apo-0-name": "Sam Fire",
                "apo-0-agency": "fire",
            },
        ),
    )
    assert recorded.status_code == 302
    minutes = Minutes.objects.get(application=case)
    people = {
        (a.name, a.agency.slug if a.agency else None, a.attended) for a in Attendee.objects.all()
    }
    assert people == {
        ("Pat Officer", "police", True),
        ("Robin Victim", None, True),
        ("Sam Fire", "fire", False),
    }
    assert minutes.attendees.count() == 3
    assert not MinutesDraft.objects.exists()
    detail = pso.get(f"/applications/{case.reference}").content.decode()
    assert "Attended:" in detail and "Pat Officer, Staffordshire Police" in detail
    assert "Apologies:" in detail and "Sam Fire" in detail


def test_a_meeting_moved_into_the_past_invites_nobody_and_says_so(
    client_for, demo, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    case = case_at("asked")
    pso = client_for("pso@nul.example")
    path = f"/applications/{case.reference}/meeting"
    ahead = timezone.localtime() + timedelta(days=1)
    form = {"start": "10:00", "location": "Civic Centre", "agencies": ["police"]}
    with_dates = {**form, **_date("day", ahead.date())}
    with django_capture_on_commit_callbacks(execute=True):
        set_ahead = pso.post(path, with_dates, follow=True).content.decode()
    assert "the invitations have been sent" in set_ahead
    sent = len(mailoutbox)
    assert sent > 0
    held = timezone.localtime() - timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        moved = pso.post(
            path,
            {**form, "start": held.strftime("%H:%M"), **_date("day", held.date())},
            follow=True,
        ).content.decode()
    assert "invitations have been sent" not in moved
    assert "no invitations were sent" in moved
    assert len(mailoutbox) == sent
    recorded = AuditEntry.objects.filter(purpose__contains="no invitations sent").get()
    assert recorded.action == AuditAction.ALTER and not recorded.recipients


def test_contributions_due_after_the_meeting_are_warned_and_defaults_come_before_it(
    client_for, membership, demo
) -> None:
    case = case_at("asked", asked=["police"])
    due = case.partner_requests.get().due
    pso = client_for("pso@nul.example")
    early = local_today() + timedelta(days=1)
    assert due >= early
    done = pso.post(
        f"/applications/{case.reference}/meeting",
        {
            "start": "10:00",
            "location": "Civic Centre",
            "agencies": ["police"],
            **_date("day", early),
        },
        follow=True,
    ).content.decode()
    assert "due on or after the day of the meeting" in done
    detail = pso.get(f"/applications/{case.reference}").content.decode()
    assert "Contributions from Staffordshire Police are due on or after" in detail
    partners = pso.get(f"/applications/{case.reference}/partners").content.decode()
    assert "Contributions lock when it starts" in partners
    # A meeting far enough ahead: the due date offered to agencies asked now is before it.
    later = local_today() + timedelta(days=20)
    meeting_schedule(
        membership=membership("pso@nul.example"),
        application=case,
        starts_at=timezone.now() + timedelta(days=20),
        location="Civic Centre",
    )
    assert default_due(case) < later
    # Once the police contribute, they are no longer warned about.
    contribution_save(
        membership=membership("police@nul.example"),
        request=case.partner_requests.get(),
        nil_return=True,
        summary="",
        entries=[],
    )
    assert "are due on or after" not in pso.get(f"/applications/{case.reference}").content.decode()


def test_the_uploader_or_the_coordinator_removes_a_file_before_the_meeting(
    client_for, membership, demo, django_capture_on_commit_callbacks
) -> None:
    case = case_at("contributed", asked=["police", "council"])
    police = membership("police@nul.example")
    contribution = Contribution.objects.get(request__agency__slug="police")
    first, second = (
        attachment_add(
            membership=police,
            contribution=contribution,
            upload=SimpleUploadedFile(name, PDF, "application/pdf"),
        )
        for name in ("first.pdf", "second.pdf")
    )
    stored = first.file.path
    police_client = client_for("police@nul.example")
    page = police_client.get(f"/applications/{case.reference}/contribution").content.decode()
    assert f"/attachments/{first.pk}/remove" in page
    # Another agency cannot even see it; the Chair may read it but not remove it.
    assert (
        client_for("council@nul.example").get(f"/attachments/{first.pk}/remove").status_code == 404
    )
    assert (
        client_for("chair@nul.example").post(f"/attachments/{first.pk}/remove").status_code == 403
    )
    confirm = police_client.get(f"/attachments/{first.pk}/remove")
    assert confirm.status_code == 200 and "Remove first.pdf?" in confirm.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        removed = police_client.post(f"/attachments/{first.pk}/remove", follow=True)
    assert "first.pdf has been removed" in removed.content.decode()
    assert not Attachment.objects.filter(pk=first.pk).exists()
    assert not os.path.exists(stored)
    erased = AuditEntry.objects.get(
        object_type="attachment", object_id=str(first.pk), action="erase"
    )
    assert "removed before the meeting" in erased.purpose
    # The coordinator removes the other, from the pack.
    pso = client_for("pso@nul.example")
    assert (
        f"/attachments/{second.pk}/remove"
        in pso.get(f"/applications/{case.reference}/pack").content.decode()
    )
    third = attachment_add(
        membership=police,
        contribution=contribution,
        upload=SimpleUploadedFile("third.pdf", PDF, "application/pdf"),
    )
    assert pso.post(f"/attachments/{second.pk}/remove").status_code == 302
    assert not Attachment.objects.filter(pk=second.pk).exists()
    # Once the meeting starts, files stay.
    case_at("met", application=case, meeting_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(NotAllowedNow):
        attachment_remove(membership=police, attachment=third)
    assert police_client.get(f"/attachments/{third.pk}/remove").status_code == 302
    police_client.post(f"/attachments/{third.pk}/remove")
    assert Attachment.objects.filter(pk=third.pk).exists()
    page = police_client.get(f"/applications/{case.reference}/contribution").content.decode()
    assert f"/attachments/{third.pk}/remove" not in page


def test_the_pack_is_marked_official_sensitive(client_for, demo) -> None:
    case = case_at("contributed", asked=["police"])
    pso = client_for("pso@nul.example")
    assert "OFFICIAL-SENSITIVE" in pso.get(f"/applications/{case.reference}/pack").content.decode()
    pso.get(f"/applications/{case.reference}/pack.pdf")
    from casereview.reviews.models import MeetingPack

    document = MeetingPack.objects.get(application=case).html
    assert document.count("OFFICIAL-SENSITIVE") >= 3  # top, foot, and every printed page
    assert "Official-sensitive:" not in document


def test_a_recommendation_is_answered_by_its_agency_and_the_coordinator_sees_it(
    client_for, demo, django_assert_max_num_queries
) -> None:
    case = case_at("minuted", recommendations=("Install CCTV",), plan_for="police")
    recommendation = Recommendation.objects.get(minutes__application=case)
    police = client_for("police@nul.example")
    police.get("/")  # the session's first renewal is not the page's
    with django_assert_max_num_queries(12):
        listing = police.get("/actions").content.decode()
    assert "Install CCTV" in listing and "Awaiting a response" in listing
    path = f"/recommendations/{recommendation.pk}"
    assert f'href="{path}"' in listing
    with django_assert_max_num_queries(12):
        assert police.get(path).status_code == 200
    refused = police.post(path, {"accepted": "no", "notes": ""})
    assert refused.status_code == 400 and "Say why your agency does not accept it" in (
        refused.content.decode()
    )
    assert police.post(path, {"accepted": "no", "notes": "No budget this year."}).status_code == 302
    assert AuditEntry.objects.filter(
        object_type="recommendation", purpose__contains="not accepted"
    ).exists()
    pso = client_for("pso@nul.example")
    seen = pso.get("/actions").content.decode()
    assert "Not accepted" in seen and "No budget this year." in seen
    assert "not accepted" in pso.get(f"/applications/{case.reference}").content.decode()
    # Only the agency it is aimed at answers.
    assert pso.get(path).status_code == 403
    assert client_for("council@nul.example").get(path).status_code == 404
    # The answer can change.
    assert police.post(path, {"accepted": "yes", "notes": ""}).status_code == 302
    assert Recommendation.objects.get().response == "accepted"


def test_an_action_shared_by_several_agencies_is_done_when_each_has_done_its_part(
    client_for, demo, django_assert_max_num_queries
) -> None:
    case = case_at("met")
    pso = client_for("pso@nul.example")
    due = local_today() + timedelta(days=10)
    data = _minutes_data(
        record="1",
        **{
            "act-0-text": "Joint visit",
            "act-0-agency": "police",
            "act-0-also": ["council", "housing"],
            **_date("act-0-due", due),
        },
    )
    assert pso.post(f"/applications/{case.reference}/minutes", data).status_code == 302
    client_for("chair@nul.example").post(f"/applications/{case.reference}/minutes/approve")
    action = Action.objects.get()
    assert sorted(p.agency.slug for p in action.parts.all()) == ["council", "housing", "police"]
    # The minutes page, opened again, still shows the sharing.
    page = pso.get(f"/applications/{case.reference}/minutes").content.decode()
    assert 'name="act-0-also" type="checkbox" value="council" checked' in page

    police, council = client_for("police@nul.example"), client_for("council@nul.example")
    council.get("/")  # the session's first renewal is not the page's
    with django_assert_max_num_queries(12):
        assert "Joint visit" in council.get("/actions").content.decode()
    path = f"/actions/{action.pk}"
    assert police.post(path, {"status": "done", "progress": "Visited."}).status_code == 302
    action.refresh_from_db()
    assert action.status == "open"
    assert council.post(path, {"status": "done", "progress": "Visited too."}).status_code == 302
    action.refresh_from_db()
    assert action.status == "open" and "Staffordshire Police: Visited." in action.progress
    # The coordinator updates the housing part on its behalf, choosing whose part.
    with django_assert_max_num_queries(12):
        form = pso.get(path).content.decode()
    assert "Which agency&#39;s part are you updating?" in form or "Which agency's part" in form
    missing = pso.post(path, {"status": "done"})
    assert missing.status_code == 400 and "Choose the agency" in missing.content.decode()
    housing = next(p for p in action.parts.all() if p.agency.slug == "housing")
    assert pso.post(path, {"agency": str(housing.agency_id), "status": "done"}).status_code == 302
    action.refresh_from_db()
    assert action.status == "done" and action.done_at is not None
    # Each part's state on the list.
    listing = pso.get("/actions").content.decode()
    assert "Staffordshire Police: done" in listing
    # The API keeps its fields and adds the owners.
    from casereview.api.present.review import _action_out

    out = _action_out(Action.objects.prefetch_related("parts__agency").get())
    assert out.agency == "police" and out.status == "done"
    assert out.agencies[0] == "police" and set(out.agencies) == {"police", "council", "housing"}
