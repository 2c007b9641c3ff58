"""Logging filters for the production JSON logs, and the console format for `make run`.

Every record carries the request id. Django's own `django.request` records name the raw
path (which can hold an applicant's status-link token) and carry the request object; they
are rewritten to name the route instead.
"""

import logging

from casereview.core.observability.request_id import current_request_id


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id()
        return True


class ScrubRequestFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        request = record.__dict__.pop("request", None)
        if request is not None:
            # Imported here: the requests module imports settings-dependent code.
            from casereview.core.observability.requests import route_name

            record.route = route_name(request)
            status = getattr(record, "status_code", None)
            server_error = status is None or status >= 500
            record.msg = "Server error" if server_error else "Request refused"
            record.args = ()
            if not server_error:
                # A refusal (403, 404) is the service working: no traceback.
                record.exc_info = None
                record.exc_text = None
        return True


class ConsoleFormatter(logging.Formatter):
    """A developer's console: a request is one line (method, path, status, time, user id);
    anything else is its level, logger and message."""

    def __init__(self) -> None:
        super().__init__("%(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        if record.name != "casereview.request" or not hasattr(record, "status"):
            return super().format(record)
        fields = record.__dict__
        user = fields.get("user_id")
        return (
            f"{fields.get('method')} {fields.get('path')} {fields['status']}"
            f" {fields.get('duration_ms', 0):.0f}ms user={user if user is not None else '-'}"
        )
