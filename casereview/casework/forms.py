"""Forms of the whole-case pages."""

import re
from datetime import time

from django import forms

from casereview.applications.models import ContactDirection, ContactMethod
from casereview.core import limits
from casereview.core.dates import GovukDateField

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
