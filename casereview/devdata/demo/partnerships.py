"""The demo partnerships and people, for `make run` and the browser tests. Demo only: the
password and TOTP secret below are public."""

import base64
from dataclasses import dataclass

from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from casereview.accounts.models import Membership, Role, User
from casereview.partnerships.models import (
    DUTY_BEGAN,
    Agency,
    AgencyKind,
    AppealsBody,
    CaseSettings,
    LetterWording,
    Partnership,
    ThresholdPolicyVersion,
)

DEMO_PASSWORD = "demo-password-not-for-real-use"  # noqa: S105
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - base32, typed into an app
# Every demo user's recovery codes, for signing in without the authenticator (each works once
# per user; `casereview demo` puts back any that were spent).
DEMO_RECOVERY_CODES = tuple(f"demo0-{n:05d}" for n in range(1, 11))

AGENCIES = [
    ("police", "Staffordshire Police", AgencyKind.POLICE, True),
    ("council", "{place} Borough Council", AgencyKind.COUNCIL, True),
    ("housing", "Aspire Housing", AgencyKind.HOUSING, True),
    ("health", "Staffordshire and Stoke-on-Trent Integrated Care Board", AgencyKind.HEALTH, True),
    ("fire", "Staffordshire Fire and Rescue Service", AgencyKind.FIRE, False),
]


@dataclass(frozen=True)
class DemoUser:
    email: str
    name: str
    role: Role
    partnership: str | None = None
    agency: str | None = None


USERS = [
    DemoUser("intake@nul.example", "Ian Intake", Role.INTAKE, "newcastle-under-lyme"),
    DemoUser("pso@nul.example", "Priya Sharma", Role.COORDINATOR, "newcastle-under-lyme"),
    DemoUser("chair@nul.example", "Charles Hale", Role.CHAIR, "newcastle-under-lyme"),
    DemoUser("police@nul.example", "PC Pat Owen", Role.PARTNER, "newcastle-under-lyme", "police"),
    DemoUser("council@nul.example", "Cora Lowe", Role.PARTNER, "newcastle-under-lyme", "council"),
    DemoUser("housing@nul.example", "Hari Singh", Role.PARTNER, "newcastle-under-lyme", "housing"),
    DemoUser("dpo@nul.example", "Dana Price", Role.AUDITOR, "newcastle-under-lyme"),
    DemoUser("admin@nul.example", "Adam Minter", Role.ADMIN, "newcastle-under-lyme"),
    DemoUser("pso@sta.example", "Sam Taylor", Role.COORDINATOR, "stafford"),
    DemoUser("chair@sta.example", "Carol Stone", Role.CHAIR, "stafford"),
    DemoUser("appeals@pfcc.example", "Alex Pearce", Role.APPEALS),
]


def demo_totp_key() -> str:
    return base64.b32decode(DEMO_TOTP_SECRET).hex()


def _partnership(slug: str, name: str, prefix: str, body: AppealsBody) -> Partnership:
    partnership, _ = Partnership.objects.update_or_create(
        slug=slug,
        defaults={
            "name": name,
            "reference_prefix": prefix,
            "contact_name": f"{name} Vulnerability Hub",
            "contact_email": f"casereview@{prefix.lower()}.example",
            "contact_phone": "01782 000000",
            "contact_address": f"Community Safety Team, Civic Centre, {name.split(' ')[0]}",
            "appeals_body": body,
        },
    )
    place = name.replace(" Partnership", "")
    for agency_slug, agency_name, kind, relevant in AGENCIES:
        Agency.objects.update_or_create(
            partnership=partnership,
            slug=agency_slug,
            defaults={
                "name": agency_name.format(place=place),
                "kind": kind,
                "relevant_body": relevant,
                "contact_email": f"{agency_slug}@{prefix.lower()}.example",
            },
        )
    return partnership


def _user(spec: DemoUser, partnerships: dict[str, Partnership], body: AppealsBody) -> None:
    user, created = User.objects.get_or_create(email=spec.email, defaults={"full_name": spec.name})
    if created or not user.has_usable_password():
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    partnership = partnerships[spec.partnership] if spec.partnership else None
    Membership.objects.get_or_create(
        user=user,
        role=spec.role,
        partnership=partnership,
        appeals_body=None if partnership else body,
        agency=Agency.objects.get(partnership=partnership, slug=spec.agency)
        if spec.agency
        else None,
    )
    TOTPDevice.objects.update_or_create(
        user=user,
        name="Demo authenticator",
        defaults={"key": demo_totp_key(), "confirmed": True},
    )
    recovery, _ = StaticDevice.objects.update_or_create(
        user=user,
        defaults={
            "name": "Recovery code",
            "confirmed": True,
            # A wrong code makes the next one wait a little: a fresh demo starts without.
            "throttling_failure_count": 0,
            "throttling_failure_timestamp": None,
        },
    )
    for code in DEMO_RECOVERY_CODES:
        # Stored as the sign-in page compares them: no hyphen, lower case.
        StaticToken.objects.get_or_create(device=recovery, token=code.replace("-", ""))


@transaction.atomic
def load_demo() -> None:
    """Idempotent: running it again changes nothing that is already there."""
    body, _ = AppealsBody.objects.update_or_create(
        slug="staffordshire-commissioners-office",
        defaults={
            "name": "Staffordshire Commissioner's Office",
            "email": "appeals@pfcc.example",
            "phone": "01785 000000",
            "address": "Block 9, Weston Road, Stafford ST18 0YY",
        },
    )
    partnerships = {
        "newcastle-under-lyme": _partnership(
            "newcastle-under-lyme", "Newcastle-under-Lyme Partnership", "NUL", body
        ),
        "stafford": _partnership("stafford", "Stafford Partnership", "STA", body),
    }
    for spec in USERS:
        _user(spec, partnerships, body)
    for partnership in partnerships.values():
        _case_rules(partnership)


def _case_rules(partnership: Partnership) -> None:
    """The statutory threshold from when the duty began, and the published deadlines."""
    ThresholdPolicyVersion.objects.get_or_create(partnership=partnership, effective_from=DUTY_BEGAN)
    CaseSettings.objects.get_or_create(partnership=partnership)
    chair = next(u for u in USERS if u.role == Role.CHAIR and u.partnership == partnership.slug)
    LetterWording.objects.get_or_create(
        partnership=partnership,
        defaults={"signatory": f"{chair.name}, Chair of the Vulnerability Hub"},
    )
