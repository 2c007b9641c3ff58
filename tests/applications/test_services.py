"""Recording, changing complaints and deciding: the rules a user would notice."""

import hashlib
from datetime import timedelta

import pytest
from builders import case_at, days_ago
from django.core import mail

from casereview.applications.intake import ComplaintInput
from casereview.applications.models import Application, Letter, Status
from casereview.applications.selectors import possible_duplicates
from casereview.applications.services import complaint_inputs, complaints_replace
from casereview.applications.threshold import evaluate_application, policy_version_for
from casereview.core.dates import local_today
from casereview.core.errors import InvalidInput, NotAllowedNow
from casereview.core.models import AuditEntry
from casereview.decision.services import threshold_decide
from casereview.letters.register import letter_mark_posted
from casereview.partnerships.models import ThresholdPolicyVersion


def _fields(exc: pytest.ExceptionInfo[InvalidInput]) -> set[str]:
    return {e.field for e in exc.value.errors}


def test_references_count_up_per_partnership_and_year(recorded, membership) -> None:
    year = local_today().year
    first, second = recorded(), recorded()
    other = recorded(by="pso@sta.example", complaints=[])
    assert first.reference == f"NUL-{year}-0001"
    assert second.reference == f"NUL-{year}-0002"
    assert other.reference == f"STA-{year}-0001"
    last_year = recorded(
        received=local_today().replace(month=1, day=1) - timedelta(days=1), complaints=[]
    )
    assert last_year.reference == f"NUL-{year - 1}-0001"


def test_recording_sets_the_deadlines_and_audits_the_collection(recorded) -> None:
    application = recorded(received=days_ago(0))
    assert application.status == Status.RECEIVED
    assert application.conclusion_due == local_today() + timedelta(days=28)
    assert application.acknowledgement_due.weekday() < 5
    entry = AuditEntry.objects.get(action="collect", object_id=application.reference)
    assert entry.actor_label == "pso@nul.example"
    assert "phone" in entry.purpose


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        # Tomorrow as of the test, not of collection: a run may cross midnight.
        (lambda: {"received": local_today() + timedelta(days=1)}, "received"),
        (lambda: {"description": "  "}, "description"),
    ],
)
def test_bad_requests_name_the_field_and_save_nothing(recorded, overrides, field) -> None:
    with pytest.raises(InvalidInput) as exc:
        recorded(**overrides())
    assert field in _fields(exc)
    assert not Application.objects.exists()
    assert not AuditEntry.objects.filter(action="collect", object_type="application").exists()


def test_an_advocate_needs_the_victims_consent(recorded) -> None:
    from casereview.applications.intake import AdvocateInput

    with pytest.raises(InvalidInput) as exc:
        recorded(advocate=AdvocateInput(name="Ada", victim_consent=False, email="a@example.org"))
    assert _fields(exc) == {"advocate.victim_consent"}


def test_unknown_agencies_and_engine_rules_are_refused(recorded) -> None:
    bad_agency = [ComplaintInput("c1", days_ago(3), days_ago(2), "residents-association")]
    with pytest.raises(InvalidInput) as exc:
        recorded(complaints=bad_agency)
    assert _fields(exc) == {"complaints[0].agency"}
    backwards = [ComplaintInput("c1", days_ago(3), days_ago(5), "police")]
    with pytest.raises(InvalidInput) as exc:
        recorded(complaints=backwards)
    assert _fields(exc) == {"complaints[0].reported_date"}
    assert not Application.objects.exists()


def test_an_open_application_for_the_same_victim_is_flagged(recorded, membership) -> None:
    first = recorded()
    pso = membership("pso@nul.example")
    assert possible_duplicates(pso, "robin victim", "st51ab").visible == [first]
    assert not possible_duplicates(pso, "Robin Victim", "ST5 9ZZ")
    assert not possible_duplicates(membership("pso@sta.example"), "Robin Victim", "ST5 1AB")


def test_the_recommendation_follows_the_complaints_until_the_decision(recorded, membership) -> None:
    application = recorded()
    policy = policy_version_for(application).to_policy()
    result = evaluate_application(application, policy)
    assert not result.met
    assert result.qualifying == ("c1", "c3")
    assert {e.id: e.reason for e in result.excluded} == {
        "c2": "reported_late",
        "c4": "same_incident",
    }
    pso = membership("pso@nul.example")
    extra = ComplaintInput("c5", days_ago(5), days_ago(5), "council")
    complaints_replace(
        membership=pso, application=application, complaints=[*complaint_inputs(application), extra]
    )
    assert evaluate_application(application, policy).met
    chair = membership("chair@nul.example")
    threshold_decide(
        membership=chair, application=application, met=True, rationale="", review_date=days_ago(0)
    )
    with pytest.raises(NotAllowedNow):
        complaints_replace(membership=pso, application=application, complaints=[])
    assert application.complaints.count() == 5


def test_departing_from_the_recommendation_needs_reasons(recorded, membership) -> None:
    application = recorded()
    chair = membership("chair@nul.example")
    with pytest.raises(InvalidInput) as exc:
        threshold_decide(
            membership=chair, application=application, met=True, rationale=" ", review_date=None
        )
    assert _fields(exc) == {"rationale", "review_date"}
    late = application.conclusion_due + timedelta(days=1)
    with pytest.raises(InvalidInput) as exc:
        threshold_decide(
            membership=chair, application=application, met=True, rationale="Harm", review_date=late
        )
    assert _fields(exc) == {"review_date"}
    application.refresh_from_db()
    assert application.status == Status.RECEIVED
    assert not Letter.objects.exists()


def test_a_decision_is_final_and_keeps_what_the_chair_saw(
    recorded, membership, django_capture_on_commit_callbacks
) -> None:
    application = recorded()
    chair = membership("chair@nul.example")
    with django_capture_on_commit_callbacks(execute=True):
        decision = threshold_decide(
            membership=chair,
            application=application,
            met=True,
            rationale="Persistent and escalating; the victim is vulnerable.",
            review_date=application.received + timedelta(days=20),
        )
    assert decision.engine_output["met"] is False
    assert decision.policy_version == ThresholdPolicyVersion.objects.get(
        partnership=application.partnership
    )
    assert not decision.follows_recommendation
    application.refresh_from_db()
    assert application.status == Status.THRESHOLD_MET
    with pytest.raises(NotAllowedNow):
        threshold_decide(
            membership=chair, application=application, met=False, rationale="", review_date=None
        )
    # The advocate gets the letter by email, as a PDF attachment.
    letter = Letter.objects.get(application=application)
    assert letter.kind == "acknowledgement"
    assert letter.sha256 == hashlib.sha256(bytes(letter.pdf)).hexdigest()
    assert bytes(letter.pdf).startswith(b"%PDF")
    assert "Ada Advocate" in letter.html and "has been met" in letter.html
    assert "Persistent and escalating" in letter.html
    (message,) = mail.outbox
    assert message.to == ["ada@example.org"]
    filename, content, mimetype = message.attachments[0]
    assert filename.endswith("-acknowledgement.pdf")
    assert mimetype == "application/pdf" and content == bytes(letter.pdf)
    assert "Robin Victim" not in message.subject
    letter.refresh_from_db()
    assert letter.sent_at is not None
    disclosure = AuditEntry.objects.get(action="disclose", object_type="letter")
    assert disclosure.recipients == f"advocate (letter {letter.pk})"  # never the address


def test_a_letter_never_changes(demo) -> None:
    letter = Letter.objects.get(application=case_at("decided", met=False))
    letter.html = "changed"
    with pytest.raises(ValueError, match="cannot change"):
        letter.save()


def test_not_met_by_post_lands_on_the_list_to_post(recorded, membership, client_for) -> None:
    from casereview.applications.intake import VictimInput

    victim = VictimInput(
        name="Pat Post",
        postcode="ST5 1AB",
        contact_preference="post",
        address="3 Lane",
        large_print=True,
    )
    application = recorded(victim=victim, advocate=None)
    threshold_decide(
        membership=membership("chair@nul.example"),
        application=application,
        met=False,
        rationale="",
        review_date=None,
    )
    letter = Letter.objects.get(application=application)
    assert letter.delivery == "post" and letter.large_print
    assert "large-print" in letter.html
    assert "Staffordshire Commissioner" in letter.html  # the right to ask for a review
    assert "has not been met" in letter.html
    assert not mail.outbox
    pso = client_for("pso@nul.example")
    page = pso.get("/letters/to-post").content.decode()
    assert "Pat Post" in page
    response = pso.post(f"/letters/{letter.pk}/posted")
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.posted_at is not None
    assert "There are no letters waiting" in pso.get("/letters/to-post").content.decode()
    entry = AuditEntry.objects.get(action="disclose", object_type="letter")
    assert entry.recipients == f"victim (letter {letter.pk})"  # never the name or address
    # Marking twice records nothing more.
    letter_mark_posted(membership=membership("pso@nul.example"), letter=letter)
    assert AuditEntry.objects.filter(action="disclose").count() == 1


def test_letters_need_somewhere_to_go(recorded) -> None:
    from casereview.applications.intake import VictimInput

    by_phone = VictimInput(name="Pat", postcode="ST5 1AB", contact_preference="phone", phone="0")
    with pytest.raises(InvalidInput) as exc:
        recorded(victim=by_phone, advocate=None)
    assert _fields(exc) == {"victim.address"}  # letters to phone contacts are posted
    by_email = VictimInput(name="Pat", postcode="ST5 1AB", contact_preference="email")
    with pytest.raises(InvalidInput) as exc:
        recorded(victim=by_email, advocate=None)
    assert _fields(exc) == {"victim.email"}


def test_the_letter_reaches_a_real_smtp_server(
    recorded, membership, smtp_inbox, django_capture_on_commit_callbacks
) -> None:
    application = recorded()
    with django_capture_on_commit_callbacks(execute=True):
        threshold_decide(
            membership=membership("chair@nul.example"),
            application=application,
            met=False,
            rationale="",
            review_date=None,
        )
    (message,) = smtp_inbox.messages
    assert message["To"] == "ada@example.org"
    assert application.reference in message["Subject"]
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content() == bytes(application.letters.get().pdf)


def test_a_letter_that_cannot_be_emailed_waits_to_be_posted(
    recorded, membership, settings, client_for, django_capture_on_commit_callbacks
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    application = recorded()
    with django_capture_on_commit_callbacks(execute=True):
        threshold_decide(
            membership=membership("chair@nul.example"),
            application=application,
            met=False,
            rationale="",
            review_date=None,
        )
    letter = application.letters.get()
    assert letter.sent_at is None and letter.send_failed_at is not None
    assert not AuditEntry.objects.filter(action="disclose").exists()
    page = client_for("pso@nul.example").get("/letters/to-post").content.decode()
    assert "Email failed" in page and application.reference in page


def test_a_failed_letter_is_sent_when_the_server_is_back(
    recorded, membership, settings, smtp_inbox, django_capture_on_commit_callbacks
) -> None:
    from casereview.letters.delivery import letters_retry

    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 9  # the server is down when the Chair decides
    application = recorded()
    with django_capture_on_commit_callbacks(execute=True):
        threshold_decide(
            membership=membership("chair@nul.example"),
            application=application,
            met=False,
            rationale="",
            review_date=None,
        )
    assert not smtp_inbox.messages
    settings.EMAIL_PORT = port  # back up: the scheduled job sends it
    assert letters_retry() == 1
    assert [m["To"] for m in smtp_inbox.messages] == ["ada@example.org"]
    assert letters_retry() == 0
    assert application.letters.get().sent_at is not None
