"""What partner agencies recorded, offered beside what the victim remembers.

The feeds app (above this one) fills these registries in its AppConfig.ready(), because
applications may not import feeds: `evidence_register` offers, on a request's complaints, the
agencies' reports that match the victim; `complaints_stored_register` hears each time an
application's complaints are stored, so feeds can note which reports a case brought in.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from casereview.applications.models import Application


@dataclass(frozen=True)
class EvidenceOffer:
    """`count` reports not yet among the complaints match the victim; `url` lists them."""

    count: int
    url: str


EvidenceProvider = Callable[[Any, Application], EvidenceOffer | None]
StoredHandler = Callable[[Application], None]
_providers: list[EvidenceProvider] = []
_stored: list[StoredHandler] = []


def evidence_register(provider: EvidenceProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def complaints_stored_register(handler: StoredHandler) -> None:
    if handler not in _stored:
        _stored.append(handler)


def evidence_offers(membership: Any, application: Application) -> list[EvidenceOffer]:
    """What each provider offers the acting membership for this application."""
    offers = [provider(membership, application) for provider in _providers]
    return [offer for offer in offers if offer is not None and offer.count]


def complaints_stored(application: Application) -> None:
    """Called inside the transaction that stored the application's complaints."""
    for handler in list(_stored):
        handler(application)
