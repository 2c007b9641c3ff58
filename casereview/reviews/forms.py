"""The review's forms. Lists (involvement, recommendations, actions) are formsets with
spare rows, so they work without JavaScript."""

from collections.abc import Sequence
from datetime import datetime, time
from typing import Any

from django import forms
from django.utils import timezone

from casereview.core import limits
from casereview.core.dates import GovukDateField, local_today
from casereview.reviews.models import InvolvementKind


def _agency_field(label: str, choices: list[tuple[str, str]], **kwargs: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=[("", "Choose an agency"), *choices],
        error_messages={"required": "Choose the agency that owns it"},
        **kwargs,
    )


class PartnerRequestForm(forms.Form):
    agencies = forms.MultipleChoiceField(
        label="Agencies to ask",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one agency to ask"},
    )
    due = GovukDateField(
        label="Contributions due by",
        earliest=local_today,
        latest=lambda: local_today() + limits.REQUEST_DUE_MAX_AHEAD,
    )

    def __init__(self, *args: Any, agencies: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agencies"].choices = agencies  # type: ignore[attr-defined]


class ContributionForm(forms.Form):
    nil_return = forms.ChoiceField(
        label="Has your agency had any involvement with the applicant or this problem?",
        choices=[
            ("no", "Yes, we have had involvement"),
            ("yes", "No, we have had none (nil return)"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether your agency has had any involvement"},
    )
    summary = forms.CharField(
        label="Summary of your agency's involvement",
        required=False,
        widget=forms.Textarea,
        max_length=limits.CONTRIBUTION_SUMMARY,
    )


class InvolvementForm(forms.Form):
    date = GovukDateField(label="Date", required=False, past=True)
    kind = forms.ChoiceField(
        label="What kind of involvement",
        choices=[("", "Choose"), *InvolvementKind.choices],
        required=False,
    )
    details = forms.CharField(
        label="Details",
        required=False,
        widget=forms.Textarea,
        max_length=limits.INVOLVEMENT_DETAILS,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = any(data.get(k) for k in ("date", "kind", "details"))
        if filled:
            for name, message in (
                ("date", "Enter the date of this involvement"),
                ("kind", "Choose what kind of involvement it was"),
                ("details", "Enter the details of this involvement"),
            ):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, message)
        return data


def _formset(form: type[forms.Form], extra: int, limit: int) -> type[forms.BaseFormSet]:
    """Spare rows up to `limit` rows in all; a post of more is refused as a whole (see
    `formset_refusal`) rather than read."""
    return forms.formset_factory(
        form, extra=extra, max_num=limit, validate_max=True, absolute_max=limit + extra
    )


def formset_refusal(form: forms.Form, formset: forms.BaseFormSet, limit: int, noun: str) -> None:
    """A formset with too many rows: said on the page's form, in its error summary."""
    if formset.is_bound and not formset.is_valid() and formset.non_form_errors():
        form.add_error(None, f"There can be at most {limit} {noun}")


InvolvementFormSet = _formset(InvolvementForm, 3, limits.INVOLVEMENT_MAX)


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label="Add a file",
        help_text="A PDF, an image (PNG, JPEG, GIF) or a Word document, up to 10 MB.",
        error_messages={"required": "Choose a file to add"},
    )


class MeetingForm(forms.Form):
    day = GovukDateField(
        label="Date of the meeting",
        earliest=lambda: limits.EARLIEST_EVENT,
        latest=lambda: local_today() + limits.MEETING_MAX_AHEAD,
    )
    start = forms.TimeField(
        label="Start time",
        help_text="Use the 24-hour clock, for example 14:30",
        input_formats=["%H:%M", "%H.%M"],
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={
            "required": "Enter the start time",
            "invalid": "Start time must be a time like 14:30",
        },
    )
    location = forms.CharField(
        label="Where",
        help_text="A room and address, or a link to join online.",
        max_length=limits.MEETING_LOCATION,
        error_messages={"required": "Enter where the meeting is, or a link to join online"},
    )
    agencies = forms.MultipleChoiceField(
        label="Agencies attending", widget=forms.CheckboxSelectMultiple, required=False
    )
    victim_invited = forms.BooleanField(
        label="Invite the victim (or their advocate)",
        required=False,
        help_text="The guidance asks you always to consider inviting them.",
    )
    victim_views = forms.CharField(
        label="The victim's views or impact statement (optional)",
        required=False,
        widget=forms.Textarea,
        max_length=limits.VICTIM_VIEWS,
    )

    def __init__(self, *args: Any, agencies: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agencies"].choices = agencies  # type: ignore[attr-defined]

    def starts_at(self) -> datetime:
        day, start = self.cleaned_data["day"], self.cleaned_data["start"]
        return timezone.make_aware(datetime.combine(day, time(start.hour, start.minute)))


class MinutesForm(forms.Form):
    summary = forms.CharField(
        label="Summary of the discussion",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=limits.MINUTES_SUMMARY,
        error_messages={"required": "Enter a summary of the discussion"},
    )
    decisions = forms.CharField(
        label="Decisions",
        help_text=f"One per line, at most {limits.DECISIONS_MAX}.",
        required=False,
        widget=forms.Textarea,
        max_length=limits.DECISIONS_TEXT,
    )


class _OwnedForm(forms.Form):
    """A recommendation or action: text and the agency that owns it."""

    def __init__(
        self,
        *args: Any,
        agencies: list[tuple[str, str]],
        people: Sequence[tuple[str, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", "Choose an agency"), *agencies]  # type: ignore[attr-defined]
        if people:
            # The person on the case it concerns, if one (optional).
            self.fields["person"] = forms.ChoiceField(
                label="Who it concerns (optional)",
                choices=[("", "No one in particular"), *people],
                required=False,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if any(data.get(k) for k in self.fields if k != "person"):
            for name in self.fields:
                if name == "person":
                    continue
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, f"Enter the {self.fields[name].label.lower()}")  # type: ignore[union-attr]
        return data


class RecommendationForm(_OwnedForm):
    text = forms.CharField(
        label="Recommendation",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=limits.RECOMMENDATION,
    )
    agency = forms.ChoiceField(label="Agency", required=False)


class ActionForm(_OwnedForm):
    text = forms.CharField(
        label="Action",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=limits.ACTION,
    )
    agency = forms.ChoiceField(label="Agency", required=False)
    due = GovukDateField(
        label="Due date",
        required=False,
        earliest=lambda: limits.EARLIEST_EVENT,
        latest=lambda: local_today() + limits.ACTION_DUE_MAX_AHEAD,
    )


class SharedActionForm(ActionForm):
    """An action, with any other agencies that share it."""

    also = forms.MultipleChoiceField(
        label="Other agencies sharing this action (optional)",
        help_text="Each agency updates its own part; the action is done when every part is.",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, agencies: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, agencies=agencies, **kwargs)
        self.fields["also"].choices = agencies  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        # The other agencies are optional even on a filled row; on an empty row, ignored.
        also = self.fields.pop("also")
        try:
            data = super().clean()
        finally:
            self.fields["also"] = also
        return data


class AttendeeForm(forms.Form):
    """Someone at the meeting, or who sent apologies."""

    name = forms.CharField(label="Name", required=False, max_length=200)
    agency = forms.ChoiceField(label="Agency", required=False)

    def __init__(self, *args: Any, agencies: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [  # type: ignore[attr-defined]
            ("", "No agency (for example the victim or their advocate)"),
            *agencies,
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("agency") and not data.get("name", "").strip() and "name" not in self.errors:
            self.add_error("name", "Enter the person's name")
        return data


RecommendationFormSet = _formset(RecommendationForm, 3, limits.RECOMMENDATIONS_MAX)
ActionFormSet = _formset(SharedActionForm, 4, limits.ACTIONS_MAX)
AttendeeFormSet = _formset(AttendeeForm, 4, 100)
ApologyFormSet = _formset(AttendeeForm, 2, 100)


class RecommendationResponseForm(forms.Form):
    accepted = forms.ChoiceField(
        label="Does your agency accept this recommendation?",
        choices=[("yes", "Yes, we accept it"), ("no", "No, we do not accept it")],
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether your agency accepts the recommendation"},
    )
    notes = forms.CharField(
        label="Notes (needed if your agency does not accept it)",
        help_text="What your agency will do, or why it will not.",
        required=False,
        widget=forms.Textarea,
        max_length=limits.PROGRESS,
    )


class VictimResponseForm(forms.Form):
    victim_response = forms.CharField(
        label="What the victim (or advocate) said about the draft plan",
        widget=forms.Textarea,
        max_length=limits.VICTIM_RESPONSE,
        error_messages={"required": "Enter what the victim said"},
    )


class ConclusionForm(forms.Form):
    summary = forms.CharField(
        label="The outcome of the review",
        help_text="In plain English: this goes in the letter to the applicant, with the "
        "recommendations and the action plan.",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=limits.CONCLUSION,
        error_messages={"required": "Enter the outcome of the review"},
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why is the application being withdrawn?",
        widget=forms.Textarea,
        max_length=limits.WITHDRAWAL_REASON,
        error_messages={"required": "Enter why the application is withdrawn"},
    )


class ActionUpdateForm(forms.Form):
    agency = forms.ChoiceField(
        label="Which agency's part are you updating?",
        widget=forms.RadioSelect,
        required=False,
    )
    status = forms.ChoiceField(
        label="Is this action done?",
        choices=[("open", "Not yet"), ("done", "Yes, it is done")],
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the action is done"},
    )
    progress = forms.CharField(
        label="Progress notes",
        required=False,
        widget=forms.Textarea,
        max_length=limits.PROGRESS,
    )

    def __init__(self, *args: Any, owners: list[tuple[str, str]] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if owners:
            self.fields["agency"].choices = owners  # type: ignore[attr-defined]
            self.fields["agency"].required = True
            self.fields["agency"].error_messages["required"] = "Choose the agency's part"
        else:
            del self.fields["agency"]
