"""A subject access export holds the person asked about and nobody else: a record must name
them in full and hold their email or postcode too, the officer sees every item and may leave
any out with a reason, and the export and each exclusion are audited."""

import io
import json
import re
import zipfile

import pytest
from builders import case_at
from django.test import Client

from casereview.applications.intake import AdvocateInput, VictimInput
from casereview.applications.models import Application, Complaint
from casereview.core.dates import local_today
from casereview.core.models import AuditEntry
from casereview.reviews.models import Contribution, Involvement


def _victim(name: str, postcode: str, email: str) -> VictimInput:
    return VictimInput(name=name, postcode=postcode, contact_preference="email", email=email)


def _ask(dpo: Client, **search: str) -> str:
    """Record a request searching for `search`; the path of its page."""
    day = local_today()
    response = dpo.post(
        "/subject-access",
        {
            "requester": "Sam Subject",
            "reply_to": "sam@example.org",
            "received_day": day.day,
            "received_month": day.month,
            "received_year": day.year,
            **search,
        },
    )
    assert response.status_code == 302, response.content.decode()
    return response["Location"]


def _shown(page: str) -> list[str]:
    return re.findall(r'name="shown" value="([^"]+)"', page)


def _letters_prepared() -> None:
    """What the letters' tasks do after the deciding transaction commits (which a test's
    transaction never does): the export only packs PDFs that exist."""
    from casereview.applications.models import Letter
    from casereview.letters.render import letter_render

    for pending in Letter.objects.filter(pdf_rendered_at__isnull=True).values_list("pk", flat=True):
        letter_render(pending)


def _export(dpo: Client, path: str, **extra: object):
    _letters_prepared()
    shown = _shown(dpo.get(path).content.decode())
    return dpo.post(path + "/export", {"shown": shown, **extra})


def _data(export) -> tuple[dict, list[str]]:
    assert export["Content-Type"] == "application/zip", export.content.decode()[:2000]
    archive = zipfile.ZipFile(io.BytesIO(export.content))
    return json.loads(archive.read("data.json")), archive.namelist()


@pytest.fixture
def people(demo):
    """Sam Subject's own case, and the cases of people who share part of what identifies them."""
    mine = case_at(
        "contributed", victim=_victim("Sam  Subject", "ST5 9ZZ", "sam@example.org"), advocate=None
    )
    found = {
        "mine": mine,
        # The same name, but another address and email: a different Sam Subject.
        "namesake": case_at(
            "received",
            victim=_victim("Sam Subject", "ST5 1AB", "other.sam@example.org"),
            advocate=None,
        ),
        # Their postcode and email, but another name (a relative in the same home).
        "relative": case_at(
            "received",
            victim=_victim("Sally Subject", "ST5 9ZZ", "sam@example.org"),
            advocate=None,
        ),
        # A name that contains theirs.
        "longer": case_at(
            "received",
            victim=_victim("Sam Subjectson", "ST5 9ZZ", "sam@example.org"),
            advocate=None,
        ),
        # They support a victim as advocate, giving their email.
        "advocated": case_at(
            "received",
            victim=_victim("Vera Victim", "ST5 2CD", "vera@example.org"),
            advocate=AdvocateInput(
                name="sam subject", victim_consent=True, email="Sam@Example.org"
            ),
        ),
        # Someone else's case where partners wrote about them, and about another Sam.
        "neighbour": case_at(
            "contributed",
            victim=_victim("Nina Neighbour", "ST5 3EF", "nina@example.org"),
            advocate=None,
        ),
    }
    return found


def test_a_request_needs_the_full_name_and_an_email_or_postcode(client_for, demo) -> None:
    dpo = client_for("dpo@nul.example")
    day = local_today()
    base = {
        "requester": "X",
        "reply_to": "x@example.org",
        "received_day": day.day,
        "received_month": day.month,
        "received_year": day.year,
    }
    for search, message in (
        ({"email": "sam@example.org"}, "Enter the full name of the person"),
        ({"postcode": "ST5 9ZZ"}, "Enter the full name of the person"),
        ({"name": "Sam Subject"}, "Enter their email address or their postcode"),
    ):
        page = dpo.post("/subject-access", {**base, **search})
        text = page.content.decode()
        assert page.status_code == 400 and "There is a problem" in text and message in text


def test_only_records_with_the_whole_name_and_a_second_detail_are_found(client_for, people) -> None:
    mine, neighbour = people["mine"], people["neighbour"]
    # A complaint Sam reported in the neighbour's case; the case's address is not Sam's.
    Complaint.objects.filter(pk=neighbour.complaints.first().pk).update(reporter="Sam Subject")
    entries = list(Involvement.objects.filter(contribution__request__application=neighbour))
    entries[0].details = "Spoke to sam SUBJECT (sam@example.org) about the noise."
    entries[1].details = "Sam Subject of another street called; not the same person."
    entries[2].details = "Samantha Subjectova was seen at the door."
    for entry in entries[:3]:
        entry.save()
    dpo = client_for("dpo@nul.example")

    path = _ask(dpo, name="  sam   SUBJECT ", email="SAM@example.org")
    page = dpo.get(path).content.decode()
    for key in ("mine", "advocated"):
        assert people[key].reference in page, key
    for key in ("namesake", "relative", "longer"):
        assert people[key].reference not in page, key
    assert f"involvement-{entries[0].pk}" in page
    assert f"involvement-{entries[1].pk}" not in page
    assert f"involvement-{entries[2].pk}" not in page
    assert "A complaint they reported" not in page  # the neighbour's postcode is not theirs

    data, names = _data(_export(dpo, path))
    text = json.dumps(data)
    assert sorted(a["reference"] for a in data["applications"]) == sorted(
        [mine.reference, people["advocated"].reference]
    )
    for key in ("namesake", "relative", "longer"):
        assert people[key].reference not in text
    assert "other.sam@example.org" not in text and "Sally" not in text
    assert [m["details"] for m in data["mentions_in_contributions"]] == [entries[0].details]
    assert data["complaints_you_reported"] == []
    assert names == ["data.json", f"letters/{mine.reference}-acknowledgement.pdf"]

    # A single letter searched for, as the old search allowed, finds nobody.
    nobody = _ask(dpo, name="a", postcode="ST5 9ZZ")
    assert "Nothing is held about this person" in dpo.get(nobody).content.decode()
    data, names = _data(_export(dpo, nobody))
    assert data["applications"] == [] and data["mentions_in_contributions"] == []
    assert names == ["data.json"]

    # By postcode, a complaint they reported from the same address is theirs.
    Application.objects.filter(pk=neighbour.pk).update(victim_postcode="st59zz")
    by_postcode = _ask(dpo, name="Sam Subject", postcode="st5 9zz")
    page = dpo.get(by_postcode).content.decode()
    assert "A complaint they reported" in page
    # Their postcode is not in the advocate's address they gave, so that case is not found.
    assert people["advocated"].reference not in page and people["mine"].reference in page


def test_the_officer_leaves_items_out_with_reasons_and_each_is_audited(client_for, people) -> None:
    mine = people["mine"]
    dpo = client_for("dpo@nul.example")
    path = _ask(dpo, name="Sam Subject", postcode="ST5 9ZZ")
    page = dpo.get(path).content.decode()
    complaint = mine.complaints.first()
    contribution = Contribution.objects.filter(request__application=mine).first()
    assert contribution is not None
    for key in (
        f"application-{mine.pk}",
        f"complaint-{complaint.pk}",
        f"contribution-{contribution.pk}",
    ):
        assert f'value="{key}"' in page and f'id="leave-{key}"' in page

    # Left out without a reason: the page says what is missing, and nothing is exported.
    missing = _export(dpo, path, leave=[f"complaint-{complaint.pk}"])
    text = missing.content.decode()
    assert missing.status_code == 400 and missing["Content-Type"].startswith("text/html")
    assert "There is a problem" in text and "Enter why this is left out" in text
    assert f'href="#id_reason-complaint-{complaint.pk}"' in text
    assert not AuditEntry.objects.filter(action="disclose", object_type="subject_access_request")

    export = _export(
        dpo,
        path,
        leave=[f"complaint-{complaint.pk}", f"contribution-{contribution.pk}"],
        **{
            f"reason-complaint-{complaint.pk}": "About a third party who has not agreed.",
            f"reason-contribution-{contribution.pk}": "Police: prevention of crime.",
        },
    )
    data, _ = _data(export)
    (application,) = data["applications"]
    assert application["reference"] == mine.reference
    assert complaint.summary == "" or complaint.summary not in json.dumps(data)
    assert len(application["complaints"]) == mine.complaints.count() - 1
    agency = contribution.request.agency.name
    assert agency not in [c["agency"] for c in application["contributions"]]
    exclusions = AuditEntry.objects.filter(object_type="subject_access_item").order_by("id")
    assert [(e.action, e.object_id.split(":")[1], e.purpose) for e in exclusions] == [
        (
            "alter",
            f"complaint-{complaint.pk}",
            "left out of a subject access export: About a third party who has not agreed.",
        ),
        (
            "alter",
            f"contribution-{contribution.pk}",
            "left out of a subject access export: Police: prevention of crime.",
        ),
    ]
    disclosure = AuditEntry.objects.get(action="disclose", object_type="subject_access_request")
    # Who the export went to, by their part: never their address in the append-only log.
    assert disclosure.recipients == f"requester (subject access request {disclosure.object_id})"
    assert "sam@example.org" not in disclosure.recipients
    assert "items found" in disclosure.purpose

    # Leaving out the application leaves out everything that goes with it.
    data, names = _data(
        _export(
            dpo,
            path,
            leave=[f"application-{mine.pk}"],
            **{f"reason-application-{mine.pk}": "Answered last month."},
        )
    )
    assert data["applications"] == [] and names == ["data.json"]


def test_an_export_from_a_stale_list_is_refused(client_for, people) -> None:
    dpo = client_for("dpo@nul.example")
    path = _ask(dpo, name="Sam Subject", email="sam@example.org")
    shown = _shown(dpo.get(path).content.decode())
    # Something new about them arrives after the officer checked the list.
    later = case_at(
        "received", victim=_victim("Sam Subject", "ST5 9ZZ", "sam@example.org"), advocate=None
    )
    refused = dpo.post(path + "/export", {"shown": shown}, follow=True)
    text = refused.content.decode()
    assert refused.redirect_chain and "has changed since the list was shown" in text
    assert later.reference in text
    assert not AuditEntry.objects.filter(action="disclose", object_type="subject_access_request")


def test_a_request_recorded_without_a_second_detail_exports_nothing(client_for, people) -> None:
    """Requests recorded before the name had to be confirmed (by email alone, say) find and
    export nothing until recorded again."""
    from casereview.dataprotection.models import SubjectAccessRequest

    dpo = client_for("dpo@nul.example")
    path = _ask(dpo, name="Sam Subject", email="sam@example.org")
    SubjectAccessRequest.objects.update(name="")
    page = dpo.get(path).content.decode()
    assert "nothing can be matched to them safely" in page
    assert people["mine"].reference not in page
    refused = dpo.post(path + "/export", {"shown": []}, follow=True)
    assert "Record it again with both" in refused.content.decode()
    assert not AuditEntry.objects.filter(action="disclose", object_type="subject_access_request")


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_the_applicants_files_and_the_sharing_decision_are_in_the_export(
    client_for, people, django_assert_max_num_queries
) -> None:
    """Everything held about them: the files they added from their status page (listed, in
    the ZIP beside the letters, and left out with a reason like any item), and what they
    said about sharing with the Chair's decision on it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from casereview.accounts.models import Membership
    from casereview.applicants.documents import document_add
    from casereview.applicants.links import status_link_issue
    from casereview.applications.sharing import sharing_decide

    mine = case_at(
        "received",
        victim=_victim("Sam Subject", "ST5 9ZZ", "sam@example.org"),
        advocate=None,
        consent_to_share=False,
    )
    pso = Membership.objects.get(user__email="pso@nul.example")
    chair = Membership.objects.get(user__email="chair@nul.example")
    sharing_decide(
        membership=chair,
        application=mine,
        decision="share",
        basis="public_task",
        reason="The police need the history to act on the behaviour.",
    )
    link = status_link_issue(membership=pso, application=mine)
    diary, photo = (
        document_add(
            link=link,
            upload=SimpleUploadedFile(name, PDF, "application/pdf"),
            description=description,
        )
        for name, description in (
            ("diary: march.pdf", "Diary sheet for March"),
            ("photo.pdf", "The damaged fence"),
        )
    )
    dpo = client_for("dpo@nul.example")
    path = _ask(dpo, name="Sam Subject", postcode="ST5 9ZZ")
    page = dpo.get(path).content.decode()
    for document in (diary, photo):
        assert f'value="document-{document.pk}"' in page
    assert "Diary sheet for March" in page and "diary: march.pdf" in page

    # The page's reads do not grow with the files found (two more reads than before: the
    # people named on cases, and the harm assessments).
    for n in range(5):
        document_add(
            link=link,
            upload=SimpleUploadedFile(f"more-{n}.pdf", PDF, "application/pdf"),
            description="",
        )
    with django_assert_max_num_queries(19):
        assert dpo.get(path).status_code == 200
    shown = _shown(dpo.get(path).content.decode())
    extra = [k for k in shown if k.startswith("document-")][2:]
    _letters_prepared()
    export = dpo.post(
        path + "/export",
        {
            "shown": shown,
            "leave": [f"document-{photo.pk}", *extra],
            f"reason-document-{photo.pk}": "Shows a neighbour's children.",
            **{f"reason-{k}": "Duplicate." for k in extra},
        },
    )
    data, names = _data(export)
    application = next(a for a in data["applications"] if a["reference"] == mine.reference)
    diary_path = f"files/{diary.pk}-diary_ march.pdf"  # plain characters in the ZIP
    assert application["files_added"] == [
        {
            "name": "diary: march.pdf",
            "description": "Diary sheet for March",
            "added": diary.uploaded_at.isoformat(),
            "file": diary_path,
        }
    ]
    assert diary_path in names and not [n for n in names if n.startswith(f"files/{photo.pk}-")]
    archive = zipfile.ZipFile(io.BytesIO(export.content))
    assert archive.read(diary_path) == PDF
    sharing = application["sharing"]
    assert sharing["victim_agreed_to_sharing"] is False
    assert sharing["lawful_basis"].startswith("Public task")
    assert sharing["chairs_decision"]["decision"] == "Share without the victim's agreement"
    assert sharing["chairs_decision"]["reason"].startswith("The police need the history")
    assert sharing["chairs_decision"]["decided_by"] and sharing["chairs_decision"]["decided"]
    # Their other case: they agreed, so nobody had anything to decide.
    (other,) = [a for a in data["applications"] if a["reference"] != mine.reference]
    assert other["sharing"]["victim_agreed_to_sharing"] is True
    assert other["sharing"]["chairs_decision"] is None

    exclusion = AuditEntry.objects.get(
        object_type="subject_access_item", object_id__endswith=f":document-{photo.pk}"
    )
    assert exclusion.purpose.endswith("Shows a neighbour's children.")
    disclosure = AuditEntry.objects.get(action="disclose", object_type="subject_access_request")
    assert "items found" in disclosure.purpose


def test_an_export_waits_for_a_letter_still_being_prepared_instead_of_rendering_it(
    client_for, people, monkeypatch
) -> None:
    """No request renders a PDF: a letter whose task has not run yet holds the export back
    with a banner, and nothing is disclosed or audited until it is ready."""
    from casereview.applications.models import Letter
    from casereview.letters import render

    letter = Letter.objects.filter(application=people["mine"]).first()
    assert letter is not None and not letter.pdf_ready  # its task runs after the commit

    def no_render(html: str) -> bytes:
        raise AssertionError("a PDF was rendered on the request")

    monkeypatch.setattr(render, "render_pdf", no_render)
    dpo = client_for("dpo@nul.example")
    path = _ask(dpo, name="Sam Subject", email="sam@example.org")
    shown = _shown(dpo.get(path).content.decode())
    refused = dpo.post(path + "/export", {"shown": shown}, follow=True)
    assert refused.redirect_chain, refused.content.decode()[:500]
    assert "still being prepared as a PDF" in refused.content.decode()
    assert not AuditEntry.objects.filter(action="disclose", object_type="subject_access_request")
    monkeypatch.undo()  # its task runs
    _, names = _data(_export(dpo, path))
    assert f"letters/{letter.filename}" in names
