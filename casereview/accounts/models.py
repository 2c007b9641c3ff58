"""Staff users, what they may act as (memberships), their API tokens, and failed sign-ins."""

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac

from casereview.partnerships.models import Agency, AppealsBody, Partnership


class UserManager(BaseUserManager["User"]):
    def create_user(self, email: str, password: str | None = None, **fields: object) -> "User":
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: object) -> "User":
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A member of staff. Signs in with email, password and a TOTP code."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    is_active = models.BooleanField(
        default=True, help_text="A disabled account loses its sessions and tokens at once."
    )
    is_staff = models.BooleanField(
        default=False, help_text="System administrators only: may use Django's admin site."
    )
    date_joined = models.DateTimeField(default=timezone.now)
    # Bumped by "sign out everywhere": it is part of the session hash, so every existing
    # session fails verification on its next request.
    session_epoch = models.PositiveIntegerField(default=0)
    # A partnership re-enables only what it disabled. Set when the account was disabled
    # because it lost its last role in this partnership; then (and only then) that
    # partnership's administrator re-enables it by giving it a role again. Empty on any
    # account disabled another way: only the system administrator can enable those.
    disabled_by_partnership = models.ForeignKey(
        Partnership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text="The partnership whose removal of the last role disabled the account.",
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A full save is the system administrator's tools (the admin site, the shell): whoever
        # set is_active that way decided it, so no partnership may undo it. The services keep
        # the mark with queryset updates, which do not come here.
        if kwargs.get("update_fields") is None:
            self.disabled_by_partnership = None
        super().save(*args, **kwargs)

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        return salted_hmac(
            "casereview.accounts.User.session_auth_hash",
            f"{self.password}:{self.session_epoch}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()


class Role(models.TextChoices):
    INTAKE = "intake", "Intake"
    COORDINATOR = "coordinator", "Coordinator"
    CHAIR = "chair", "Chair"
    PARTNER = "partner", "Partner agency officer"
    APPEALS = "appeals", "Appeals officer"
    AUDITOR = "auditor", "Auditor"
    ADMIN = "admin", "Administrator"


class Membership(models.Model):
    """One role a user holds, in one partnership (or appeals body). Every request acts under one."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships"
    )
    appeals_body = models.ForeignKey(
        AppealsBody, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    active = models.BooleanField(default=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                name="membership_appeals_role_has_body",
                condition=(
                    models.Q(
                        role="appeals",
                        appeals_body__isnull=False,
                        partnership__isnull=True,
                        agency__isnull=True,
                    )
                    | (
                        ~models.Q(role="appeals")
                        & models.Q(partnership__isnull=False)
                        & models.Q(appeals_body__isnull=True)
                    )
                ),
            ),
            models.CheckConstraint(
                name="membership_partner_role_has_agency",
                condition=~models.Q(role="partner") | models.Q(agency__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["user", "partnership", "appeals_body", "agency", "role"],
                name="membership_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}, {self.organisation_name}"

    @property
    def organisation_name(self) -> str:
        if self.appeals_body_id:
            return str(self.appeals_body)
        if self.agency_id:
            return f"{self.agency}, {self.partnership}"
        return str(self.partnership)


INVITATION_LIFETIME = timedelta(days=7)


class InvitationStatus(models.TextChoices):
    PENDING = "pending", "Waiting for an answer"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class StaffInvitationQuerySet(models.QuerySet["StaffInvitation"]):
    def open(self) -> "StaffInvitationQuerySet":
        """Not yet answered and not expired."""
        return self.filter(status=InvitationStatus.PENDING, expires_at__gt=timezone.now())


class StaffInvitation(models.Model):
    """A role offered to someone who works (or worked) for another partnership: nothing is
    attached to their account until they accept it, signed in as themselves."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="invitations"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    created = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = StaffInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.get_role_display()}, {self.organisation_name}"

    @property
    def organisation_name(self) -> str:
        if self.agency_id:
            return f"{self.agency}, {self.partnership}"
        return str(self.partnership)

    @property
    def is_open(self) -> bool:
        return self.status == InvitationStatus.PENDING and self.expires_at > timezone.now()


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self) -> "ApiTokenQuerySet":
        return self.filter(
            revoked_at__isnull=True,
            user__is_active=True,
            membership__active=True,
        )


class ApiToken(models.Model):
    """A bearer token for the API. Only the SHA-256 of the token is stored."""

    PREFIX = "cr_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=12, help_text="The first characters, to recognise it.")
    created = models.DateTimeField(default=timezone.now)
    last_used = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @classmethod
    def generate(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)


class SecurityEventKind(models.TextChoices):
    WRONG_PASSWORD = "wrong_password", "Wrong email or password"
    WRONG_ACCESS_CODE = "wrong_access_code", "Wrong case reference or access code"
    # An administrator helping someone back in: the throttle counts from an unlock afresh.
    ACCOUNT_UNLOCKED = "account_unlocked", "Account unlocked by an administrator"
    AUTHENTICATOR_RESET = "authenticator_reset", "Authenticator reset by an administrator"


class SecurityEvent(models.Model):
    """A failed sign-in, for throttling and for spotting attacks; kept 90 days.

    Not in the audit log: anyone on the internet can write these by typing any email, and
    the audit log is append-only forever. The typed email is kept only as a keyed hash (people
    sometimes type a password into it), which is enough to count tries against one address.
    """

    at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=30, choices=SecurityEventKind.choices)
    email_digest = models.CharField(max_length=64)
    user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["email_digest", "at"], name="security_event_email_at")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M}"
