"""The online application's own questions; the rest are the staff journey's forms."""

from typing import Any

from django import forms

from casereview.appeals.models import Ground
from casereview.applications.forms import AdvocateForm


class PartnershipForm(forms.Form):
    title = "Where is the anti-social behaviour happening?"
    partnership = forms.ChoiceField(
        label="Where is the anti-social behaviour happening?",
        widget=forms.RadioSelect,
        help_text="Choose the area of the council where it happens.",
        error_messages={"required": "Choose the area where it is happening"},
    )

    def __init__(self, *args: Any, partnerships: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partnership"].choices = partnerships  # type: ignore[attr-defined]


class WhoForm(forms.Form):
    title = "Are you the victim?"
    has_advocate = forms.ChoiceField(
        label="Are you the victim?",
        choices=[("no", "Yes, I am the victim"), ("yes", "No, I am applying for someone else")],
        widget=forms.RadioSelect,
        help_text="You can apply for someone else, such as a relative or someone you support, "
        "if they agree.",
        error_messages={"required": "Say whether you are the victim"},
    )


class AdvocateDetailsForm(AdvocateForm):
    title = "Your details"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["has_advocate"].required = False
        self.fields["has_advocate"].widget = forms.HiddenInput()
        self.fields["advocate_name"].label = "Your full name"
        self.fields["advocate_email"].label = "Your email address"
        self.fields["advocate_phone"].label = "Your phone number"
        self.fields["advocate_address"].label = "Your postal address"
        self.fields["advocate_victim_consent"].label = "The victim agrees to me applying for them"

    def clean(self) -> dict[str, Any]:
        self.cleaned_data["has_advocate"] = "yes"
        return super().clean()


class AppealRequestForm(forms.Form):
    grounds = forms.MultipleChoiceField(
        label="Why are you unhappy with how your case was handled?",
        choices=Ground.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose all that apply.",
        error_messages={"required": "Choose at least one reason"},
    )
    details = forms.CharField(
        label="Tell us more",
        widget=forms.Textarea,
        max_length=10000,
        error_messages={"required": "Tell us why you are unhappy"},
    )


class HoneypotForm(forms.Form):
    """A field people never see (hidden by CSS) but form-filling robots complete."""

    website = forms.CharField(label="Leave this empty", required=False)


class FollowForm(forms.Form):
    reference = forms.CharField(
        label="Case reference",
        help_text="It is on our letters and emails, for example NUL-2026-0012.",
        max_length=30,
        error_messages={"required": "Enter your case reference"},
    )
    code = forms.CharField(
        label="Access code",
        help_text="8 letters and numbers, for example BCDF-GH23. We gave it to you on the "
        "phone, in a letter or in a text message.",
        max_length=20,
        error_messages={"required": "Enter your access code"},
    )
