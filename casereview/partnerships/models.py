"""The tenants: partnerships, their agencies, and the appeals bodies that cover them."""

from django.core.validators import RegexValidator
from django.db import models


class AppealsBody(models.Model):
    """Reviews appeals for the partnerships it covers, e.g. a Commissioner's office."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    email = models.EmailField()
    phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)
    website = models.URLField(blank=True)

    class Meta:
        verbose_name_plural = "appeals bodies"

    def __str__(self) -> str:
        return self.name


class Partnership(models.Model):
    """A Community Safety Partnership: the tenant that owns applications and their data."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    reference_prefix = models.CharField(
        max_length=6,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{2,6}$", "Use 2 to 6 capital letters, like NUL.")],
        help_text="Starts every application reference, as in NUL-2026-0007.",
    )
    contact_name = models.CharField(max_length=200, help_text="The published point of contact.")
    contact_email = models.EmailField()
    contact_phone = models.CharField(max_length=40, blank=True)
    contact_address = models.TextField(blank=True)
    appeals_body = models.ForeignKey(
        AppealsBody, on_delete=models.PROTECT, related_name="partnerships"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AgencyKind(models.TextChoices):
    POLICE = "police", "Police"
    COUNCIL = "council", "Council"
    HOUSING = "housing", "Housing provider"
    HEALTH = "health", "Health (integrated care board)"
    FIRE = "fire", "Fire and rescue"
    OTHER = "other", "Other"


class Agency(models.Model):
    """A partner agency. Relevant bodies (s.105 of the 2014 Act) count for the threshold."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="agencies")
    name = models.CharField(max_length=200)
    slug = models.SlugField(
        help_text="Short name used in the API and imports, e.g. police. Unique in the partnership."
    )
    kind = models.CharField(max_length=20, choices=AgencyKind.choices)
    relevant_body = models.BooleanField(
        help_text="Council, police, integrated care board and co-opted housing providers are "
        "relevant bodies: complaints to them count towards the threshold."
    )
    contact_email = models.EmailField(help_text="Where requests for information are sent.")
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name_plural = "agencies"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "slug"], name="agency_slug_unique"),
            models.CheckConstraint(condition=~models.Q(slug="other"), name="agency_slug_not_other"),
        ]

    def __str__(self) -> str:
        return self.name
