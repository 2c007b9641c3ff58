"""Password reset by email. A new password never signs anyone in: the second factor is
still asked for at the next sign-in, so a stolen mailbox alone is not enough. The new
password ends every session and API token the person had."""

from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from casereview.accounts.forms import NewPasswordForm

request_reset = auth_views.PasswordResetView.as_view(
    template_name="accounts/password_reset.html",
    email_template_name="accounts/email/password_reset.txt",
    subject_template_name="accounts/email/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_sent"),
    extra_context={"title": "Reset your password"},
)
reset_sent = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_sent.html",
    extra_context={"title": "Check your email"},
)
choose_password = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_choose.html",
    form_class=NewPasswordForm,
    success_url=reverse_lazy("accounts:password_reset_done"),
    post_reset_login=False,
    extra_context={"title": "Choose a new password"},
)
reset_done = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_done.html",
    extra_context={"title": "Your password has been changed"},
)
