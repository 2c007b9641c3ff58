from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from casereview.accounts.models import Membership, User
from casereview.accounts.services import api_token_create
from casereview.core.audit import Actor


class Command(BaseCommand):
    help = "Create an API token for a user; prints it as the last word. Only its hash is kept."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--name", default="Created on the command line")
        parser.add_argument(
            "--role", help="Which of the user's roles the token acts in (default: the first)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email=options["email"].lower(), is_active=True).first()
        if user is None:
            raise CommandError(f"No active user has the email address {options['email']}.")
        memberships = Membership.objects.filter(user=user, active=True).order_by("pk")
        if options["role"]:
            memberships = memberships.filter(role=options["role"])
        membership = memberships.select_related("user").first()
        if membership is None:
            raise CommandError(f"{user.email} has no active role to act in.")
        _, raw = api_token_create(
            membership=membership,
            name=options["name"],
            actor=Actor.system("create_token command"),
        )
        self.stdout.write(f"Token for {user.email} acting as {membership}: {raw}")
