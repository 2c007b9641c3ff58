"""The review meeting and the pack prepared for it."""

from django.conf import settings
from django.db import models

from casereview.applications.models import Application
from casereview.partnerships.models import Agency, Partnership


class Meeting(models.Model):
    """The review meeting. When an upheld appeal reconvenes the review, the earlier meeting is
    kept as evidence: it leaves `application` (the current meeting only) for
    `superseded_from`."""

    application = models.OneToOneField(
        Application, null=True, blank=True, on_delete=models.CASCADE, related_name="meeting"
    )
    superseded_from = models.ForeignKey(
        Application,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="superseded_meetings",
    )
    superseded_at = models.DateTimeField(null=True, blank=True)
    starts_at = models.DateTimeField()
    location = models.CharField(max_length=500, help_text="A place, or a link to join online.")
    agencies = models.ManyToManyField(Agency, related_name="+", blank=True)
    victim_invited = models.BooleanField(default=False)
    victim_views = models.TextField(
        blank=True, help_text="The victim's views or impact statement, for the meeting."
    )
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    scheduled_at = models.DateTimeField(auto_now=True)
    sequence = models.PositiveIntegerField(
        default=0, help_text="Calendar revision: rescheduling sends an update, not a new event."
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(application__isnull=True)
                ^ models.Q(superseded_from__isnull=True),
                name="meeting_current_or_superseded",
            )
        ]

    def __str__(self) -> str:
        return f"Meeting for {self.case}"

    @property
    def case(self) -> Application:
        """The application, whether this is its current meeting or a superseded one."""
        case = self.application or self.superseded_from
        assert case is not None  # the check constraint: one of the two is set
        return case


class MeetingPack(models.Model):
    """The meeting pack as a PDF, rendered by the task worker (`reviews.pack.pack_render`),
    since a pack with many contributions takes too long to render inside a request.

    One row for each distinct document: `fingerprint` is the SHA-256 of the HTML it was made
    from, so a pack is rendered again only when what it says has changed, and a reader is
    only ever given a PDF of exactly the document their own request produced. A copy of
    personal data for working only: the retention sweep removes it after PACK_KEEP_DAYS.
    """

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    fingerprint = models.CharField(max_length=64)
    html = models.TextField()
    pdf = models.BinaryField(blank=True, default=b"")
    pdf_rendered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "fingerprint"], name="one_pack_per_document"
            )
        ]

    def __str__(self) -> str:
        return f"Meeting pack for {self.application}"

    @property
    def pdf_ready(self) -> bool:
        return self.pdf_rendered_at is not None
