"""The tenants: partnerships, their agencies, and the appeals bodies that cover them."""

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models

from casereview.harm import Policy as HarmPolicy
from casereview.threshold.engine import Policy


class AppealsBody(models.Model):
    """Reviews appeals for the partnerships it covers, e.g. a Commissioner's office."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    email = models.EmailField()
    phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)
    website = models.URLField(blank=True)
    # Nullable, so the column is added in place while the previous release serves; empty
    # means the default of 20 (`appeals.selectors.decision_due`).
    decision_working_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text="Working days from receiving an appeal to deciding it.",
    )

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
    # The data protection officer: the audit log's daily signed checkpoint is emailed here.
    dpo_email = models.EmailField(blank=True, default="", db_default="")
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


# The statutory rule: when the duty began (s.104 of the 2014 Act came into force).
DUTY_BEGAN = date(2014, 10, 20)


class ThresholdPolicyVersion(models.Model):
    """One version of a partnership's threshold rules. Versions are added, never changed, so
    every decision can name the exact rules it was made under."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="policy_versions"
    )
    effective_from = models.DateField()
    min_complaints = models.PositiveSmallIntegerField(default=3, validators=[MinValueValidator(1)])
    report_within_months = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1)]
    )
    window_months = models.PositiveSmallIntegerField(default=6, validators=[MinValueValidator(1)])
    hate_incident_rule = models.BooleanField(default=False)
    community_min_reporters = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1)]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["partnership", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "effective_from"], name="policy_one_version_per_day"
            ),
            models.CheckConstraint(
                condition=models.Q(min_complaints__gte=1)
                & models.Q(report_within_months__gte=1)
                & models.Q(window_months__gte=1)
                & (
                    models.Q(community_min_reporters__isnull=True)
                    | models.Q(community_min_reporters__gte=1)
                ),
                name="policy_counts_at_least_one",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partnership} threshold policy from {self.effective_from}"

    def to_policy(self) -> Policy:
        return Policy(
            min_complaints=self.min_complaints,
            report_within_months=self.report_within_months,
            window_months=self.window_months,
            hate_incident_rule=self.hate_incident_rule,
            community_min_reporters=self.community_min_reporters,
        )


class HarmPolicyVersion(models.Model):
    """One version of a partnership's harm scoring policy (docs/harm.md): points per answer
    and the two cut-offs. Added, never changed, so every assessment and every decision keeps
    the policy it was scored under. Version 1 is the product's default."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="harm_policy_versions"
    )
    version = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    effective_from = models.DateField()
    weights = models.JSONField(help_text="Points per answer, keyed as in docs/harm.md.")
    medium_from = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    high_from = models.PositiveSmallIntegerField(validators=[MinValueValidator(2)])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["partnership", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "effective_from"], name="harm_policy_one_version_per_day"
            ),
            models.UniqueConstraint(
                fields=["partnership", "version"], name="harm_policy_version_number_once"
            ),
            models.CheckConstraint(
                condition=models.Q(medium_from__gte=1)
                & models.Q(high_from__gt=models.F("medium_from")),
                name="harm_policy_cut_offs_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partnership} harm scoring policy {self.version} from {self.effective_from}"

    def to_policy(self) -> HarmPolicy:
        return HarmPolicy(
            version=self.version,
            weights=dict(self.weights),
            medium_from=self.medium_from,
            high_from=self.high_from,
        )


class CaseSettings(models.Model):
    """A partnership's deadlines. Defaults are the published procedure's, not law."""

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="case_settings"
    )
    acknowledgement_working_days = models.PositiveSmallIntegerField(
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="Working days from receipt to the acknowledgement letter.",
    )
    conclusion_calendar_days = models.PositiveSmallIntegerField(
        default=28,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text="Calendar days from receipt to the conclusion letter.",
    )
    contribution_working_days = models.PositiveSmallIntegerField(
        default=2,
        validators=[MinValueValidator(0), MaxValueValidator(60)],
        help_text="Working days before the meeting that partners' contributions are due.",
    )
    appeal_working_days = models.PositiveSmallIntegerField(
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text="Working days after the conclusion letter within which an appeal is lodged.",
    )
    retention_years = models.PositiveSmallIntegerField(
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text="Years after a case closes before its personal data is erased.",
    )
    # Partner agencies' reports (feeds) not brought into an application are erased this
    # many months after the day they were reported.
    report_retention_months = models.PositiveSmallIntegerField(
        default=12,
        db_default=12,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text="Months after a partner agency's report before it is erased, unless it "
        "was brought into an application.",
    )

    class Meta:
        verbose_name_plural = "case settings"

    def __str__(self) -> str:
        return f"Case settings for {self.partnership}"


class LetterWording(models.Model):
    """The parts of a partnership's letters it writes itself, in plain English."""

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="letter_wording"
    )
    signatory = models.CharField(
        max_length=200,
        default="Chair of the Vulnerability Hub",
        help_text="Who signs the letters, for example the Chair's name and title.",
    )
    met_next_steps = models.TextField(
        default=(
            "We will now ask every partner agency what they have done about the problems "
            "you reported. The agencies will then meet to review your case together and agree "
            "what should happen next. We will write to you with the outcome and any "
            "recommendations by the date above."
        ),
        help_text="What happens next when the threshold is met.",
    )
    not_met_other_help = models.TextField(
        default=(
            "The agencies you reported to will keep working on the problems you told them "
            "about. If you are in danger, call 999. To report more anti-social behaviour, call "
            "101 or contact your council. Victim Support can help you whatever happened: call "
            "08 08 16 89 111, free, at any time."
        ),
        help_text="What other help exists when the threshold is not met.",
    )
    closing = models.TextField(
        default="If you have any questions, please contact us using the details above.",
        help_text="The last paragraph of every letter.",
    )

    def __str__(self) -> str:
        return f"Letter wording for {self.partnership}"
