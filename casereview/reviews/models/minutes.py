"""The minutes of the meeting, as recorded and as kept in draft, with who attended, the
recommendations and their answers, and the action plan with each agency's part."""

from django.conf import settings
from django.db import models

from casereview.applications.models import Application, CasePerson
from casereview.partnerships.models import Agency, Partnership


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
    # The person on the case it concerns, if one (the record goes if the person is removed).
    person = models.ForeignKey(
        CasePerson, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

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
    person = models.ForeignKey(
        CasePerson, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
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
