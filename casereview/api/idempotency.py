"""The `Idempotency-Key` header (API.md): a retry with the same key answers the first
response again and changes nothing more; the same key with a different body is 422.

The key is claimed inside the request's transaction, so a concurrent retry waits on the
unique row and then replays, instead of doing the work twice.
"""

import hashlib
import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from ninja import Router

from casereview.api.errors import problem
from casereview.api.models import IdempotentResponse

HEADER = "Idempotency-Key"
_VALID_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")
# How the OpenAPI document describes the header on each operation that honours it.
HEADER_PARAMETER = {
    "name": HEADER,
    "in": "header",
    "required": False,
    "description": "Send the same key to retry safely: the first answer comes back again.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": _VALID_KEY.pattern},
}


def _fingerprint(request: HttpRequest) -> str:
    digest = hashlib.sha256()
    for part in (request.method or "", request.path, request.body):
        digest.update(part if isinstance(part, bytes) else part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


def _replay(stored: IdempotentResponse, fingerprint: str) -> HttpResponse:
    if stored.fingerprint != fingerprint:
        return problem(
            422,
            f"This {HEADER} was already used for a different request.",
            errors=[{"field": HEADER, "message": "already used for a different request"}],
        )
    response = HttpResponse(
        bytes(stored.body), status=stored.status, content_type=stored.content_type
    )
    response["Idempotent-Replayed"] = "true"
    return response


def idempotent(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = request.headers.get(HEADER)
        if key is None:
            return view(request, *args, **kwargs)
        if not _VALID_KEY.match(key):
            return problem(
                422,
                f"{HEADER} must be 1 to 255 visible ASCII characters.",
                errors=[{"field": HEADER, "message": "must be 1 to 255 visible ASCII characters"}],
            )
        fingerprint = _fingerprint(request)
        user = request.auth.user  # type: ignore[attr-defined]  # the ApiToken
        found = IdempotentResponse.objects.filter(user=user, key=key).first()
        if found is not None:
            return _replay(found, fingerprint)
        try:
            with transaction.atomic():
                response = view(request, *args, **kwargs)
                if 200 <= response.status_code < 300:
                    IdempotentResponse.objects.create(
                        user=user,
                        key=key,
                        fingerprint=fingerprint,
                        status=response.status_code,
                        content_type=response.get("Content-Type", "application/json"),
                        body=response.content,
                    )
        except IntegrityError:
            # Another request with this key committed first: answer what it answered.
            found = IdempotentResponse.objects.filter(user=user, key=key).first()
            if found is None:
                raise
            return _replay(found, fingerprint)
        return response

    wrapped.idempotent = True  # type: ignore[attr-defined]  # read by document_idempotency
    return wrapped


def document_idempotency(routers: list[Router]) -> None:
    """List the header among the parameters of every operation that honours it."""
    for router in routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                if getattr(operation.view_func, "idempotent", False):
                    extra = operation.openapi_extra or {}
                    extra.setdefault("parameters", []).append(HEADER_PARAMETER)
                    operation.openapi_extra = extra
