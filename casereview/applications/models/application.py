"""Applications for a case review, their complaints and the Chair's decision."""

import re
import unicodedata

from django.conf import settings
from django.db import models

from casereview.partnerships.models import Agency, Partnership, ThresholdPolicyVersion


class Status(models.TextChoices):
    RECEIVED = "received", "Received"
    THRESHOLD_MET = "threshold_met", "Threshold met"
    THRESHOLD_NOT_MET = "threshold_not_met", "Threshold not met"
    IN_REVIEW = "in_review", "In review"
    REVIEWED = "reviewed", "Reviewed"
    CONCLUDED = "concluded", "Concluded"
    APPEALED = "appealed", "Appealed"
    APPEAL_UPHELD = "appeal_upheld", "Appeal upheld"
    APPEAL_NOT_UPHELD = "appeal_not_upheld", "Appeal not upheld"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Channel(models.TextChoices):
    PHONE = "phone", "Phone (including 101)"
    IN_PERSON = "in_person", "In person"
    ADVOCATE = "advocate", "Through an advocate"
    ONLINE = "online", "Online"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"


class ApplicantType(models.TextChoices):
    INDIVIDUAL = "individual", "An individual"
    BUSINESS = "business", "A business"
    COMMUNITY_GROUP = "community_group", "A community group"


class ContactPreference(models.TextChoices):
    EMAIL = "email", "Email"
    POST = "post", "Post"
    PHONE = "phone", "Phone"


class SharingDecision(models.TextChoices):
    """The Chair's decision when the victim does not agree to sharing."""

    SHARE = "share", "Share without the victim's agreement"
    WITHHOLD = "withhold", "Do not share"


class SharingBasis(models.TextChoices):
    """The lawful basis the partnership relies on to share (see the privacy notice)."""

    PUBLIC_TASK = (
        "public_task",
        "Public task: UK GDPR Article 6(1)(e), and Part 3 of the Data Protection Act 2018 "
        "for the police",
    )
    VITAL_INTERESTS = (
        "vital_interests",
        "Vital interests, to protect someone's life: UK GDPR Article 6(1)(d)",
    )


def search_key(text: str) -> str:
    """Lower case, accents and punctuation gone, single spaces: 'O'Brien,  Zoë' -> 'o brien zoe'.

    Names are searched by this key, stored beside the name, so a plain index answers a prefix
    search without a case-insensitive scan.
    """
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", plain.lower()).split())


def postcode_key(text: str) -> str:
    """'st5 1ab' -> 'ST51AB': what a postcode search matches the start of."""
    return re.sub(r"[^0-9A-Z]", "", text.upper())


class ReferenceCounter(models.Model):
    """The last number used for a partnership's references in one year."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "year"], name="one_counter_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class Application(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="applications"
    )
    reference = models.CharField(max_length=20)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    received = models.DateField()
    channel = models.CharField(max_length=20, choices=Channel.choices)
    applicant_type = models.CharField(max_length=20, choices=ApplicantType.choices)

    victim_name = models.CharField(max_length=200)
    victim_address = models.TextField(blank=True)
    victim_postcode = models.CharField(max_length=10)
    victim_email = models.EmailField(blank=True)
    victim_phone = models.CharField(max_length=40, blank=True)
    contact_preference = models.CharField(max_length=10, choices=ContactPreference.choices)
    large_print = models.BooleanField(default=False)
    interpreter_language = models.CharField(max_length=100, blank=True)
    named_contact = models.CharField(max_length=200, blank=True)
    other_support_needs = models.TextField(blank=True)

    advocate_name = models.CharField(max_length=200, blank=True)
    advocate_organisation = models.CharField(max_length=200, blank=True)
    advocate_relationship = models.CharField(max_length=200, blank=True)
    advocate_email = models.EmailField(blank=True)
    advocate_phone = models.CharField(max_length=40, blank=True)
    advocate_address = models.TextField(blank=True)
    advocate_victim_consent = models.BooleanField(default=False)

    description = models.TextField()
    impact = models.TextField(blank=True)
    # The victim's wishes: whether they agree to their information being shared with the
    # partner agencies. A request is recorded either way.
    consent_to_share = models.BooleanField()
    # When the victim does not agree, the Chair decides whether the partnership shares
    # anyway, on which lawful basis and why (UK GDPR Art 6(1)(e); DPA 2018 Part 3).
    sharing_decision = models.CharField(
        max_length=10, choices=SharingDecision.choices, blank=True, default="", db_default=""
    )
    sharing_basis = models.CharField(
        max_length=20, choices=SharingBasis.choices, blank=True, default="", db_default=""
    )
    sharing_reason = models.TextField(blank=True, default="", db_default="")
    sharing_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    sharing_decided_at = models.DateTimeField(null=True, blank=True)

    acknowledgement_due = models.DateField()
    conclusion_due = models.DateField()
    next_complaint_number = models.PositiveIntegerField(default=1)
    legal_hold = models.BooleanField(
        default=False, help_text="Kept past its retention period, for the reason given."
    )
    legal_hold_reason = models.TextField(blank=True)
    erased_at = models.DateTimeField(
        null=True, blank=True, help_text="When its personal data was erased under retention."
    )

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    # Search keys, kept in step with the victim's name and postcode by `save` (and blanked
    # with them by the retention sweep): see `search_key` and `postcode_key`.
    victim_name_key = models.CharField(max_length=200, blank=True, editable=False)
    victim_surname_key = models.CharField(max_length=100, blank=True, editable=False)
    victim_postcode_key = models.CharField(max_length=10, blank=True, editable=False)

    SEARCH_SOURCES = frozenset({"victim_name", "victim_postcode"})

    class Meta:
        ordering = ["-received", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "reference"], name="application_reference_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(advocate_name="") | models.Q(advocate_victim_consent=True),
                name="application_advocate_has_consent",
            ),
            models.CheckConstraint(
                condition=models.Q(legal_hold=False) | ~models.Q(legal_hold_reason=""),
                name="application_legal_hold_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["partnership", "status"]),
            # The list pages: newest first within a partnership, optionally by status.
            models.Index(fields=["partnership", "-received", "-id"], name="app_newest_idx"),
            models.Index(
                fields=["partnership", "status", "-received", "-id"], name="app_status_newest_idx"
            ),
            # Prefix search. On PostgreSQL the pattern operator class lets LIKE 'abc%' use the
            # index whatever the database's collation; SQLite ignores opclasses and is asked
            # for a range instead (see selectors.prefix_of).
            models.Index(
                fields=["partnership", "victim_name_key"],
                name="app_name_key_idx",
                opclasses=["int8_ops", "varchar_pattern_ops"],
            ),
            models.Index(
                fields=["partnership", "victim_surname_key"],
                name="app_surname_key_idx",
                opclasses=["int8_ops", "varchar_pattern_ops"],
            ),
            models.Index(
                fields=["partnership", "victim_postcode_key"],
                name="app_postcode_key_idx",
                opclasses=["int8_ops", "varchar_pattern_ops"],
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def save(self, *args: object, **kwargs: object) -> None:
        update_fields = kwargs.get("update_fields")
        if update_fields is None or self.SEARCH_SOURCES & set(update_fields):  # type: ignore[call-overload]
            self.set_search_keys()
            if update_fields is not None:
                kwargs["update_fields"] = {
                    *update_fields,  # type: ignore[misc]
                    "victim_name_key",
                    "victim_surname_key",
                    "victim_postcode_key",
                }
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def set_search_keys(self) -> None:
        self.victim_name_key = search_key(self.victim_name)[:200]
        self.victim_surname_key = self.victim_name_key.rpartition(" ")[2][:100]
        self.victim_postcode_key = postcode_key(self.victim_postcode)[:10]

    @property
    def has_advocate(self) -> bool:
        return bool(self.advocate_name)

    @property
    def support_needs(self) -> list[str]:
        needs = []
        if self.large_print:
            needs.append("Large print")
        if self.interpreter_language:
            needs.append(f"An interpreter ({self.interpreter_language})")
        if self.named_contact:
            needs.append(f"A named contact: {self.named_contact}")
        if self.other_support_needs:
            needs.append(self.other_support_needs)
        return needs


class Complaint(models.Model):
    """One report of ASB to an agency. `key` (c1, c2, ...) is its id in the engine's input."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="complaints"
    )
    key = models.CharField(max_length=20)
    behaviour_date = models.DateField()
    reported_date = models.DateField()
    # No agency: "another organisation", which is not a relevant body.
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    relevant_body = models.BooleanField()
    reference = models.CharField(max_length=100, blank=True)
    summary = models.TextField(blank=True)
    hate = models.BooleanField(default=False)
    reporter = models.CharField(max_length=200, default="applicant")
    same_incident_as = models.CharField(max_length=20, blank=True)
    # Brought in from a partner agency's feed (the radar, or a report offered on the complaints
    # page) rather than remembered by the victim: the Chair sees which is which.
    from_agency_records = models.BooleanField(default=False, db_default=False)

    class Meta:
        ordering = ["application", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "key"], name="complaint_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.application} {self.key}"

    @property
    def agency_slug(self) -> str:
        return self.agency.slug if self.agency else "other"


class ThresholdDecision(models.Model):
    """The Chair's decision. Final: only an appeal can change the outcome. When an upheld
    appeal has the Chair decide again, the earlier decision is kept as evidence: it leaves
    `application` (which holds the current decision only) for `superseded_from`."""

    application = models.OneToOneField(
        Application, null=True, blank=True, on_delete=models.PROTECT, related_name="decision"
    )
    superseded_from = models.ForeignKey(
        Application,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_decisions",
        help_text="The application this decision was taken on, once a later one replaced it.",
    )
    superseded_at = models.DateTimeField(null=True, blank=True)
    met = models.BooleanField()
    rationale = models.TextField(blank=True)
    review_date = models.DateField(null=True, blank=True)
    policy_version = models.ForeignKey(
        ThresholdPolicyVersion, on_delete=models.PROTECT, related_name="+"
    )
    engine_output = models.JSONField(help_text="The engine's recommendation the Chair saw.")
    # The harm assessment the Chair saw, and the scoring policy it was made under: a later
    # version or a later assessment never changes what this decision was made on.
    harm_assessment = models.ForeignKey(
        "applications.HarmAssessment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    harm_policy_version = models.ForeignKey(
        "partnerships.HarmPolicyVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # s.104(5): a decision "met" below the complaint count, reasoned against each factor.
    reason_persistence = models.TextField(blank=True, db_default="", default="")
    reason_harm = models.TextField(blank=True, db_default="", default="")
    reason_response = models.TextField(blank=True, db_default="", default="")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(met=False) | models.Q(review_date__isnull=False),
                name="decision_met_has_review_date",
            ),
            models.CheckConstraint(
                condition=models.Q(application__isnull=True)
                ^ models.Q(superseded_from__isnull=True),
                name="decision_current_or_superseded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application}: {'met' if self.met else 'not met'}"

    @property
    def met_below_count(self) -> bool:
        """Met although the engine found the complaints fell short: decided under s.104(5)."""
        return self.met and not self.engine_output.get("met")

    @property
    def follows_recommendation(self) -> bool:
        return bool(self.engine_output.get("met")) == self.met
