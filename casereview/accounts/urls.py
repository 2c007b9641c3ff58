from django.urls import path

from casereview.accounts.views import account, invitation, password_reset, sign_in

app_name = "accounts"

urlpatterns = [
    path("sign-in", sign_in.sign_in, name="sign_in"),
    path("sign-in/code", sign_in.sign_in_code, name="sign_in_code"),
    path("sign-in/set-up-authenticator", sign_in.set_up_authenticator, name="set_up_authenticator"),
    path("sign-out", sign_in.sign_out, name="sign_out"),
    path("account", account.account, name="account"),
    path("account/tokens", account.token_create, name="token_create"),
    path("account/tokens/<int:token_id>/revoke", account.token_revoke, name="token_revoke"),
    path("account/sign-out-everywhere", account.sign_out_everywhere, name="sign_out_everywhere"),
    path("account/confirm", account.confirm_identity, name="confirm_identity"),
    path("account/recovery-codes", account.recovery_codes, name="recovery_codes"),
    path("account/switch", account.switch_membership, name="switch_membership"),
    path("account/invitations/<int:invitation_id>", invitation.invitation, name="invitation"),
    path("password-reset", password_reset.request_reset, name="password_reset"),
    path("password-reset/sent", password_reset.reset_sent, name="password_reset_sent"),
    path(
        "password-reset/<uidb64>/<token>",
        password_reset.choose_password,
        name="password_reset_confirm",
    ),
    path("password-reset/done", password_reset.reset_done, name="password_reset_done"),
]
