"""The question pages of recording a request, the complaint form and the decision form."""

from datetime import date
from typing import Any

from django import forms

from casereview.applications.intake import OTHER_AGENCY, ComplaintInput, normalise_postcode
from casereview.applications.models import ApplicantType, Channel, ContactPreference
from casereview.core import limits
from casereview.core.dates import GovukDateField
from casereview.core.emails import OneEmailField

YES_NO = [("yes", "Yes"), ("no", "No")]


class ReceivedForm(forms.Form):
    title = "How was the request made?"
    channel = forms.ChoiceField(
        label="How was the request made?",
        choices=Channel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the request was made"},
    )
    received = GovukDateField(
        label="Date received",
        help_text="The 28-day clock starts from this date. For example, 2 11 2026",
        past=True,
    )


class ApplicantForm(forms.Form):
    title = "Who is applying?"
    applicant_type = forms.ChoiceField(
        label="Who is applying?",
        choices=ApplicantType.choices,
        widget=forms.RadioSelect,
        help_text="Anonymous applications cannot be accepted.",
        error_messages={"required": "Select who is applying"},
    )


class VictimForm(forms.Form):
    title = "The victim's details"
    victim_name = forms.CharField(
        label="Full name",
        max_length=limits.NAME,
        help_text="Of the person, business or group affected.",
        error_messages={"required": "Enter the victim's full name"},
    )
    victim_address = forms.CharField(
        label="Address", required=False, widget=forms.Textarea, max_length=limits.ADDRESS
    )
    victim_postcode = forms.CharField(
        label="Postcode",
        max_length=limits.POSTCODE,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={"required": "Enter the victim's postcode"},
    )
    victim_email = OneEmailField(
        label="Email address",
        required=False,
        max_length=limits.EMAIL,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )
    victim_phone = forms.CharField(label="Phone number", required=False, max_length=limits.PHONE)

    def clean_victim_postcode(self) -> str:
        postcode = normalise_postcode(self.cleaned_data["victim_postcode"])
        if postcode is None:
            raise forms.ValidationError("Enter a real postcode, like ST5 1AB")
        return postcode


class ContactForm(forms.Form):
    title = "Contact and support needs"
    contact_preference = forms.ChoiceField(
        label="How should we contact them?",
        choices=ContactPreference.choices,
        widget=forms.RadioSelect,
        help_text="Letters are emailed as a PDF, or posted. A phone contact still gets letters "
        "by post.",
        error_messages={"required": "Select how they want to be contacted"},
    )
    large_print = forms.BooleanField(label="They need letters in large print", required=False)
    interpreter_language = forms.CharField(
        label="Interpreter language (if they need one)",
        required=False,
        max_length=limits.INTERPRETER_LANGUAGE,
    )
    named_contact = forms.CharField(
        label="Named contact (if they have asked for one)",
        required=False,
        max_length=limits.NAMED_CONTACT,
    )
    other_support_needs = forms.CharField(
        label="Other support needs",
        required=False,
        widget=forms.Textarea,
        max_length=limits.SUPPORT_NEEDS,
    )


class AdvocateForm(forms.Form):
    title = "Is someone applying on the victim's behalf?"
    has_advocate = forms.ChoiceField(
        label="Is someone applying on the victim's behalf?",
        help_text="For example family, a carer, a councillor, an MP or a support worker.",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if an advocate is applying for the victim"},
    )
    advocate_name = forms.CharField(
        label="Advocate's full name", required=False, max_length=limits.NAME
    )
    advocate_organisation = forms.CharField(
        label="Organisation", required=False, max_length=limits.ORGANISATION
    )
    advocate_relationship = forms.CharField(
        label="Relationship to the victim", required=False, max_length=limits.RELATIONSHIP
    )
    advocate_email = OneEmailField(
        label="Advocate's email address",
        required=False,
        max_length=limits.EMAIL,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )
    advocate_phone = forms.CharField(
        label="Advocate's phone number", required=False, max_length=limits.PHONE
    )
    advocate_address = forms.CharField(
        label="Advocate's postal address",
        required=False,
        widget=forms.Textarea,
        max_length=limits.ADDRESS,
    )
    advocate_victim_consent = forms.BooleanField(
        label="The victim has consented to this person acting for them", required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("has_advocate") == "yes":
            if not data.get("advocate_name"):
                self.add_error("advocate_name", "Enter the advocate's full name")
            if not data.get("advocate_victim_consent"):
                self.add_error(
                    "advocate_victim_consent",
                    "The victim must consent to the advocate acting for them",
                )
        return data


class DescriptionForm(forms.Form):
    title = "What is happening?"
    description = forms.CharField(
        label="Describe the anti-social behaviour",
        widget=forms.Textarea,
        max_length=limits.DESCRIPTION,
        error_messages={"required": "Describe the anti-social behaviour"},
    )
    impact = forms.CharField(
        label="How is it affecting the victim?",
        required=False,
        widget=forms.Textarea,
        max_length=limits.IMPACT,
    )


def _yes(value: str) -> bool:
    return value == "True"


class ConsentForm(forms.Form):
    """The victim's wishes about sharing. The request is recorded whatever the answer: the
    partnership relies on its public task, and the Chair decides on sharing without it."""

    title = "Sharing the victim's information"
    consent_to_share = forms.TypedChoiceField(
        label="Does the victim agree to their information being shared with the partner agencies?",
        help_text="Record the request either way. If they do not agree, the Chair decides "
        "whether the partnership shares it, and why.",
        choices=[(True, "Yes"), (False, "No")],
        coerce=_yes,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether the victim agrees to their information being shared"
        },
    )


class ComplaintForm(forms.Form):
    behaviour_date = GovukDateField(label="Date of the behaviour", past=True)
    reported_date = GovukDateField(label="Date it was reported", past=True)
    agency = forms.ChoiceField(
        label="Who was it reported to?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select who it was reported to"},
    )
    reference = forms.CharField(
        label="Their reference number (if known)",
        required=False,
        max_length=limits.COMPLAINT_REFERENCE,
    )
    summary = forms.CharField(
        label="What was reported",
        required=False,
        widget=forms.Textarea,
        max_length=limits.COMPLAINT_SUMMARY,
    )
    reporter = forms.CharField(
        label="Who reported it",
        required=False,
        max_length=limits.NAME,
        help_text="Leave blank if the applicant reported it. For a community application, "
        "name the person who did.",
    )
    hate = forms.BooleanField(label="It was reported as a hate incident", required=False)
    same_incident_as = forms.ChoiceField(
        label="Is it the same incident as another complaint?",
        required=False,
        help_text="One incident reported to several agencies counts once.",
    )

    def __init__(
        self,
        *args: Any,
        agencies: list[tuple[str, str]],
        others: list[tuple[str, str]],
        received: date,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.received = received
        self.fields["agency"].choices = [  # type: ignore[attr-defined]
            *agencies,
            (OTHER_AGENCY, "Another organisation (not a relevant body)"),
        ]
        self.fields["same_incident_as"].choices = [  # type: ignore[attr-defined]
            ("", "No, a separate incident"),
            *others,
        ]

    def in_plain_words(self) -> None:
        """The online form's wording, for someone reporting what happened to them."""
        labels = {
            "behaviour_date": "When did it happen?",
            "reported_date": "When did you report it?",
            "agency": "Who did you report it to?",
            "reference": "Their reference number (optional)",
            "summary": "What did you report? (optional)",
            "reporter": "Who reported it, if not you (optional)",
            "hate": "I reported it as a hate incident",
            "same_incident_as": "Is this the same thing as another report?",
        }
        for name, label in labels.items():
            self.fields[name].label = label
        self.fields["reporter"].help_text = "Leave this blank if you reported it yourself."
        self.fields[
            "same_incident_as"
        ].help_text = "If you reported one incident to more than one organisation, it counts once."
        agency = self.fields["agency"]
        agency.choices = [  # type: ignore[attr-defined]
            (v, "Someone else" if v == OTHER_AGENCY else label)
            for v, label in agency.choices  # type: ignore[attr-defined]
        ]
        agency.error_messages["required"] = "Select who you reported it to"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        behaviour, reported = data.get("behaviour_date"), data.get("reported_date")
        if behaviour and behaviour > self.received:
            self.add_error(
                "behaviour_date", "Date of the behaviour must be on or before the date received"
            )
        if reported and reported > self.received:
            self.add_error(
                "reported_date", "Date it was reported must be on or before the date received"
            )
        if behaviour and reported and reported < behaviour:
            self.add_error(
                "reported_date",
                "Date it was reported must be on or after the date of the behaviour",
            )
        return data

    def to_input(self, key: str) -> ComplaintInput:
        data = self.cleaned_data
        return ComplaintInput(
            key=key,
            behaviour_date=data["behaviour_date"],
            reported_date=data["reported_date"],
            agency=data["agency"],
            reference=data["reference"],
            summary=data["summary"],
            hate=data["hate"],
            reporter=data["reporter"] or "applicant",
            same_incident_as=data["same_incident_as"] or None,
        )

    @staticmethod
    def initial_from(c: ComplaintInput) -> dict[str, Any]:
        return {
            "behaviour_date": c.behaviour_date,
            "reported_date": c.reported_date,
            "agency": c.agency,
            "reference": c.reference,
            "summary": c.summary,
            "reporter": "" if c.reporter == "applicant" else c.reporter,
            "hate": c.hate,
            "same_incident_as": c.same_incident_as or "",
        }


STEPS: list[tuple[str, type[forms.Form]]] = [
    ("received", ReceivedForm),
    ("applicant", ApplicantForm),
    ("victim", VictimForm),
    ("contact", ContactForm),
    ("advocate", AdvocateForm),
    ("description", DescriptionForm),
    ("consent", ConsentForm),
]
