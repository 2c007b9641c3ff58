"""The letter register: each letter as it was sent, never changed once created."""

from django.conf import settings
from django.db import models

from casereview.applications.models.application import Application
from casereview.partnerships.models import Partnership


class LetterKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", "Acknowledgement"
    CONCLUSION = "conclusion", "Conclusion"
    APPEAL_OUTCOME = "appeal_outcome", "Appeal outcome"
    # The radar's plain-English explanation of the case review, to a person found in partner
    # agencies' reports before any application exists: the only kind without an application.
    RADAR_EXPLANATION = "radar_explanation", "Case review explanation"


class Delivery(models.TextChoices):
    EMAIL = "email", "Email"
    POST = "post", "Post"


class Letter(models.Model):
    """A letter as it was sent: its content never changes once created (see `save`)."""

    # Empty only for the radar's explanation letter (`LetterKind.RADAR_EXPLANATION`), written
    # before there is an application; `subject` then names the person it went to.
    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.PROTECT, related_name="letters"
    )
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=LetterKind.choices)
    recipient_name = models.CharField(max_length=200)
    recipient_email = models.EmailField(blank=True)
    recipient_address = models.TextField(blank=True)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)
    large_print = models.BooleanField(default=False)
    html = models.TextField()
    # Rendered off the request path by a background task (`letters.letter_deliver`): empty,
    # with no `pdf_rendered_at`, until then.
    pdf = models.BinaryField(blank=True, default=b"")
    sha256 = models.CharField(max_length=64, blank=True)
    pdf_rendered_at = models.DateTimeField(null=True, blank=True)
    # For a letter without an application: the opaque id of the radar person it went to.
    subject = models.CharField(max_length=40, blank=True, default="", db_default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    send_failed_at = models.DateTimeField(null=True, blank=True)
    posted_at = models.DateTimeField(null=True, blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    DISPATCH_FIELDS = frozenset({"sent_at", "send_failed_at", "posted_at", "posted_by"})

    class Meta:
        ordering = ["created_at", "pk"]
        # "Has a conclusion letter, and when": the statistics and the home page ask it of
        # thousands of applications at once; this answers from the index alone.
        indexes = [
            models.Index(fields=["application", "kind", "created_at"], name="letter_kind_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(application__isnull=False) | models.Q(kind="radar_explanation"),
                name="letter_has_application_unless_radar",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} letter for {self.about}"

    def save(self, *args: object, **kwargs: object) -> None:
        # The register keeps every letter unchanged: after creation only its dispatch record
        # may be written.
        update_fields = kwargs.get("update_fields")
        if self.pk is not None and (
            update_fields is None or not set(update_fields) <= self.DISPATCH_FIELDS  # type: ignore[call-overload]
        ):
            raise ValueError("A letter's content cannot change once it is created.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def about(self) -> str:
        """What the letter is about: the application's reference, or the radar person's id."""
        return self.application.reference if self.application is not None else self.subject

    @property
    def filename(self) -> str:
        return f"{self.about}-{self.kind}.pdf"

    @property
    def pdf_ready(self) -> bool:
        return self.pdf_rendered_at is not None

    @property
    def awaiting_dispatch(self) -> bool:
        return self.sent_at is None and self.posted_at is None
