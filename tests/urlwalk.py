"""Every named URL of the site, from the resolver, with its parameters filled in.

Shared by the access walks (tests/test_url_walk.py, tests/test_page_walk.py): a new URL is
walked by both without anyone listing it.
"""

from collections.abc import Iterator, Mapping
from datetime import timedelta

from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from casereview.accounts.models import (
    INVITATION_LIFETIME,
    Membership,
    Role,
    StaffInvitation,
    User,
)
from casereview.applications.models import Application, Letter
from casereview.core.dates import local_today
from casereview.devdata.demo.cases import load_demo_cases
from casereview.feeds.models import Person, Report
from casereview.partnerships.models import Partnership

# Pages anyone may read without signing in.
PUBLIC = frozenset(
    {
        "core:accessibility",
        "core:privacy",
        "core:cookies",
        "core:healthz",
        "core:readyz",
        "core:favicon",  # a redirect to the service's icon
        "accounts:sign_in",
        "accounts:password_reset",
        "accounts:password_reset_sent",
        "accounts:password_reset_done",
        "accounts:password_reset_confirm",
        "accounts:sign_in_code",
        "accounts:set_up_authenticator",  # redirect without a password step
        "publication:published",  # the statutory figures, published by law
        # Applicants have no account: the online application and the status link.
        "applicants:start",
        "applicants:step",
        "applicants:complaints",
        "applicants:complaint_add",
        "applicants:complaint_change",
        "applicants:complaint_remove",
        "applicants:check",
        "applicants:done",
        "applicants:status",
        "applicants:letter",
        "applicants:appeal",
        # The start page at `/` (signed-in staff get their home) and following a case with
        # its reference and access code.
        "casework:home",
        "applicants:follow",
        "applicants:document_add",
    }
)
# Patterns owned by libraries with their own protection (the API has its own walk).
SKIPPED_PREFIXES = ("admin:", "api:")
# Machine endpoints behind their own bearer token, not a session: 404 while switched off,
# 401 without the token.
TOKEN_ONLY = frozenset({"core:metrics"})
# Ending the session is allowed to everyone signed in, and would end the walk.
SIGN_OUT = frozenset({"accounts:sign_out", "accounts:sign_out_everywhere"})

# What the demo's applicants wrote about themselves: no page may show it to someone who
# should not see their case.
VICTIM_DATA = (
    "Jordan Example",
    "1 Example Street",
    "Sam Sample",
    "ST5 2CD",
    "Alex Advocate",
    "alex.advocate@example.org",
    "Corner Shop Example Ltd",
    "owner@cornershop.example",
    "ST5 3EF",
    "Repeated noise and threats",
    "intimidate customers",
)


def routes(resolver: URLResolver | None = None) -> list[tuple[str, str]]:
    """(name, route) of every named URL of ours (library-owned ones left out)."""
    return [
        (name, route)
        for name, route in _walk(resolver or get_resolver())
        if not name.startswith(SKIPPED_PREFIXES)
    ]


def _walk(
    resolver: URLResolver, namespace: str = "", prefix: str = ""
) -> Iterator[tuple[str, str]]:
    """(name, full route) of every named URL, following includes with their prefixes."""
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern).lstrip("^").rstrip("$")
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, inner, route)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", route


def example_path(route: str, objects: Mapping[str, str]) -> str:
    for converter, value in objects.items():
        route = route.replace(converter, value)
    return "/" + route


def demo_objects() -> dict[str, str]:
    """URL parameters naming objects of the Newcastle demo (its cases loaded here): the
    decided case, its letter, a Newcastle membership, Newcastle's invitation to Stafford's
    Chair (only she may open it). Ids of objects the demo lacks are 1."""
    nul_membership = Membership.objects.get(user__email="pso@nul.example")
    invitation = invitation_for("chair@sta.example", nul_membership.partnership)
    load_demo_cases()
    decided = Application.objects.get(decision__met=True)
    return {
        "<slug:step>": "received",
        "<str:reference>": decided.reference,
        "<str:key>": "c1",
        "<slug:agency>": "police",
        "<int:attachment_id>": "1",
        "<int:action_id>": "1",
        "<int:recommendation_id>": "1",
        "<int:pk>": "1",
        "<int:first>": "1",
        "<int:second>": "2",
        "<str:token>": "no-such-token",
        "<int:letter_id>": str(Letter.objects.get(application=decided).pk),
        "<int:membership_id>": str(nul_membership.pk),
        "<int:invitation_id>": str(invitation.pk),
        "<slug:slug>": "police",
        "<int:token_id>": "1",
        "<int:document_id>": "1",
        "<int:person_id>": "1",
        "<uidb64>": "MQ",
        "<token>": "set-password",
        "<str:public_id>": radar_person(nul_membership.partnership).public_id,
    }


def radar_person(partnership: Partnership) -> Person:
    """A Newcastle person on the radar: two reports to two agencies this month."""
    person = Person.objects.create(partnership=partnership, public_id="walk-radar-person")
    today = local_today()
    for n, slug in enumerate(("police", "council"), 1):
        Report.objects.create(
            partnership=partnership,
            agency=partnership.agencies.get(slug=slug),
            agency_reference=f"WALK-{n}",
            reported_on=today - timedelta(days=n),
            behaviour_on=today - timedelta(days=n),
            first_name="Rowan",
            surname="Radar",
            postcode="ST5 4GH",
            person=person,
        )
    return person


def invitation_for(email: str, partnership: Partnership) -> StaffInvitation:
    """An open invitation to the intake role in `partnership`, for the person `email`."""
    return StaffInvitation.objects.create(
        user=User.objects.get(email=email),
        partnership=partnership,
        role=Role.INTAKE,
        expires_at=timezone.now() + INVITATION_LIFETIME - timedelta(minutes=1),
    )


def filled_paths(
    objects: Mapping[str, str], per_name: Mapping[str, Mapping[str, str]] | None = None
) -> list[tuple[str, str]]:
    """(name, path) of every URL; `per_name` overrides parameters for particular URLs."""
    per_name = per_name or {}
    return [
        (name, example_path(route, {**objects, **per_name.get(name, {})}))
        for name, route in routes()
    ]
