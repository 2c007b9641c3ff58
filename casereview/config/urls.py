from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.urls import include, path

from casereview.api.api import api

# The admin site's own login would skip the second factor (the session middleware would then
# end that session), so system administrators sign in through the service's MFA sign-in.
admin.site.login = lambda request, extra_context=None: redirect_to_login(  # type: ignore[method-assign]
    request.GET.get("next", "/system-admin/")
)

urlpatterns = [
    path("", include("casereview.core.urls")),
    path("", include("casereview.accounts.urls")),
    path("", include("casereview.appeals.urls")),
    path("", include("casereview.publication.urls")),
    path("", include("casereview.dataprotection.urls")),
    path("", include("casereview.applicants.urls")),
    path("", include("casereview.reviews.urls")),
    path("", include("casereview.applications.urls")),
    path("", include("casereview.letters.urls")),
    path("", include("casereview.decision.urls")),
    path("", include("casereview.feeds.urls")),
    # After applications: its "applications/new" must win over a case reference.
    path("", include("casereview.casework.urls")),
    path("", include("casereview.manage.urls")),
    path("api/v1/", api.urls),
    # Django's admin is for system administrators only (is_staff); partnership admins use
    # their own screens under /manage/.
    path("system-admin/", admin.site.urls),
]

handler400 = "casereview.core.views.bad_request"
handler403 = "casereview.core.views.forbidden"
handler404 = "casereview.core.views.not_found"
handler500 = "casereview.core.views.server_error"
