"""The multi-agency review: partner requests and contributions, the meeting, the minutes
with their recommendations and actions, and the notices sent along the way."""

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


class Minutes(models.Model):
    """One version of the record of the meeting. Approved versions never change: a later
    correction is a new version, and the old one is kept."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="minutes")
    version = models.PositiveSmallIntegerField()
    summary = models.TextField()
    decisions = models.JSONField(default=list)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    shared_with_victim_at = models.DateTimeField(null=True, blank=True)
    victim_response = models.TextField(blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["application", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "version"], name="minutes_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"Minutes v{self.version} for {self.application}"

    @property
    def approved(self) -> bool:
        return self.approved_at is not None


class MinutesDraft(models.Model):
    """What the coordinator typed into the minutes form and has not recorded yet, kept on the
    server so nothing typed is lost: saved with "Save as a draft", and whenever recording is
    refused. Removed once the minutes are recorded."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="minutes_draft"
    )
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    data = models.JSONField(default=dict, help_text="The form's fields, as typed.")
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    saved_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Draft minutes for {self.application}"


class Attendee(models.Model):
    """Someone who attended the meeting, or sent their apologies, as the minutes record."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(max_length=200)
    agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty for someone attending for no agency (the victim, an advocate).",
    )
    attended = models.BooleanField(help_text="False: sent their apologies.")

    class Meta:
        ordering = ["-attended", "pk"]

    def __str__(self) -> str:
        return self.name


class RecommendationResponse(models.TextChoices):
    AWAITING = "awaiting", "Awaiting a response"
    ACCEPTED = "accepted", "Accepted"
    NOT_ACCEPTED = "not_accepted", "Not accepted"


class Recommendation(models.Model):
    """A recommendation aimed at one agency, which answers whether it accepts it
    (`RecommendationAnswer`; none yet: awaiting a response)."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="recommendations")
    text = models.TextField()
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text[:50]

    def owner_ids(self) -> set[int]:
        return {self.agency_id}

    @property
    def partnership_id(self) -> int:
        return self.minutes.application.partnership_id

    @property
    def answer_or_none(self) -> "RecommendationAnswer | None":
        try:
            return self.answer
        except RecommendationAnswer.DoesNotExist:
            return None

    @property
    def response(self) -> str:
        answer = self.answer_or_none
        return answer.response if answer is not None else RecommendationResponse.AWAITING

    def get_response_display(self) -> str:
        return str(RecommendationResponse(self.response).label)


class RecommendationAnswer(models.Model):
    """The agency's answer to a recommendation aimed at it: accepted or not, and its notes.
    It may change its answer; the audit log keeps each."""

    recommendation = models.OneToOneField(
        Recommendation, on_delete=models.CASCADE, related_name="answer"
    )
    response = models.CharField(max_length=12, choices=RecommendationResponse.choices)
    notes = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.response} for {self.recommendation}"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"


class Action(models.Model):
    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="actions")
    text = models.TextField()
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="actions")
    due = models.DateField()
    status = models.CharField(max_length=10, choices=ActionStatus.choices, default="open")
    progress = models.TextField(blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["due", "pk"]

    def __str__(self) -> str:
        return self.text[:50]

    @property
    def partnership_id(self) -> int:
        return self.minutes.application.partnership_id

    def is_overdue(self, today: object) -> bool:
        return self.status == ActionStatus.OPEN and self.due < today  # type: ignore[operator]

    def owner_ids(self) -> set[int]:
        """The lead agency (`agency`) and every other agency sharing the action. Uses the
        parts as prefetched."""
        return {self.agency_id, *(p.agency_id for p in self.parts.all())}

    def part_of(self, agency_id: int | None) -> "ActionPart | None":
        return next((p for p in self.parts.all() if p.agency_id == agency_id), None)


class ActionPart(models.Model):
    """One owning agency's share of an action: each agency updates its own part, and the
    action is done once every part is. An action from before parts existed has none, and
    gets its lead agency's part the first time it is updated."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="parts")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=ActionStatus.choices, default="open")
    progress = models.TextField(blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["action", "agency"], name="one_part_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.agency} on {self.action}"


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


class Conclusion(models.Model):
    """The Chair's conclusion: the outcome the conclusion letter tells the applicant. A
    reconvened review's new conclusion replaces it as `application.conclusion`; this one is
    kept, through `superseded_from`."""

    application = models.OneToOneField(
        Application, null=True, blank=True, on_delete=models.PROTECT, related_name="conclusion"
    )
    superseded_from = models.ForeignKey(
        Application,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_conclusions",
    )
    superseded_at = models.DateTimeField(null=True, blank=True)
    summary = models.TextField()
    minutes = models.ForeignKey(Minutes, on_delete=models.PROTECT, related_name="+")
    late = models.BooleanField(help_text="Issued after the conclusion deadline.")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(application__isnull=True)
                ^ models.Q(superseded_from__isnull=True),
                name="conclusion_current_or_superseded",
            )
        ]

    def __str__(self) -> str:
        return f"Conclusion of {self.application}"


class Withdrawal(models.Model):
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="withdrawal"
    )
    reason = models.TextField()
    previous_status = models.CharField(max_length=20)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Withdrawal of {self.application}"


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
