"""Sentry reports carry the error, the route and the request id, never personal data."""

from casereview.core.observability.request_id import _current
from casereview.core.observability.sentry import before_send


def _event() -> dict:
    return {
        "transaction": "/status/<str:token>",
        "request": {
            "url": "https://casereview.example/status/abc-secret-token?next=/x",
            "method": "POST",
            "data": {"victim_name": "Robin Victim", "description": "Stones at windows"},
            "cookies": {"__Host-casereview_session": "sessionsecret"},
            "query_string": "email=robin@example.org",
            "headers": {
                "Cookie": "__Host-casereview_session=sessionsecret",
                "Authorization": "Bearer apitoken",
                "User-Agent": "Firefox",
            },
            "env": {"REMOTE_ADDR": "203.0.113.9"},
        },
        "user": {
            "id": "42",
            "email": "pso@nul.example",
            "username": "pso",
            "ip_address": "1.2.3.4",
        },
    }


def test_bodies_cookies_query_strings_and_emails_are_scrubbed() -> None:
    token = _current.set("sentry-req-1234")
    try:
        event = before_send(_event(), {})
    finally:
        _current.reset(token)
    text = repr(event)
    for secret in (
        "Robin Victim", "Stones", "sessionsecret", "robin@example.org", "apitoken",
        "abc-secret-token", "pso@nul.example", "1.2.3.4", "203.0.113.9",
    ):  # fmt: skip
        assert secret not in text, secret
    assert event["user"] == {"id": "42"}
    assert event["request"]["url"] == "https://casereview.example/status/[token]"
    assert event["request"]["headers"] == {"User-Agent": "Firefox"}
    assert event["tags"]["request_id"] == "sentry-req-1234"


def test_sentry_stays_silent_without_a_dsn() -> None:
    import sentry_sdk

    assert not sentry_sdk.get_client().is_active()


def test_sentry_is_set_up_with_the_scrubber_when_a_dsn_is_given(monkeypatch) -> None:
    import sentry_sdk

    from casereview.core.observability.sentry import sentry_init

    seen = {}
    monkeypatch.setattr(sentry_sdk, "init", lambda **options: seen.update(options))
    sentry_init("https://key@sentry.example/1", environment="test")
    assert seen["send_default_pii"] is False
    assert seen["include_local_variables"] is False
    assert seen["max_request_body_size"] == "never"
    assert seen["before_send"] is before_send
