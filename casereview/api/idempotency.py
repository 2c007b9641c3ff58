"""The `Idempotency-Key` header (API.md): a retry with the same key answers the first
response again and changes nothing more; the same key with a different body is 422.

Two wrappers share the work. Inside ninja, after authentication, `idempotent` replays a
stored answer or claims the key for this request; around ninja's whole operation, `_kept`
stores the answer once ninja has validated and serialised it. The key is stored inside the
request's transaction, so a concurrent retry waits on the unique row and then replays,
instead of doing the work twice.
"""

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from ninja import Router
from ninja.decorators import decorate_view

from casereview.accounts.models import Membership
from casereview.api.errors import field_problem, problem
from casereview.api.models import IdempotentResponse

HEADER = "Idempotency-Key"
_VALID_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")
_CLAIM = "idempotency_claim"  # the request attribute the two wrappers share
# How the OpenAPI document describes the header on each operation that honours it.
HEADER_PARAMETER = {
    "name": HEADER,
    "in": "header",
    "required": False,
    "description": "Send the same key to retry safely: the first answer comes back again.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": _VALID_KEY.pattern},
}


@dataclass(frozen=True)
class _Claim:
    membership: Membership  # the role the token acts in: a person's other role has its own keys
    key: str
    fingerprint: str

    def stored(self) -> IdempotentResponse | None:
        return IdempotentResponse.objects.filter(membership=self.membership, key=self.key).first()

    def store(self, response: HttpResponseBase) -> None:
        IdempotentResponse.objects.create(
            user_id=self.membership.user_id,
            membership=self.membership,
            key=self.key,
            fingerprint=self.fingerprint,
            status=response.status_code,
            content_type=response.get("Content-Type", "application/json"),
            body=response.content,  # type: ignore[attr-defined]  # never a streaming answer
        )


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
            errors=[field_problem(HEADER, "already used for a different request")],
        )
    response = HttpResponse(
        bytes(stored.body), status=stored.status, content_type=stored.content_type
    )
    response["Idempotent-Replayed"] = "true"
    return response


def _kept(run: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Around the operation: store its successful answer, exactly as sent, with its work.

    Ninja authenticates inside this too, so a token's once-a-minute last-use refresh joins
    the transaction of a request that carries a key.
    """

    @wraps(run)
    def keep(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if HEADER not in request.headers:
            return run(request, *args, **kwargs)
        try:
            with transaction.atomic():
                response = run(request, *args, **kwargs)
                claim: _Claim | None = getattr(request, _CLAIM, None)
                if claim is not None and 200 <= response.status_code < 300:
                    claim.store(response)
        except IntegrityError:
            # Another request with this key committed first: answer what it answered.
            claim = getattr(request, _CLAIM, None)
            found = claim.stored() if claim is not None else None
            if claim is None or found is None:
                raise
            return _replay(found, claim.fingerprint)
        return response

    return keep


def idempotent(view: Callable[..., Any]) -> Callable[..., Any]:
    """Honour the header on an operation (put it under the router's decorator)."""

    @wraps(view)
    def replay_or_claim(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        key = request.headers.get(HEADER)
        if key is None:
            return view(request, *args, **kwargs)
        if not _VALID_KEY.match(key):
            return problem(
                422,
                f"{HEADER} must be 1 to 255 visible ASCII characters.",
                errors=[field_problem(HEADER, "must be 1 to 255 visible ASCII characters")],
            )
        membership = request.auth.membership  # type: ignore[attr-defined]  # the ApiToken's
        claim = _Claim(membership=membership, key=key, fingerprint=_fingerprint(request))
        found = claim.stored()
        if found is not None:
            return _replay(found, claim.fingerprint)
        setattr(request, _CLAIM, claim)
        return view(request, *args, **kwargs)

    replay_or_claim.idempotent = True  # type: ignore[attr-defined]  # read by document_idempotency
    return decorate_view(_kept)(replay_or_claim)


def document_idempotency(routers: list[Router]) -> None:
    """List the header among the parameters of every operation that honours it."""
    for router in routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                if getattr(operation.view_func, "idempotent", False):
                    extra = operation.openapi_extra or {}
                    extra.setdefault("parameters", []).append(HEADER_PARAMETER)
                    operation.openapi_extra = extra
