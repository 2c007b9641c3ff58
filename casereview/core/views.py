"""Pages that belong to no single step of the process: home, help pages, errors, audit log."""

from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static

from casereview.core.observability.request_id import current_request_id


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html", {"title": "Accessibility statement"})


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html", {"title": "Privacy notice"})


def cookies(request: HttpRequest) -> HttpResponse:
    return render(request, "core/cookies.html", {"title": "Cookies"})


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers and tools that ask for /favicon.ico without reading the page's icon link. Not
    a permanent redirect: the icon's file name carries its hash in production, new each
    release."""
    return HttpResponseRedirect(static("images/favicon.ico"))


def healthz(request: HttpRequest) -> HttpResponse:
    """The process is up. Touches nothing, so it is also the benchmark's floor."""
    return JsonResponse({"status": "ok"})


def readyz(request: HttpRequest) -> HttpResponse:
    """The database answers and the task queue's table can be read: ready for traffic."""
    from django_tasks_db.models import DBTaskResult

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any database failure means not ready
        return JsonResponse(
            {"status": "unavailable", "database": "unreachable", "tasks": "unknown"}, status=503
        )
    try:
        DBTaskResult.objects.ready().exists()
    except Exception:  # e.g. migrations not applied: tasks could not be queued
        return JsonResponse(
            {"status": "unavailable", "database": "ok", "tasks": "unreachable"}, status=503
        )
    return JsonResponse({"status": "ok", "database": "ok", "tasks": "ok"})


def _error_page(request: HttpRequest, template: str, title: str, status: int) -> HttpResponse:
    context = {"title": title, "request_id": current_request_id()}
    return render(request, template, context, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, "errors/400.html", "Sorry, there is a problem", 400)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, "errors/403.html", "You cannot do this in your role", 403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, "errors/404.html", "Page not found", 404)


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without the request, so it needs no session, user or database: it must work
    when the database is what failed."""
    html = render_to_string(
        "errors/500.html",
        {
            "title": "Sorry, there is a problem with the service",
            "request_id": current_request_id(),
        },
    )
    return HttpResponse(html, status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error_page(request, "errors/csrf.html", "Your page was out of date", 403)
