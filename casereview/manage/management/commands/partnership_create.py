"""Adds a partnership with its first administrator, who then runs it from /manage/."""

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from casereview.accounts.models import Membership, Role, User
from casereview.accounts.staff import invitation_send
from casereview.core.audit import Actor, audit_record
from casereview.core.emails import is_one_email
from casereview.core.models import AuditAction
from casereview.partnerships.models import (
    DUTY_BEGAN,
    AppealsBody,
    CaseSettings,
    LetterWording,
    Partnership,
    ThresholdPolicyVersion,
)

PURPOSE = "partnership administration: a new partnership"


class Command(BaseCommand):
    help = (
        "Adds a partnership (the statutory threshold, default deadlines and letter wording) "
        "and its first administrator, who is emailed a link to choose a password."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True, help='e.g. "Stafford Partnership"')
        parser.add_argument("--slug", required=True, help="for its public page, e.g. stafford")
        parser.add_argument("--prefix", required=True, help="reference prefix, e.g. STA")
        parser.add_argument("--contact-name", required=True)
        parser.add_argument("--contact-email", required=True)
        parser.add_argument("--appeals-body", required=True, metavar="SLUG")
        parser.add_argument("--appeals-body-name", help="when the appeals body is new")
        parser.add_argument("--appeals-body-email", help="when the appeals body is new")
        parser.add_argument("--admin-email", required=True)
        parser.add_argument("--admin-name", required=True)
        parser.add_argument("--signatory", default="", help="who signs letters (default: none)")

    def handle(self, *args: Any, **o: Any) -> None:
        try:
            with transaction.atomic():
                partnership, user, invited = self._create(o)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(f"Added {partnership.name} ({partnership.reference_prefix}).")
        if invited:
            self.stdout.write(f"Emailed {user.email} a link to choose a password.")
        else:
            self.stdout.write(f"{user.email} already has an account: they can sign in now.")

    def _create(self, o: dict[str, Any]) -> tuple[Partnership, User, bool]:
        actor = Actor.system("partnership_create")
        for option in ("contact_email", "appeals_body_email", "admin_email"):
            if o[option] and not is_one_email(o[option]):
                flag = "--" + option.replace("_", "-")
                raise CommandError(f"{flag} must be one email address: {o[option]!r}")
        body = AppealsBody.objects.filter(slug=o["appeals_body"]).first()
        if body is None:
            if not (o["appeals_body_name"] and o["appeals_body_email"]):
                raise CommandError(
                    f"No appeals body {o['appeals_body']!r}: give --appeals-body-name and "
                    "--appeals-body-email to add it."
                )
            body = AppealsBody(
                slug=o["appeals_body"], name=o["appeals_body_name"], email=o["appeals_body_email"]
            )
            body.full_clean()
            body.save()
        if Partnership.objects.filter(slug=o["slug"]).exists():
            raise CommandError(f"There is already a partnership {o['slug']!r}.")
        partnership = Partnership(
            name=o["name"],
            slug=o["slug"],
            reference_prefix=o["prefix"],
            contact_name=o["contact_name"],
            contact_email=o["contact_email"],
            appeals_body=body,
        )
        partnership.full_clean()
        partnership.save()
        ThresholdPolicyVersion.objects.create(partnership=partnership, effective_from=DUTY_BEGAN)
        CaseSettings.objects.create(partnership=partnership)
        LetterWording.objects.create(partnership=partnership, signatory=o["signatory"])
        audit_record(
            actor=actor,
            action=AuditAction.COLLECT,
            object_type="partnership",
            object_id=partnership.pk,
            partnership_id=partnership.pk,
            purpose=PURPOSE,
        )
        user = User.objects.filter(email=o["admin_email"].lower()).first()
        invited = user is None
        if user is None:
            user = User.objects.create_user(
                email=o["admin_email"], password=None, full_name=o["admin_name"]
            )
            transaction.on_commit(lambda: _invite(user))
        membership = Membership.objects.create(user=user, partnership=partnership, role=Role.ADMIN)
        audit_record(
            actor=actor,
            action=AuditAction.COLLECT,
            object_type="membership",
            object_id=membership.pk,
            partnership_id=partnership.pk,
            purpose=PURPOSE,
        )
        return partnership, user, invited


def _invite(user: User) -> None:
    """The same invitation an administrator's "add a user" sends, addressed from SITE_URL."""
    site = urlsplit(settings.SITE_URL)
    invitation_send(user=user, protocol=site.scheme, domain=site.netloc)
