"""Forms of the whole-case pages."""

import re
from datetime import time

from django import forms

from casereview.applications.models import AssessmentMethod, ContactDirection, ContactMethod
from casereview.core import limits
from casereview.core.dates import GovukDateField
from casereview.harm import FLAGS, PERSISTENCE, RESPONSE

_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})\s*(am|pm)?$", re.IGNORECASE)


def parse_time(text: str) -> time | None:
    """ "14:30", "2.30pm", "9:05 am": a time of day, or None if it is not one."""
    found = _TIME.match(text.strip())
    if found is None:
        return None
    hour, minute, half = int(found[1]), int(found[2]), (found[3] or "").lower()
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


class ContactForm(forms.Form):
    contacted_on = GovukDateField(
        label="Date of the contact",
        past=True,
        error_messages={"required_date": "Enter the date of the contact"},
    )
    contacted_at = forms.CharField(
        label="Time (optional)",
        required=False,
        max_length=10,
        help_text="For example, 14:30 or 2:30pm",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
    )
    direction = forms.ChoiceField(
        label="Who made the contact?",
        choices=ContactDirection.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who made the contact"},
    )
    method = forms.ChoiceField(
        label="How?",
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the contact was made"},
    )
    summary = forms.CharField(
        label="What was said",
        help_text="Write what you would be content for the applicant to read: they may ask "
        "for a copy of their data.",
        widget=forms.Textarea,
        max_length=limits.CONTACT_SUMMARY,
        error_messages={"required": "Enter what was said"},
    )

    def clean_contacted_at(self) -> time | None:
        text = self.cleaned_data["contacted_at"].strip()
        if not text:
            return None
        found = parse_time(text)
        if found is None:
            raise forms.ValidationError("Enter the time like 14:30 or 2:30pm")
        return found


def _flag_choices(group: str) -> list[tuple[str, str]]:
    return [(name, label) for name, label, _ in FLAGS[group]]


class HarmAssessmentForm(forms.Form):
    """The harm assessment's questions, asked with the victim; their wording is the pure
    rule's (casereview.harm), so the page, the API and the explanation agree."""

    assessed_on = GovukDateField(
        label="Date of the assessment",
        past=True,
        error_messages={"required_date": "Enter the date of the assessment"},
    )
    method = forms.ChoiceField(
        label="How was it done?",
        choices=AssessmentMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the assessment was made"},
    )
    persistence = forms.ChoiceField(
        label="How long has the behaviour gone on?",
        choices=[(value, label) for value, label, _ in PERSISTENCE],
        widget=forms.RadioSelect,
        error_messages={"required": "Select how long the behaviour has gone on"},
    )
    impact = forms.MultipleChoiceField(
        label="How has it affected them?",
        help_text="Select all that apply.",
        choices=_flag_choices("impact"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    vulnerability = forms.MultipleChoiceField(
        label="What makes them more vulnerable?",
        help_text="Select all that apply.",
        choices=_flag_choices("vulnerability"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    others = forms.MultipleChoiceField(
        label="Who else is affected?",
        help_text="Select all that apply. Record children with care: their names are not "
        "asked for here.",
        choices=_flag_choices("others"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    response = forms.ChoiceField(
        label="How well have agencies responded so far?",
        choices=[(value, label) for value, label, _ in RESPONSE],
        widget=forms.RadioSelect,
        error_messages={"required": "Select how well agencies have responded so far"},
    )
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        help_text="Write what you would be content for the victim to read: they may ask for a "
        "copy of their data.",
        widget=forms.Textarea,
        max_length=limits.HARM_NOTES,
    )

    def answers(self) -> dict[str, object]:
        data = self.cleaned_data
        chosen = {*data["impact"], *data["vulnerability"], *data["others"]}
        return {
            "persistence": data["persistence"],
            **{name: True for name in sorted(chosen)},
            "response": data["response"],
        }
