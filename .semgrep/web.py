# Examples for `semgrep --test`; each rule's bad example must keep being caught.
# (Paths are not applied in --test, so the "views only" rule also fires here.)
from django.core.mail import EmailMessage, send_mail
from django.http import HttpResponse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.views.decorators.csrf import csrf_exempt
from markupsafe import Markup
from ninja import NinjaAPI
from ninja.security import django_auth


# ruleid: casereview-no-csrf-exempt
@csrf_exempt
def webhook(request):
    return HttpResponse("ok")


# ruleid: casereview-no-csrf-exempt
hook = csrf_exempt(webhook)

# ruleid: casereview-api-bearer-tokens-only
session_api = NinjaAPI(auth=django_auth)
# ruleid: casereview-api-bearer-tokens-only
forgeable = NinjaAPI(csrf=False)
# ok: casereview-api-bearer-tokens-only
token_api = NinjaAPI(title="ok")


def search(request):
    term = request.GET.get("q", "")
    # ruleid: casereview-no-mark-safe-on-request-data
    heading = mark_safe(f"<h1>Results for {term}</h1>")
    # ruleid: casereview-no-mark-safe-on-request-data
    crumb = Markup(request.headers.get("Referer"))
    # ok: casereview-no-mark-safe-on-request-data
    safe = format_html("<h1>Results for {}</h1>", term)
    # ok: casereview-no-mark-safe-on-request-data
    fixed = mark_safe("<br>")
    return heading, crumb, safe, fixed


def form_view(request, form):
    note = form.cleaned_data["note"]
    # ruleid: casereview-no-mark-safe-on-request-data
    return mark_safe(note)


def invite(request, email):
    # ruleid: casereview-email-only-from-services
    send_mail("Invitation", "Hello", None, [email])
    # ruleid: casereview-email-only-from-services
    EmailMessage(subject="Hi", body="Hello", to=[email]).send()
    return HttpResponse("sent")
