from django import forms
from django.contrib.auth.forms import SetPasswordForm

from casereview.accounts.models import Membership, User
from casereview.accounts.services import password_reset_complete


class SignInForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    password = forms.CharField(
        label="Password", strip=False, error_messages={"required": "Enter your password"}
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The 6-digit code from your authenticator app, or one of your recovery codes.",
        error_messages={"required": "Enter the code from your authenticator app"},
    )


class NewAuthenticatorForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=10,
        help_text="For example, 123456.",
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )


class ConfirmIdentityForm(forms.Form):
    password = forms.CharField(
        label="Password",
        strip=False,
        error_messages={"required": "Enter your password"},
    )
    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=10,
        help_text="The 6-digit code your app shows now. Recovery codes do not work here.",
        error_messages={"required": "Enter the code from your authenticator app"},
    )


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="Name for the token",
        max_length=100,
        help_text="Say what uses it, like 'Police records system'.",
        error_messages={"required": "Enter a name for the token"},
    )


class SwitchMembershipForm(forms.Form):
    membership = forms.TypedChoiceField(
        label="Which role do you want to act in?",
        coerce=int,
        error_messages={"required": "Select the role you want to act in"},
    )

    def __init__(self, *args: object, memberships: list[Membership], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["membership"].choices = [(m.pk, str(m)) for m in memberships]  # type: ignore[attr-defined]


class NewPasswordForm(SetPasswordForm):
    """Choosing a new password from a reset link ends every session and API token."""

    def save(self, commit: bool = True) -> User:
        password_reset_complete(user=self.user, password=self.cleaned_data["new_password1"])
        return self.user


class InvitationAnswerForm(forms.Form):
    accept = forms.ChoiceField(
        label="Do you want to accept this role?",
        choices=[("yes", "Yes, accept it"), ("no", "No, decline it")],
        error_messages={"required": "Select yes to accept the role, or no to decline it"},
    )
