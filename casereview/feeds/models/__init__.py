"""The feeds app's models, one module per concept: `reports` (reports, imports, people),
`linkage` (trained models, pairs to check) and `radar` (contacts). Django finds an app's
models in its `models` module, so they are all imported here, and callers import them from
here."""

from casereview.feeds.models.linkage import LinkageModel, ReportPair, Verdict
from casereview.feeds.models.radar import (
    RadarContact,
    RadarEntry,
    RadarStage,
    RadarState,
    ToldBy,
)
from casereview.feeds.models.reports import (
    FeedImport,
    ImportSource,
    ImportStatus,
    Person,
    Report,
    ReportCategory,
    ReportStatus,
)

__all__ = [
    "FeedImport",
    "ImportSource",
    "ImportStatus",
    "LinkageModel",
    "Person",
    "RadarContact",
    "RadarEntry",
    "RadarStage",
    "RadarState",
    "Report",
    "ReportCategory",
    "ReportPair",
    "ReportStatus",
    "ToldBy",
    "Verdict",
]
