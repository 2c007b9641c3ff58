"""The integration API, version 1. One module per resource; this one wires them together."""

from ninja import NinjaAPI

from casereview.api import errors
from casereview.api.appeals import router as appeals_router
from casereview.api.applications import router as applications_router
from casereview.api.auth import TokenAuth
from casereview.api.letters import router as letters_router
from casereview.api.me import router as me_router
from casereview.api.reviews import router as reviews_router
from casereview.api.statistics import router as statistics_router
from casereview.api.threshold import router as threshold_router

api = NinjaAPI(
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
api.add_router("/letters", letters_router)
api.add_router("/statistics", statistics_router)
