"""Every page, walked as each role of the partnership and as a partner whose agency was not
asked: who may use each URL is written down here, and a URL nobody has classified fails.
Every page that renders also carries the security headers and stays within its queries.

The URLs come from the resolver (tests/urlwalk.py), so a new page is walked without anyone
listing it, but it must be given its roles in ACCESS first.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from builders import case_at
from clerical_model import pair_of
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from helpers import assert_security_headers
from urlwalk import (
    PUBLIC,
    SIGN_OUT,
    TOKEN_ONLY,
    VICTIM_DATA,
    demo_objects,
    filled_paths,
    invitation_for,
    routes,
)

from casereview.accounts.models import Membership, Role, User
from casereview.accounts.services import api_token_create
from casereview.applicants.documents import document_add
from casereview.applicants.links import status_link_issue
from casereview.applications.models import Application, Status
from casereview.applications.people import PersonInput, person_add
from casereview.core.audit import Actor
from casereview.core.dates import local_today
from casereview.core.models import AuditAction, AuditEntry
from casereview.dataprotection.subject_access.record import sar_create
from casereview.devdata.demo.partnerships import demo_totp_key
from casereview.feeds.models import Person, Report
from casereview.feeds.radar.projection import refresh_radar
from casereview.partnerships.models import Agency, AgencyKind, Partnership
from casereview.reviews.attachments import attachment_add
from casereview.reviews.models import Contribution

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# One Newcastle member per role (the appeals officer belongs to the county's Commissioner).
MEMBERS = {
    Role.INTAKE: "intake@nul.example",
    Role.COORDINATOR: "pso@nul.example",
    Role.CHAIR: "chair@nul.example",
    Role.PARTNER: "police@nul.example",  # police were asked, and have contributed
    Role.AUDITOR: "dpo@nul.example",
    Role.ADMIN: "admin@nul.example",
    Role.APPEALS: "appeals@pfcc.example",
}
UNASKED_PARTNER = "wardens@nul.example"


@dataclass
class World:
    paths: dict[str, str]  # URL name -> path naming real Newcastle objects
    absent: dict[str, str]  # URL name -> the same path naming objects that do not exist


def _unasked_partner() -> None:
    """An agency that joined after the partners were asked, and its officer."""
    newcastle = Application.objects.get(decision__met=True).partnership
    wardens = Agency.objects.create(
        partnership=newcastle,
        slug="wardens",
        name="Neighbourhood Wardens",
        kind=AgencyKind.OTHER,
        relevant_body=False,
        contact_email="wardens@nul.example",
    )
    user = User.objects.create_user(UNASKED_PARTNER, full_name="Wendy Warden")
    TOTPDevice.objects.create(user=user, name="Test", key=demo_totp_key(), confirmed=True)
    Membership.objects.create(user=user, partnership=newcastle, agency=wardens, role=Role.PARTNER)


@pytest.fixture
def world(
    demo: None, membership: Callable[[str], Membership], django_capture_on_commit_callbacks: Any
) -> World:
    """The demo's three cases, plus one of everything a URL can name: a file the police
    attached, a meeting held, minutes with an action for the police, a subject access
    request, an API token, the applicant's status link."""
    with django_capture_on_commit_callbacks(execute=True):  # letters' PDFs are made after commit
        return _world(membership)


def _world(membership: Callable[[str], Membership]) -> World:
    objects = demo_objects()
    decided = Application.objects.get(decision__met=True)
    waiting = Application.objects.get(status=Status.RECEIVED)
    appealed = Application.objects.get(appeal__isnull=False)
    pso, police = membership(MEMBERS[Role.COORDINATOR]), membership(MEMBERS[Role.PARTNER])
    attachment = attachment_add(
        membership=police,
        contribution=Contribution.objects.get(request__application=decided),
        upload=SimpleUploadedFile("log.pdf", PDF, "application/pdf"),
    )
    # The meeting was held an hour ago: its minutes give the police an action.
    minutes = case_at(
        "minuted", application=decided, meeting_at=timezone.now() - timedelta(hours=1)
    ).minutes.get()
    sar = sar_create(
        membership=membership(MEMBERS[Role.AUDITOR]),
        requester="Sam Sample",
        reply_to="sam@example.org",
        received=local_today(),
        name="Sam Sample",
        email="",
        postcode="ST5 2CD",
    )
    token, _ = api_token_create(membership=pso, name="walk", actor=Actor.system("test"))
    link = status_link_issue(membership=pso, application=decided)
    document = document_add(
        link=link,
        upload=SimpleUploadedFile("diary.pdf", PDF, "application/pdf"),
        description="Diary sheet",
    )
    # A witness on the decided case: the coordinator's pages name them.
    witness = person_add(
        membership=pso,
        application=decided,
        data=PersonInput(role="witness", name="Wes Witness", phone="07700 900111"),
        today=local_today(),
    )
    _unasked_partner()
    # A pair of partner reports for the coordinator to check (scored by a real model).
    pair = pair_of(decided.partnership)
    # ...whose two reports linkage has put with one person.
    person = Person.objects.create(partnership=decided.partnership, public_id="walk-person")
    Report.objects.filter(pk__in=(pair.first_id, pair.second_id)).update(person=person)
    two_reports = {"<int:first>": str(pair.first_id), "<int:second>": str(pair.second_id)}
    stafford = Membership.objects.get(user__email="pso@sta.example").partnership
    invitation = invitation_for(MEMBERS[Role.COORDINATOR], stafford)
    objects.update(
        {
            "<int:attachment_id>": str(attachment.pk),
            "<int:action_id>": str(minutes.actions.get().pk),
            "<int:recommendation_id>": str(minutes.recommendations.get().pk),
            "<int:pk>": str(sar.pk),
            "<str:token>": link.token,
            "<int:token_id>": str(token.pk),
            "<int:invitation_id>": str(invitation.pk),
            "<int:document_id>": str(document.pk),
            "<int:person_id>": str(witness.pk),
        }
    )
    # Pages that only render for a case in another state.
    undecided = {"<str:reference>": waiting.reference}
    per_name = {
        "decision:decide": undecided,
        "applications:complaint_add": undecided,
        "applications:complaint_change": undecided,
        "applications:complaint_remove": undecided,
        "feeds:application_reports": undecided,
        "appeals:record": {"<str:reference>": appealed.reference},
        "appeals:pack": {"<str:reference>": appealed.reference},
        "appeals:outcome": {"<str:reference>": appealed.reference},
        # The appealed case's letter: its partnership and the office that holds it read it.
        "letters:letter": {"<int:letter_id>": str(appealed.letters.first().pk)},
        "letters:letter_pdf": {"<int:letter_id>": str(appealed.letters.first().pk)},
        "appeals:actions": {"<str:reference>": appealed.reference},
        "publication:published": {"<slug:slug>": decided.partnership.slug},
        "applicants:step": {"<slug:step>": "partnership"},
        "feeds:pair": {"<int:pk>": str(pair.pk)},
        "feeds:pair_chart": {"<int:pk>": str(pair.pk)},
        "feeds:linked": two_reports,
        "feeds:linked_chart": two_reports,
    }
    nothing = {
        **objects,
        "<str:reference>": "NUL-1999-9999",
        "<int:attachment_id>": "999999",
        "<int:action_id>": "999999",
        "<int:recommendation_id>": "999999",
        "<int:pk>": "999999",
        "<str:token>": "no-such-token",
        "<int:token_id>": "999999",
        "<int:letter_id>": "999999",
        "<int:membership_id>": "999999",
        "<int:invitation_id>": "999999",
        "<int:document_id>": "999999",
        "<int:first>": "999998",
        "<int:second>": "999999",
        "<str:public_id>": "no-such-person",
        "<int:person_id>": "999999",
    }
    # The radar as the link after an import and the daily recount leave it: the walk
    # measures the steady state, not the one recount after a rule or report changes.
    for partnership in Partnership.objects.all():
        refresh_radar(partnership.pk)
    return World(
        paths=dict(filled_paths(objects, per_name)),
        absent=dict(filled_paths(nothing, {k: {} for k in per_name})),
    )


# --- who may use each URL ----------------------------------------------------------------

EVERYONE = frozenset(Role.values)
NOBODY: frozenset[str] = frozenset()
CASE_TEAM = frozenset({Role.COORDINATOR, Role.CHAIR})
RECORDERS = CASE_TEAM | {Role.INTAKE}
COORDINATOR, CHAIR, PARTNER = (
    frozenset({Role.COORDINATOR}),
    frozenset({Role.CHAIR}),
    frozenset({Role.PARTNER}),
)
# Every URL name the resolver knows, and the roles (of the partnership whose objects fill
# it) that may use it. A new URL fails test_every_url_has_its_roles_written_down until it
# is added here. Object-level rules narrow some of these further (noted beside them).
ACCESS: dict[str, frozenset[str]] = {
    **dict.fromkeys(PUBLIC, EVERYONE),
    # Bearer token for the monitoring scraper (TOKEN_ONLY), not a role.
    "core:metrics": NOBODY,
    # Everyone's own account and session.
    "casework:home": EVERYONE,
    "accounts:account": EVERYONE,
    "accounts:token_create": EVERYONE,
    "accounts:token_revoke": EVERYONE,  # only their own tokens (else 404)
    "accounts:recovery_codes": EVERYONE,
    "accounts:confirm_identity": EVERYONE,
    "accounts:switch_membership": EVERYONE,
    # Only the person invited: the walk's invitation (from Stafford) is the coordinator's.
    "accounts:invitation": COORDINATOR,
    "accounts:sign_out": EVERYONE,
    "accounts:sign_out_everywhere": EVERYONE,
    # Data protection officer.
    "manage:audit_log": frozenset({Role.AUDITOR}),
    "manage:audit_csv": frozenset({Role.AUDITOR}),
    "manage:audit_verify": frozenset({Role.AUDITOR}),
    "manage:audit_checkpoint_check": frozenset({Role.AUDITOR}),
    "dataprotection:sar_list": frozenset({Role.AUDITOR, Role.COORDINATOR}),
    "dataprotection:sar_detail": frozenset({Role.AUDITOR, Role.COORDINATOR}),
    "dataprotection:sar_export": frozenset({Role.AUDITOR, Role.COORDINATOR}),
    "dataprotection:legal_hold": CASE_TEAM,
    # Partnership administrator.
    "manage:agencies": frozenset({Role.ADMIN}),
    "manage:agency_add": frozenset({Role.ADMIN}),
    "manage:agency_edit": frozenset({Role.ADMIN}),
    "manage:users": frozenset({Role.ADMIN}),
    "manage:user_add": frozenset({Role.ADMIN}),
    "manage:user_edit": frozenset({Role.ADMIN}),
    "manage:threshold_policy": frozenset({Role.ADMIN}),
    "manage:harm_policy": frozenset({Role.ADMIN}),
    "manage:deadlines": frozenset({Role.ADMIN}),
    "manage:letter_wording": frozenset({Role.ADMIN}),
    "manage:contact_details": frozenset({Role.ADMIN}),
    "manage:user_authenticator_reset": frozenset({Role.ADMIN}),
    "manage:user_unlock": frozenset({Role.ADMIN}),
    # Recording requests: intake sees only what they recorded (the walk's cases are the
    # PSO's, so intake is refused on them: see the case pages below).
    "casework:list": RECORDERS,
    "applications:new": RECORDERS,
    "applications:new_step": RECORDERS,
    "applications:new_complaints": RECORDERS,
    "applications:new_complaint_add": RECORDERS,
    "applications:new_complaint_change": RECORDERS,
    "applications:new_complaint_remove": RECORDERS,
    "applications:new_check": RECORDERS,
    # Running a case. Partners and the appeals body are sent on to their own view of it.
    "casework:detail": CASE_TEAM | {Role.PARTNER, Role.APPEALS},
    # Intake may log contacts only on a case they recorded (the walk's is the PSO's).
    "casework:contact_new": CASE_TEAM,
    # The coordinator assesses the harm with the victim; the Chair reads it.
    "casework:harm_new": COORDINATOR,
    "decision:decide": CHAIR,
    "applications:complaint_add": CASE_TEAM,
    "applications:complaint_change": CASE_TEAM,
    "applications:complaint_remove": CASE_TEAM,
    # The office reads every letter of a case it holds, and marks posted only its own
    # letters (tests/appeals/test_office.py: a partnership's letter is not found).
    "letters:letter": CASE_TEAM | {Role.APPEALS},
    "letters:letter_pdf": CASE_TEAM | {Role.APPEALS},
    "letters:letter_posted": CASE_TEAM | {Role.APPEALS},
    "letters:to_post": CASE_TEAM | {Role.APPEALS},
    "applicants:link_issue": CASE_TEAM,
    "applicants:link_revoke": CASE_TEAM,
    "applicants:link_show": CASE_TEAM,
    "applicants:document": CASE_TEAM,  # a file the applicant added from their status link
    "applications:sharing": CHAIR,  # sharing without the victim's agreement
    # The people named on the case: the case team records them (partners see theirs on
    # their contribution page).
    "applications:people": CASE_TEAM,
    "applications:person_add": CASE_TEAM,
    "applications:person_change": CASE_TEAM,
    "applications:person_remove": CASE_TEAM,
    "applications:person_share": CASE_TEAM,
    "reviews:partners": COORDINATOR,
    "reviews:partner_stop": COORDINATOR,
    "reviews:meeting": COORDINATOR,
    "reviews:minutes": COORDINATOR,
    "reviews:victim_response": COORDINATOR,
    "reviews:approve": CHAIR,
    "reviews:conclude": CHAIR,
    "reviews:withdraw": CASE_TEAM,
    # Partner officers: only cases their agency was asked about, only their own actions.
    "reviews:contribution": PARTNER,
    "reviews:attachment_upload": PARTNER,
    "reviews:attachment": CASE_TEAM | PARTNER,
    "reviews:pack": CASE_TEAM | PARTNER,
    "reviews:pack_pdf": CASE_TEAM | PARTNER,
    "reviews:actions": CASE_TEAM | PARTNER,
    "reviews:action_update": COORDINATOR | PARTNER,  # the Chair reads, does not update
    "reviews:attachment_remove": COORDINATOR | PARTNER,  # the uploader, before the meeting
    "reviews:recommendation_respond": PARTNER,  # the agency it is aimed at
    # Appeals: the PSO records one on the applicant's behalf; the Commissioner decides.
    "appeals:list": frozenset({Role.APPEALS}),
    "appeals:record": frozenset({Role.APPEALS, Role.COORDINATOR}),
    "appeals:pack": CASE_TEAM | {Role.APPEALS},
    "appeals:outcome": frozenset({Role.APPEALS}),
    "appeals:office": frozenset({Role.APPEALS}),
    # The coordinator makes an upheld appeal's recommendations actions for agencies.
    "appeals:actions": COORDINATOR,
    # Published figures, before publication.
    "publication:figures": CASE_TEAM | {Role.APPEALS},
    "publication:figures_csv": CASE_TEAM | {Role.APPEALS},
    "publication:figures_json": CASE_TEAM | {Role.APPEALS},
    # Pairs of partner reports linkage was unsure about: the coordinator checks them.
    "feeds:pairs": COORDINATOR,
    "feeds:pair": COORDINATOR,
    "feeds:pair_chart": COORDINATOR,
    "feeds:pair_labels": COORDINATOR,
    # Why two reports were linked to one person: those who see the radar.
    "feeds:linked": CASE_TEAM,
    "feeds:linked_chart": CASE_TEAM,
    # Partner feeds: the coordinator sends for any agency, a partner officer for their own
    # (and sees only their own agency's imports and reports).
    "feeds:send": COORDINATOR | PARTNER,
    "feeds:import_result": COORDINATOR | PARTNER,
    "feeds:reports": COORDINATOR | PARTNER,
    # The radar joins agencies' reports: the coordinator acts on it, the Chair reads it;
    # what it does with personal data is for all the partnership's staff.
    "feeds:radar": CASE_TEAM,
    "feeds:radar_person": CASE_TEAM,
    "feeds:radar_contact": COORDINATOR,
    "feeds:radar_draft": COORDINATOR,
    "feeds:application_reports": COORDINATOR,
    "feeds:radar_about": EVERYONE - {Role.APPEALS},
}

# What a GET by a role that may use the URL answers, where that is not a page (200): a
# redirect (no draft, nothing to show, an action that needs a POST, someone already signed
# in) or 405 (POST only).
GET_ANSWER: dict[str, int] = {
    "feeds:import_result": 404,  # the walk's world has no import
    "core:favicon": 302,  # to the service's icon under /static/
    "accounts:sign_in": 302,
    "accounts:sign_in_code": 302,
    "accounts:set_up_authenticator": 302,
    "accounts:recovery_codes": 302,
    "accounts:token_create": 405,
    "accounts:token_revoke": 405,
    "accounts:sign_out": 405,
    "accounts:sign_out_everywhere": 405,
    "applicants:link_issue": 405,
    "applicants:link_revoke": 405,
    "manage:user_authenticator_reset": 405,
    "manage:user_unlock": 405,
    "applicants:complaints": 302,
    "applicants:complaint_add": 302,
    "applicants:complaint_change": 302,
    "applicants:complaint_remove": 302,
    "applicants:check": 302,
    "applicants:done": 302,
    "applicants:appeal": 302,  # the decided case is not open to appeal
    "applications:sharing": 302,  # the walk's victim agreed to sharing: nothing to decide
    "applications:new_complaints": 302,
    "applications:new_complaint_add": 302,
    "applications:new_complaint_change": 302,
    "applications:new_complaint_remove": 302,
    "applications:new_check": 302,
    "letters:letter_posted": 302,
    "manage:audit_verify": 302,
    "manage:audit_checkpoint_check": 302,  # checking an uploaded checkpoint is a POST
    "dataprotection:sar_export": 302,
    "reviews:approve": 302,
    "reviews:attachment_upload": 302,
    "reviews:partner_stop": 302,
    "reviews:pack_pdf": 302,  # the worker renders it: until then, the pack page says so
    "reviews:attachment_remove": 302,  # the meeting has started: files stay
    "feeds:radar_draft": 302,  # starting a request is a POST: a GET goes back to the person
}
GET_ANSWER_FOR_ROLE = {
    ("casework:detail", Role.PARTNER): 302,
    ("casework:detail", Role.APPEALS): 302,
    # The appeals body records an appeal only for a case found by the appellant's details
    # (on its list page); on a case already appealed it is sent on to the appeal pack.
    ("appeals:record", Role.APPEALS): 302,
}

# Pages over the budget of 12 queries, with what they take (most queries at any role). Every
# signed-in page spends 7 before its own reads: session, user, MFA device and membership,
# then 3 to append the read to the audit chain. A whole case (complaints, letters, partner
# requests, minutes with their recommendations and actions, the meeting's agencies,
# possible duplicates, the status link, the applicant's documents) takes 11 more; the count
# does not grow with data.
QUERY_BUDGET = 12
KNOWN_OVER_QUERY_BUDGET: dict[str, int] = {
    "decision:decide": 13,
    # With the minutes' attendance, each action's agencies' parts, the contact log and the
    # files the applicant added, and the harm assessments.
    # And the people named on it, with whom each is shared, and their other cases.
    "casework:detail": 25,
    # The people named on the case, each saying whether it is shared with the agency.
    "reviews:contribution": 13,
    "applications:person_share": 13,  # the person, the agencies and those shared with
    # The applications found with their complaints, partner requests, letters and the files
    # the applicant added, and the complaints and partners' notes in other cases, and the
    # contact logs, the people named on cases and harm assessments: 12 reads, whatever is found.
    "dataprotection:sar_detail": 19,
    "reviews:pack": 14,  # and whether its PDF is being prepared, and the harm level
    # The agencies, the minutes with their plan and attendance, and the people on the case.
    "reviews:minutes": 15,
    "reviews:pack_pdf": 17,  # the pack recorded for the worker to render (a savepoint), harm
    # The policy in effect today, the agencies, the people with two reports in the window,
    # their reports, contacts and applications: six reads whatever the number of people.
    "feeds:radar": 15,  # with the projection's freshness check and counts by stage
    "feeds:radar_person": 14,  # the person, their reports, contacts and letters, the policy
    "feeds:radar_contact": 14,
    "feeds:application_reports": 15,  # the case, and the matching reports and those linked
}

# Health checks for the load balancer: JSON, but nobody's data and nothing to download.
PROBES = frozenset({"core:healthz", "core:readyz"})

# Forbidden POSTs carry what the form would accept, so a missing check would show.
POST_DATA: dict[str, dict[str, str]] = {
    "decision:decide": {"threshold_met": "no", "rationale": "Walk."},
    "reviews:withdraw": {"reason": "Walk."},
    "reviews:conclude": {"summary": "Walk."},
    "reviews:victim_response": {"victim_response": "Walk."},
    "reviews:action_update": {"status": "done", "progress": "Walk."},
    "reviews:recommendation_respond": {"accepted": "yes", "notes": "Walk."},
    "reviews:contribution": {
        "nil_return": "yes",
        "entry-TOTAL_FORMS": "0",
        "entry-INITIAL_FORMS": "0",
    },
    "appeals:outcome": {"upheld": "no", "findings": "Walk.", "recommendations": ""},
    "dataprotection:legal_hold": {"hold": "yes", "reason": "Walk."},
    "manage:user_edit": {"action": "remove"},
    "feeds:pair": {"verdict": "same"},
    "applications:person_add": {"role": "witness", "name": "Walk."},
    "applications:person_change": {"role": "witness", "name": "Walk."},
    "applications:person_share": {"agencies": "police", "reason": "Walk."},
    "casework:harm_new": {
        "assessed_on_day": "1",
        "assessed_on_month": "1",
        "assessed_on_year": "2025",
        "method": "phone",
        "persistence": "months",
        "response": "none",
    },
    "casework:contact_new": {
        "contacted_on_day": "1",
        "contacted_on_month": "1",
        "contacted_on_year": "2025",
        "direction": "to_us",
        "method": "phone",
        "summary": "Walk.",
    },
}

# URL parameters that name a case or something inside one.
CASE_PARAMETERS = (
    "<str:reference>",
    "<str:public_id>",  # a person on the radar
    "<int:letter_id>",
    "<int:attachment_id>",
    "<int:action_id>",
    "<int:recommendation_id>",
    "<int:person_id>",
)
# What the demo's case holds beyond the applicant's details: no outsider may see it either.
CASE_CONTENT = (*VICTIM_DATA, "Patrol Fridays", "Install CCTV", "Two reports attended", "log.pdf")


def _state() -> dict[str, Any]:
    """Every row the site keeps, apart from sessions and the audit log's refusals (which
    refused requests are meant to add)."""
    rows: dict[str, Any] = {"audit": _audited()}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in {"sessions.session", "core.auditentry", "core.auditseal"}:
            continue
        if model._meta.managed and not model._meta.proxy:
            rows[label] = list(model._default_manager.order_by("pk").values_list())
    return rows


def _audited() -> list[int]:
    return list(
        AuditEntry.objects.exclude(action=AuditAction.PERMISSION_DENIED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _changed(before: dict[str, Any]) -> list[str]:
    after = _state()
    return [label for label in before if before[label] != after[label]]


def _shows(response: Any, markers: tuple[str, ...]) -> list[str]:
    if response.streaming:  # read to the end, which closes it as the test client expects
        body = b"".join(response.streaming_content).decode(errors="replace")
    else:
        body = response.content.decode(errors="replace")
    return [m for m in markers if m in body]


def test_every_url_has_its_roles_written_down(world: World) -> None:
    missing = sorted(set(world.paths) - set(ACCESS))
    assert not missing, f"Say which roles may use these URLs, in ACCESS: {missing}"
    assert not sorted(set(ACCESS) - set(world.paths)), "ACCESS names URLs that are gone"
    assert set(GET_ANSWER) <= set(ACCESS) and set(KNOWN_OVER_QUERY_BUDGET) <= set(ACCESS)


def test_roles_without_a_page_are_refused_it(
    world: World, client_for: Callable[[str], Client]
) -> None:
    """Same-partnership staff of each role, on every page their role may not use: refused
    (403, or 404 where the object is out of their sight), shown nothing of the case, and
    their POSTs change nothing. (One walk for all roles: building the world is the cost.)"""
    clients = {role: client_for(MEMBERS[role]) for role in Role.values}  # signing in writes
    before = _state()
    for role, client in clients.items():
        for name, path in world.paths.items():
            if role not in ACCESS[name]:
                _refused(client, name, path, role, before["audit"])
        assert client.get("/account").status_code == 200  # still signed in
    assert _changed(before) == []


def _refused(client: Client, name: str, path: str, role: str, audited: list[int]) -> None:
    got = client.get(path)
    # POST-only views answer a GET with 405 before they look at the role; a token-only
    # endpoint asks for its token (401) or is switched off (404).
    refusals = (401, 403, 404, 405) if name in TOKEN_ONLY else (403, 404, 405)
    assert got.status_code in refusals, f"GET {path} as {role}: {got.status_code}"
    assert not _shows(got, CASE_CONTENT), f"GET {path} as {role} shows {_shows(got, CASE_CONTENT)}"
    posted = client.post(path, POST_DATA.get(name, {}))
    assert posted.status_code in refusals[:-1], f"POST {path} as {role}: {posted.status_code}"
    assert not _shows(posted, CASE_CONTENT), f"POST {path} as {role}"
    # Every service audits what it does, so a write would show here at once.
    assert _audited() == audited, f"POST {path} as {role} did something"


def test_a_partner_whose_agency_was_not_asked_finds_no_case(
    world: World, client_for: Callable[[str], Client]
) -> None:
    """An officer of the same partnership whose agency was not asked: every URL naming the
    case is "not found", exactly as for a case that does not exist, and no page (home,
    actions, figures...) shows anything of it."""
    client = client_for(UNASKED_PARTNER)
    case_urls = {n for n, route in routes() if any(p in route for p in CASE_PARAMETERS)}
    before = _state()
    for name, path in world.paths.items():
        if name in PUBLIC or name in SIGN_OUT:
            continue
        route_names_case = name in case_urls
        # Their own account's actions (a new token, recovery codes) are theirs to take.
        for method in ("get",) if ACCESS[name] == EVERYONE else ("get", "post"):
            got = getattr(client, method)(path, follow=True)
            assert got.status_code < 500, f"{method} {path}"
            assert not _shows(got, CASE_CONTENT), (
                f"{method} {path} shows {_shows(got, CASE_CONTENT)}"
            )
            if not route_names_case:
                continue
            absent = getattr(client, method)(world.absent[name], follow=True)
            assert got.status_code == absent.status_code, f"{method} {path} tells it exists"
            if Role.PARTNER in ACCESS[name]:
                assert got.status_code == 404, f"{method} {path}: {got.status_code}"
            else:
                assert got.status_code in (403, 404, 405), f"{method} {path}: {got.status_code}"
    assert _changed(before) == []


def test_every_page_carries_the_security_headers(
    world: World,
    client_for: Callable[[str], Client],
    django_assert_max_num_queries: Any,
) -> None:
    """Every URL, as each role that may use it (so real pages render), and the public ones
    signed out: the headers on each, the CSP nonce on each inline script, no-store on all
    that are signed in or personal, and downloads that say they are downloads."""
    for role, email in MEMBERS.items():
        client = client_for(email)
        for name, path in world.paths.items():
            if role not in ACCESS[name] or name == "accounts:sign_out_everywhere":
                continue
            if name in PUBLIC and role != Role.INTAKE:  # the same page for every role
                continue
            budget = KNOWN_OVER_QUERY_BUDGET.get(name, QUERY_BUDGET)
            with django_assert_max_num_queries(budget):
                response = client.get(path)
            expected = GET_ANSWER_FOR_ROLE.get((name, role), GET_ANSWER.get(name, 200))
            assert response.status_code == expected, f"GET {path} as {role}"
            where = f"GET {path} as {role}"
            assert_security_headers(response, private=True, where=where, probe=name in PROBES)
            if response.streaming:  # read to the end, which closes the file
                assert b"".join(response.streaming_content).startswith(b"%PDF"), where
    anonymous = Client()
    for name, path in world.paths.items():
        if name in PUBLIC:
            response = anonymous.get(path)
            assert response.status_code in (200, 302), path
            private = path.startswith(("/apply", "/status/"))
            where = f"GET {path} signed out"
            assert_security_headers(response, private=private, where=where, probe=name in PROBES)
    # The one download that needs a POST: the subject access export (of letters whose PDFs
    # their tasks have made: the export never renders one).
    from casereview.applications.models import Letter
    from casereview.letters.render import letter_render

    for pending in Letter.objects.filter(pdf_rendered_at__isnull=True).values_list("pk", flat=True):
        letter_render(pending)
    auditor = client_for(MEMBERS[Role.AUDITOR])
    preview = auditor.get(world.paths["dataprotection:sar_detail"]).content.decode()
    shown = re.findall(r'name="shown" value="([^"]+)"', preview)
    assert shown, "the walk's subject access request finds the demo's Sam Sample"
    export = auditor.post(world.paths["dataprotection:sar_export"], {"shown": shown})
    assert export.status_code == 200 and export["Content-Type"] == "application/zip"
    assert_security_headers(export, private=True, where="POST subject access export")
