"""The integration API, version 1. One module per resource; this one wires them together."""

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from casereview.api import errors
from casereview.api.appeals import router as appeals_router
from casereview.api.applications import router as applications_router
from casereview.api.auth import TokenAuth
from casereview.api.feeds import router as feeds_router
from casereview.api.idempotency import document_idempotency
from casereview.api.letters import router as letters_router
from casereview.api.me import router as me_router
from casereview.api.people import router as people_router
from casereview.api.radar import router as radar_router
from casereview.api.reviews import router as reviews_router
from casereview.api.statistics import router as statistics_router
from casereview.api.threshold import router as threshold_router


class CaseReviewAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        errors.document_problems(schema)
        return schema


api = CaseReviewAPI(
    title="ASB Case Review API",
    version="1",
    description="Drives the ASB Case Review process: requests, threshold decisions, reviews, "
    "letters, appeals and statistics. Authenticate with `Authorization: Bearer <token>`; "
    "errors are RFC 9457 problem details.",
    auth=TokenAuth(),
    urls_namespace="api",
)
errors.install(api)
api.add_router("/me", me_router)
api.add_router("/threshold", threshold_router)
api.add_router("/applications", applications_router)
api.add_router("/applications", reviews_router)
api.add_router("/applications", appeals_router)
api.add_router("/applications", people_router)
api.add_router("/letters", letters_router)
api.add_router("/statistics", statistics_router)
api.add_router("/feeds", feeds_router)
api.add_router("/radar", radar_router)
document_idempotency(
    [applications_router, reviews_router, appeals_router, people_router, feeds_router]
)
