"""Checks of the running production stack, through nginx over HTTPS.

Not part of the test suite (its name is not test_*, and it lives outside tests/): deploy/check.py
runs it against the stack it started, passing the addresses in DEPLOY_* variables.
"""

import base64
import http.client
import http.cookiejar
import json
import os
import re
import ssl
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django_otp.oath import totp

HTTPS = urlsplit(os.environ.get("DEPLOY_HTTPS", ""))
HTTP = urlsplit(os.environ.get("DEPLOY_HTTP", ""))
pytestmark = pytest.mark.skipif(not HTTPS.port, reason="run by make deploy-check")

Response = tuple[int, http.client.HTTPMessage, bytes]


def tls() -> ssl.SSLContext:
    # Verified against the throwaway certificate: the check proves TLS works, not that it
    # can be skipped.
    return ssl.create_default_context(cafile=os.environ["DEPLOY_CA"])


def https(
    method: str, path: str, headers: dict[str, str] | None = None, body: bytes | None = None
) -> Response:
    connection = http.client.HTTPSConnection("127.0.0.1", HTTPS.port, context=tls(), timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def get(path: str, **headers: str) -> Response:
    return https("GET", path, headers)


def app_log_lines() -> list[dict[str, object]]:
    lines = []
    for line in Path(os.environ["DEPLOY_APP_LOG"]).read_text().splitlines():
        if line.startswith("{"):
            lines.append(json.loads(line))
    return lines


def test_the_sign_in_page_is_served_with_the_security_headers() -> None:
    status, headers, body = get("/sign-in")
    assert status == 200
    assert b"Sign in" in body
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "includeSubDomains" in headers["Strict-Transport-Security"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    # Cookies only over HTTPS.
    cookies = headers.get_all("Set-Cookie") or []
    assert cookies and all("Secure" in c for c in cookies)


def test_static_files_come_from_nginx_with_a_long_cache_lifetime() -> None:
    _, _, body = get("/sign-in")
    found = re.search(rb'href="(/static/css/app\.[0-9a-f]+\.css)"', body)
    assert found, "the page links its stylesheet by its hashed name"
    status, headers, _ = get(found.group(1).decode(), **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Type"].startswith("text/css")
    assert "max-age=31536000" in headers["Cache-Control"]
    assert "immutable" in headers["Cache-Control"]
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers.get("Content-Encoding") == "gzip"  # the pre-compressed copy
    assert len(headers.get_all("Cache-Control") or []) == 1


def test_plain_http_is_redirected_to_https() -> None:
    connection = http.client.HTTPConnection("127.0.0.1", HTTP.port, timeout=10)
    try:
        connection.request("GET", "/sign-in?next=/audit")
        response = connection.getresponse()
        response.read()
    finally:
        connection.close()
    assert response.status == 301
    assert response.headers["Location"] == "https://127.0.0.1/sign-in?next=/audit"


def test_an_upload_over_the_limit_gets_a_friendly_413_from_nginx() -> None:
    body = b"x" * (12 * 1024 * 1024)
    status, headers, page = https(
        "POST",
        "/sign-in",
        {"Content-Type": "application/octet-stream", "Content-Length": str(len(body))},
        body,
    )
    assert status == 413
    assert b"The file is too big" in page and b"10 MB" in page
    assert headers["Content-Type"].startswith("text/html")
    assert re.fullmatch(r"[0-9a-f]{32}", headers["X-Request-ID"])


def test_a_ten_megabyte_file_with_its_form_reaches_the_application() -> None:
    boundary = uuid.uuid4().hex
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n'
        f"Content-Type: application/pdf\r\n\r\n".encode()
        + b"x" * (10 * 1024 * 1024)
        + f'\r\n--{boundary}\r\nContent-Disposition: form-data; name="notes"\r\n\r\n'
        f"{'n' * 20_000}\r\n--{boundary}--\r\n".encode()
    )
    status, _, page = https(
        "POST",
        "/sign-in",
        {"Content-Type": f"multipart/form-data; boundary={boundary}"},
        body,
    )
    # Past nginx: the application refuses it (no CSRF token), with its own page.
    assert status == 403
    assert b"Your page was out of date" in page


def test_health_and_readiness() -> None:
    status, _, body = get("/healthz")
    assert status == 200 and json.loads(body) == {"status": "ok"}
    status, _, body = get("/readyz")
    assert status == 200
    assert json.loads(body) == {"status": "ok", "database": "ok", "tasks": "ok"}


def test_the_request_id_is_echoed_logged_and_shown_on_error_pages() -> None:
    mine = f"deploy-check-{uuid.uuid4().hex[:12]}"
    status, headers, body = get("/no-such-page", **{"X-Request-ID": mine})
    assert status == 404
    assert headers.get_all("X-Request-ID") == [mine]
    assert mine.encode() in body  # the 404 page shows it, for the user to quote

    status, headers, _ = get("/sign-in", **{"X-Request-ID": "<script>bad"})
    assert status == 200
    generated = headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", generated)

    time.sleep(0.5)  # the log line is written as the response leaves gunicorn
    lines = app_log_lines()
    mine_logged = [entry for entry in lines if entry.get("request_id") == mine]
    assert mine_logged and mine_logged[0]["route"] == "unmatched"
    assert mine_logged[0]["status"] == 404
    generated_logged = [entry for entry in lines if entry.get("request_id") == generated]
    assert generated_logged[0]["route"] == "accounts:sign_in"
    assert generated_logged[0]["method"] == "GET"
    assert isinstance(generated_logged[0]["duration_ms"], int | float)


def test_a_status_link_token_never_reaches_the_log() -> None:
    token = f"secret-token-{uuid.uuid4().hex}"
    status, _, _ = get(f"/status/{token}")
    assert status == 404
    time.sleep(0.5)
    log = Path(os.environ["DEPLOY_APP_LOG"]).read_text()
    assert token not in log
    assert '"route": "applicants:status"' in log


def test_metrics_need_the_token_and_count_requests() -> None:
    status, _, _ = get("/metrics")
    assert status == 401
    status, _, _ = get("/metrics", Authorization="Bearer wrong")
    assert status == 401
    status, headers, body = get(
        "/metrics", Authorization=f"Bearer {os.environ['DEPLOY_METRICS_TOKEN']}"
    )
    assert status == 200
    assert headers["Content-Type"].startswith("text/plain")
    text = body.decode()
    assert 'casereview_http_requests_total{route="accounts:sign_in",status="200"}' in text
    assert "casereview_http_request_duration_seconds_bucket" in text
    assert "casereview_task_queue_ready " in text
    assert 'casereview_applications_overdue{deadline="acknowledgement"}' in text
    assert "casereview_letters_awaiting_post " in text


# The demo's published sign-in (README.md): for a trial server only, never real data.
DEMO_PASSWORD = "demo-password-not-for-real-use"  # noqa: S105
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105


def signed_in(email: str) -> tuple[urllib.request.OpenerDirector, str]:
    """A browser signed in as the demo user `email` (password, then the authenticator code),
    through nginx, and the site's address. One user each: a code is accepted only once."""
    base = f"https://127.0.0.1:{HTTPS.port}"
    browser = urllib.request.build_opener(
        urllib.request.HTTPSHandler(context=tls()),
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
    )

    def submit(path: str, fields: dict[str, str]) -> str:
        form = browser.open(base + path, timeout=30).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
        assert token, f"{path} has a form with its CSRF token"
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token[1], **fields}).encode()
        request = urllib.request.Request(  # noqa: S310 (an https URL built above)
            base + path, data=data, headers={"Referer": base + path}
        )
        with browser.open(request, timeout=30) as response:
            return response.read().decode()

    submit("/sign-in", {"email": email, "password": DEMO_PASSWORD})
    code = f"{totp(base64.b32decode(DEMO_TOTP_SECRET)):06d}"
    home = submit("/sign-in/code", {"code": code})
    assert "Sign out" in home
    return browser, base


def test_a_demo_user_signs_in_over_https_and_sees_their_caseload() -> None:
    """The trial server of docs/operations.md: password, then the authenticator code, then
    the coordinator's home page with the demo's applications, all through nginx."""
    browser, base = signed_in("pso@nul.example")
    home = browser.open(base + "/", timeout=30).read().decode()
    assert "NUL-" in home, "the demo's applications are on the coordinator's home page"


def test_no_token_or_searched_name_reaches_any_log() -> None:
    """nginx logs each request with the status-link and reset tokens masked, no query string
    and no Referer; the application logs route names. A status link (over HTTPS and plain
    HTTP), a password-reset link and a search by name leave none of them in any log."""
    status_token = f"statustoken{uuid.uuid4().hex}"
    uid, reset_token = f"uid{uuid.uuid4().hex[:8]}", f"resettoken-{uuid.uuid4().hex}"
    name = f"Searchname{uuid.uuid4().hex[:10]}"
    page_before = f"https://127.0.0.1:{HTTPS.port}/status/{status_token}?q={name}"

    assert get(f"/status/{status_token}")[0] == 404
    assert get(f"/status/{status_token}/letters/1", Referer=page_before)[0] == 404
    status, _, _ = get(f"/password-reset/{uid}/{reset_token}", Referer=page_before)
    assert status < 500
    connection = http.client.HTTPConnection("127.0.0.1", HTTP.port, timeout=10)
    try:
        connection.request("GET", f"/status/{status_token}")
        assert connection.getresponse().status == 301
    finally:
        connection.close()
    browser, base = signed_in("chair@nul.example")
    query = urllib.parse.urlencode({"q": name})
    with browser.open(f"{base}/applications?{query}", timeout=30) as response:
        assert response.status == 200

    time.sleep(0.5)  # nginx writes each line as the request ends; gunicorn likewise
    logs = {
        path.name: path.read_text() for path in Path(os.environ["DEPLOY_NGINX_LOGS"]).glob("*.log")
    }
    logs["application"] = Path(os.environ["DEPLOY_APP_LOG"]).read_text()
    assert "casereview.access.log" in logs and "error.log" in logs
    for log, text in logs.items():
        for secret in (status_token, uid, reset_token, name):
            assert secret not in text, f"{secret} is in {log}"
    access = logs["casereview.access.log"]
    assert '"GET /status/<token> HTTP/' in access
    assert '"GET /status/<token>/letters/1 HTTP/' in access
    assert '"GET /password-reset/<uid>/<token> HTTP/' in access
    assert '"GET /applications HTTP/' in access
