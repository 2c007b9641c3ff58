from django.contrib import admin
from django.urls import include, path

from casereview.api.api import api

urlpatterns = [
    path("", include("casereview.core.urls")),
    path("", include("casereview.accounts.urls")),
    path("manage/", include("casereview.partnerships.urls")),
    path("api/v1/", api.urls),
    # Django's admin is for system administrators only (is_staff); partnership admins use
    # their own screens under /manage/.
    path("system-admin/", admin.site.urls),
]

handler400 = "casereview.core.views.bad_request"
handler403 = "casereview.core.views.forbidden"
handler404 = "casereview.core.views.not_found"
handler500 = "casereview.core.views.server_error"
