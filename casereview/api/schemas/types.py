"""Field types shared by the response schemas."""

from datetime import datetime
from typing import Annotated

from pydantic import PlainSerializer, WithJsonSchema


def _iso(moment: datetime) -> str:
    return moment.isoformat()


# Django's JSON encoder would cut microseconds to milliseconds and write UTC as "Z"; the
# API has always answered times as Python's full isoformat() (e.g. "...:05.123456+00:00").
IsoDateTime = Annotated[
    datetime,
    PlainSerializer(_iso, return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
