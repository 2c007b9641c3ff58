"""The contact log: each contact with the applicant, as the single point of contact logs it."""

from django.conf import settings
from django.db import models

from casereview.applications.models.application import Application
from casereview.partnerships.models import Partnership


class ContactMethod(models.TextChoices):
    PHONE = "phone", "Phone"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
    IN_PERSON = "in_person", "In person"
    TEXT = "text", "Text message"


class ContactDirection(models.TextChoices):
    FROM_US = "from_us", "We contacted them"
    TO_US = "to_us", "They contacted us"


class ContactEntry(models.Model):
    """One contact with the applicant (the victim or their advocate), as the single point of
    contact logs it: when, how, who, and what was said. Never changed once written: a
    correction is a new entry, so the log stays a true record."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="contacts")
    contacted_on = models.DateField()
    contacted_at = models.TimeField(null=True, blank=True)  # the time, when known
    method = models.CharField(max_length=20, choices=ContactMethod.choices)
    direction = models.CharField(max_length=10, choices=ContactDirection.choices)
    summary = models.TextField()  # what was said; blanked when the case is erased
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-contacted_on", "-contacted_at", "-recorded_at", "-pk"]
        indexes = [
            models.Index(fields=["application", "contacted_on"], name="contact_application_idx")
        ]

    def __str__(self) -> str:
        return f"{self.get_method_display()} contact of {self.contacted_on} for {self.application}"
