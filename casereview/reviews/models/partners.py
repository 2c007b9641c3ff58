"""What the review asks of the partner agencies: the requests, their contributions (with
the involvement they record and the files attached), and the notices sent about them."""

from django.conf import settings
from django.db import models

from casereview.applications.models import Application
from casereview.partnerships.models import Agency, Partnership


class PartnerRequest(models.Model):
    """An agency asked for its previous involvement with the victim. Its existence is what
    lets the agency's partner users see the application."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="partner_requests"
    )
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="requests")
    due = models.DateField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    first_viewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["application", "agency"], name="one_request_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.application} asks {self.agency}"


class InvolvementKind(models.TextChoices):
    CONTACT = "contact", "Contact"
    INCIDENT = "incident", "Incident"
    ACTION = "action", "Action"
    OTHER = "other", "Other"


class Contribution(models.Model):
    """What one agency did before the review, or a nil return. Locked once the meeting starts."""

    request = models.OneToOneField(
        PartnerRequest, on_delete=models.CASCADE, related_name="contribution"
    )
    nil_return = models.BooleanField(default=False)
    summary = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Contribution of {self.request.agency} to {self.request.application}"


class Involvement(models.Model):
    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="entries")
    date = models.DateField()
    kind = models.CharField(max_length=10, choices=InvolvementKind.choices)
    details = models.TextField()

    class Meta:
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.date} {self.kind}"


class Attachment(models.Model):
    """A file a partner added to their contribution, kept outside the static files."""

    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to="attachments/%Y/%m/")
    name = models.CharField(max_length=255, help_text="The name it was uploaded with.")
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name

    @property
    def partnership_id(self) -> int:
        return self.contribution.request.partnership_id


class NoticeKind(models.TextChoices):
    REMINDER = "reminder", "Reminder to the agency"
    OVERDUE = "overdue", "Overdue, told to the coordinator"


class Notice(models.Model):
    """A notice the scheduled job sent. The unique key is what makes running the job twice,
    or again after a crash, send nothing twice: the row is claimed before the email goes."""

    request = models.ForeignKey(PartnerRequest, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=10, choices=NoticeKind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "kind"], name="one_notice_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.request}"
