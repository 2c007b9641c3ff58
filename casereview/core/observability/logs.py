"""Logging filters for the production JSON logs.

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
            record.msg = "Server error" if status is None or status >= 500 else "Request refused"
            record.args = ()
        return True
