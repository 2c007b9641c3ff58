"""The ten partnerships the history is spread over, the two demo ones among them, so demo
users see realistic volumes; with their agencies, case rules and the people who act."""

from dataclasses import dataclass, field

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

# The two demo partnerships carry more of the load, so a demo user sees a busy county.
PARTNERSHIPS = [
    ("newcastle-under-lyme", "Newcastle-under-Lyme Partnership", "NUL", 0.25),
    ("stafford", "Stafford Partnership", "STA", 0.15),
    ("cannock-chase", "Cannock Chase Partnership", "CAN", 0.075),
    ("east-staffordshire", "East Staffordshire Partnership", "EST", 0.075),
    ("lichfield", "Lichfield Partnership", "LIC", 0.075),
    ("south-staffordshire", "South Staffordshire Partnership", "SST", 0.075),
    ("stoke-on-trent", "Stoke-on-Trent Partnership", "SOT", 0.075),
    ("tamworth", "Tamworth Partnership", "TAM", 0.075),
    ("staffordshire-moorlands", "Staffordshire Moorlands Partnership", "SMO", 0.075),
    ("telford", "Telford and Wrekin Partnership", "TEL", 0.075),
]
AGENCIES = [
    ("police", "Police", AgencyKind.POLICE, True),
    ("council", "Borough Council", AgencyKind.COUNCIL, True),
    ("housing", "Housing Association", AgencyKind.HOUSING, True),
    ("health", "Integrated Care Board", AgencyKind.HEALTH, True),
    ("fire", "Fire and Rescue Service", AgencyKind.FIRE, False),
]


@dataclass
class Tenant:
    partnership: Partnership
    agencies: list[Agency]
    policy: ThresholdPolicyVersion
    pso: Membership
    chair: Membership
    weight: float
    counters: dict[int, int] = field(default_factory=dict)  # last reference number by year
    agency_ids: list[int] = field(default_factory=list)
    relevant: list[tuple[int, bool]] = field(default_factory=list)

    def __post_init__(self) -> None:
        # Plain values for the seeder's inner loops (a model's .pk is a property call).
        self.agency_ids = [a.pk for a in self.agencies]
        self.relevant = [(a.pk, a.relevant_body) for a in self.agencies]


def tenants() -> list[Tenant]:
    """Each partnership as the demo left it, or made now with everything a case needs."""
    body = AppealsBody.objects.get(slug="staffordshire-commissioners-office")
    return [_tenant(body, *spec) for spec in PARTNERSHIPS]


def _tenant(body: AppealsBody, slug: str, name: str, prefix: str, weight: float) -> Tenant:
    partnership = _partnership(body, slug, name, prefix)
    policy, _ = ThresholdPolicyVersion.objects.get_or_create(
        partnership=partnership, effective_from=DUTY_BEGAN
    )
    CaseSettings.objects.get_or_create(partnership=partnership)
    LetterWording.objects.get_or_create(
        partnership=partnership, defaults={"signatory": "Chair of the Vulnerability Hub"}
    )
    return Tenant(
        partnership,
        list(partnership.agencies.order_by("pk")),
        policy,
        _member(partnership, prefix, Role.COORDINATOR),
        _member(partnership, prefix, Role.CHAIR),
        weight,
    )


def _partnership(body: AppealsBody, slug: str, name: str, prefix: str) -> Partnership:
    partnership, _ = Partnership.objects.get_or_create(
        slug=slug,
        defaults={
            "name": name,
            "reference_prefix": prefix,
            "contact_name": f"{name} Vulnerability Hub",
            "contact_email": f"casereview@{prefix.lower()}.example",
            "contact_address": f"Community Safety Team, {name}",
            "appeals_body": body,
        },
    )
    if not partnership.agencies.exists():
        _add_agencies(partnership, name.replace(" Partnership", ""), prefix)
    return partnership


def _add_agencies(partnership: Partnership, place: str, prefix: str) -> None:
    Agency.objects.bulk_create(
        Agency(
            partnership=partnership,
            slug=slug,
            name=f"{place} {name}",
            kind=kind,
            relevant_body=relevant,
            contact_email=f"{slug}@{prefix.lower()}.example",
        )
        for slug, name, kind, relevant in AGENCIES
    )


def _member(partnership: Partnership, prefix: str, role: Role) -> Membership:
    """The demo's own people where they exist; otherwise a bench user who cannot sign in."""
    found = (
        Membership.objects.select_related("user")
        .filter(partnership=partnership, role=role)
        .order_by("pk")
        .first()
    )
    return found or _bench_member(partnership, prefix, role)


def _bench_member(partnership: Partnership, prefix: str, role: Role) -> Membership:
    user, created = User.objects.get_or_create(
        email=f"{role}@{prefix.lower()}.bench.example",
        defaults={"full_name": f"Bench {role.label} {prefix}"},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    membership, _ = Membership.objects.get_or_create(user=user, role=role, partnership=partnership)
    return Membership.objects.select_related("user").get(pk=membership.pk)
