from django import forms

from casereview.core.dates import GovukDateField


class SubjectAccessForm(forms.Form):
    requester = forms.CharField(
        label="Who made the request",
        max_length=200,
        error_messages={"required": "Enter who made the request"},
    )
    reply_to = forms.CharField(
        label="Where the answer goes",
        help_text="An email or postal address.",
        max_length=300,
        error_messages={"required": "Enter where the answer goes"},
    )
    received = GovukDateField(label="Date the request was received")
    name = forms.CharField(label="Name to search for", required=False, max_length=200)
    email = forms.EmailField(
        label="Email address to search for",
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )
    postcode = forms.CharField(
        label="Postcode to search for",
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )


class LegalHoldForm(forms.Form):
    hold = forms.ChoiceField(
        label="Keep this case past its retention period?",
        choices=[("yes", "Yes, put it on legal hold"), ("no", "No, erase it when it is due")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to hold the case"},
    )
    reason = forms.CharField(
        label="Reason",
        required=False,
        widget=forms.Textarea,
        max_length=2000,
        help_text="Needed for a hold: for example, litigation or an ongoing investigation.",
    )
