"""RFC 9457 problem details for every error the API returns."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from casereview.core.errors import InvalidInput, NotAllowedNow
from casereview.threshold.engine import ThresholdInputError

PROBLEM_JSON = "application/problem+json"

TITLES = {
    400: "Bad request",
    401: "Not signed in",
    403: "Not allowed in your role",
    404: "Not found",
    409: "Not allowed in the current state",
    422: "The request has errors",
    429: "Too many requests",
}


class FieldProblem(Schema):
    field: str
    message: str


class Problem(Schema):
    """RFC 9457 problem details, as every error of the API is answered."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[FieldProblem] | None = None


def problems(*statuses: int) -> dict[int, type[Problem]]:
    """Error answers for an operation's `response=`: documented as problem details."""
    return dict.fromkeys(statuses, Problem)


def document_problems(schema: dict[str, Any]) -> None:
    """Say in the OpenAPI document what every operation can answer besides success.

    Ninja documents each response as `application/json`; errors are problem details. Every
    operation needs a token (401); any with inputs can fail their validation (422), and a
    body that is not JSON at all is a bad request (400).
    """
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            responses = operation["responses"]
            if operation.get("security"):
                responses.setdefault(401, {"description": TITLES[401]})
            if operation.get("requestBody"):
                responses.setdefault(400, {"description": TITLES[400]})  # not JSON at all
            if operation.get("parameters") or operation.get("requestBody"):
                responses.setdefault(422, {"description": TITLES[422]})
            for status, response in responses.items():
                if int(status) < 400:
                    continue
                response["description"] = TITLES.get(int(status), "Error")
                response["content"] = {PROBLEM_JSON: {"schema": _problem_ref(schema)}}


def _problem_ref(schema: dict[str, Any]) -> dict[str, str]:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    if "Problem" not in components:
        found = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(found.pop("$defs", {}))
        components["Problem"] = found
    return {"$ref": "#/components/schemas/Problem"}


def problem(status: int, detail: str, errors: list[FieldProblem] | None = None) -> HttpResponse:
    """Problem details, built by the schema the document gives for every error."""
    body = Problem(
        type="about:blank",
        title=TITLES.get(status, "Error"),
        status=status,
        detail=detail,
        errors=errors,
    )
    # `errors` is there for validation failures only, and never as null.
    content = body.model_dump(exclude_none=True)
    return JsonResponse(content, status=status, content_type=PROBLEM_JSON)


def field_problem(field: str, message: str) -> FieldProblem:
    return FieldProblem(field=field, message=message)


def _field_name(loc: list[Any]) -> str:
    # Ninja prefixes locations with where the value came from ("body", "query", the
    # parameter name); the client only needs the path inside its own JSON.
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "payload")]
    return ".".join(parts) or "body"


def install(api: NinjaAPI) -> None:
    """Every refusal becomes problem details here, so operations just raise."""

    @api.exception_handler(ValidationError)
    def validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = [
            field_problem(_field_name(list(e.get("loc", []))), e.get("msg", "")) for e in exc.errors
        ]
        detail = "; ".join(f"{e.field}: {e.message}" for e in errors)
        return problem(422, detail, errors=errors)

    @api.exception_handler(InvalidInput)
    def invalid(request: HttpRequest, exc: InvalidInput) -> HttpResponse:
        errors = [field_problem(e.field, e.message) for e in exc.errors]
        return problem(422, str(exc), errors=errors)

    @api.exception_handler(ThresholdInputError)
    def threshold_invalid(request: HttpRequest, exc: ThresholdInputError) -> HttpResponse:
        return problem(422, str(exc), errors=[field_problem(exc.field or "body", str(exc))])

    @api.exception_handler(NotAllowedNow)
    def not_now(request: HttpRequest, exc: NotAllowedNow) -> HttpResponse:
        return problem(409, str(exc))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = problem(401, "Send a valid token: Authorization: Bearer <token>.")
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return problem(403, str(exc) or "Your role may not do this.")

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return problem(404, "Not found.")

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return problem(exc.status_code, str(exc))
