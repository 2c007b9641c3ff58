"""The online application's own questions; the rest are the staff journey's forms."""

from typing import Any

from django import forms

from casereview.appeals.models import Ground
from casereview.applications.forms import (
    AdvocateForm,
    ApplicantForm,
    ConsentForm,
    ContactForm,
    DescriptionForm,
    VictimForm,
)


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


def _labels(form: forms.Form, labels: dict[str, str], errors: dict[str, str]) -> None:
    for name, label in labels.items():
        form.fields[name].label = label
    for name, message in errors.items():
        form.fields[name].error_messages["required"] = message


def _needs(
    form: forms.Form, data: dict[str, Any], preference: str | None, fields: dict[str, str]
) -> None:
    """The details letters need, asked for on the page where they are typed: an email
    address for email, a postal address for post (and for phone: letters still go by post),
    a phone number for phone. `fields` maps "email", "address" and "phone" to field names."""
    needed = {
        "email": preference == "email",
        "address": preference in ("post", "phone"),
        "phone": preference == "phone",
    }
    messages = {
        "email": "Enter your email address, so we can email your letters to you",
        "address": "Enter your postal address, so we can post your letters to you",
        "phone": "Enter your phone number, so we can call you",
    }
    for what, name in fields.items():
        if needed[what] and not (data.get(name) or "").strip() and name not in form.errors:
            form.add_error(name, messages[what])


class OnlineApplicantForm(ApplicantForm):
    title = "Who is the review for?"

    def __init__(self, *args: Any, for_self: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["applicant_type"].label = self.title
        self.fields["applicant_type"].choices = [  # type: ignore[attr-defined]
            ("individual", "Me" if for_self else "One person"),
            ("business", "A business"),
            ("community_group", "A community group"),
        ]
        self.fields[
            "applicant_type"
        ].help_text = "We cannot accept a request without a name: you cannot ask anonymously."
        self.fields["applicant_type"].error_messages["required"] = "Select who the review is for"


class OnlineContactForm(ContactForm):
    """Letters go to whoever applies: the victim, or the person applying for them."""

    title = "How should we contact you?"

    def __init__(self, *args: Any, for_self: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact_preference"].help_text = (
            "We send letters by email as a PDF, or by post. If you choose phone, we still "
            "post your letters."
        )
        you = "you" if for_self else "you or the person you are applying for"
        _labels(
            self,
            {
                "contact_preference": self.title,
                "large_print": "Send letters in large print",
                "interpreter_language": f"If {you} need an interpreter, which language?",
                "named_contact": "Is there someone at the council you already deal with? "
                "(optional)",
                "other_support_needs": f"Is there anything else {you} need from us to take "
                "part? (optional)",
            },
            {"contact_preference": "Select how we should contact you"},
        )


class OnlineVictimForm(VictimForm):
    """The victim's details: "your details" for a victim applying for themselves, who must
    give what their letters need; "their details" for someone applying for them."""

    def __init__(
        self, *args: Any, for_self: bool = True, preference: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.for_self, self.preference = for_self, preference
        if for_self:
            self.title = "Your details"
            _labels(
                self,
                {"victim_name": "Your full name", "victim_address": "Your postal address"},
                {"victim_name": "Enter your full name", "victim_postcode": "Enter your postcode"},
            )
            self.fields["victim_name"].help_text = "Or the name of your business or group."
        else:
            self.title = "Details of the person you are applying for"
            _labels(
                self,
                {
                    "victim_name": "Their full name",
                    "victim_address": "Their address (optional)",
                    "victim_email": "Their email address (optional)",
                    "victim_phone": "Their phone number (optional)",
                    "victim_postcode": "Their postcode",
                },
                {"victim_name": "Enter their full name", "victim_postcode": "Enter their postcode"},
            )
            self.fields["victim_name"].help_text = "Or the name of the business or group."
            self.fields["victim_postcode"].help_text = "Of where the anti-social behaviour happens."

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.for_self:
            fields = {"email": "victim_email", "address": "victim_address", "phone": "victim_phone"}
            _needs(self, data, self.preference, fields)
        return data


class AdvocateDetailsForm(AdvocateForm):
    """Someone applying for the victim: letters go to them, so what their letters need is
    asked for here, and the victim must have agreed to them applying."""

    title = "Your details"

    def __init__(self, *args: Any, preference: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.preference = preference
        # Always "yes" here: the question was answered on "Are you the victim?".
        del self.fields["has_advocate"]
        _labels(
            self,
            {
                "advocate_name": "Your full name",
                "advocate_organisation": "Your organisation (optional)",
                "advocate_relationship": "How you know the person you are applying for (optional)",
                "advocate_email": "Your email address",
                "advocate_phone": "Your phone number",
                "advocate_address": "Your postal address",
                "advocate_victim_consent": "The person I am applying for agrees to me asking "
                "for a case review for them",
            },
            {},
        )

    def clean(self) -> dict[str, Any]:
        data = self.cleaned_data
        data["has_advocate"] = "yes"
        if not (data.get("advocate_name") or "").strip() and "advocate_name" not in self.errors:
            self.add_error("advocate_name", "Enter your full name")
        if not data.get("advocate_victim_consent"):
            self.add_error(
                "advocate_victim_consent",
                "Ask the person you are applying for whether they agree, then confirm they do: "
                "you can only apply for someone with their agreement",
            )
        fields = {"email": "advocate_email", "address": "advocate_address"}
        _needs(self, data, self.preference, {**fields, "phone": "advocate_phone"})
        return data


class OnlineDescriptionForm(DescriptionForm):
    def __init__(self, *args: Any, for_self: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _labels(
            self,
            {
                "description": "Tell us what is happening",
                "impact": "How is it affecting you? (optional)"
                if for_self
                else "How is it affecting them? (optional)",
            },
            {"description": "Tell us what is happening"},
        )


class OnlineConsentForm(ConsentForm):
    def __init__(self, *args: Any, for_self: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["consent_to_share"]
        if for_self:
            self.title = "Sharing your information"
            field.label = "Can we share your information with the agencies looking at your case?"
            field.error_messages["required"] = "Select yes if we can share your information"
        else:
            self.title = "Sharing their information"
            field.label = (
                "Does the person you are applying for agree to us sharing their information "
                "with the agencies looking at their case?"
            )
            field.error_messages["required"] = "Select yes if they agree to us sharing it"
        field.help_text = (
            "The council, the police, housing providers and others look at the case together, "
            "and see only what they need. We record your request whatever you answer. If the "
            "answer is no, the partnership's chair decides whether anything is shared, and "
            "records why."
        )
        field.choices = [(True, "Yes"), (False, "No")]  # type: ignore[attr-defined]


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


class DocumentForm(forms.Form):
    file = forms.FileField(
        label="Choose a file",
        help_text="A PDF, a photo or image (PNG, JPEG, GIF) or a Word document, up to 10 MB. "
        "For example, a diary sheet, a photo or a letter.",
        error_messages={"required": "Choose a file to add"},
    )
    description = forms.CharField(
        label="What is it? (optional)",
        help_text="For example, diary sheet for March.",
        required=False,
        max_length=200,
    )
