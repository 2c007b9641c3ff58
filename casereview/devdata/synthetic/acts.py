"""What the seeder records for the audit log before it is chained: who acted, and each act."""

import json
from dataclasses import dataclass
from datetime import datetime

from casereview.accounts.models import Membership
from casereview.core.audit import Actor

json_str = json.encoder.encode_basestring_ascii  # what json.dumps uses for str (ensure_ascii)


@dataclass(frozen=True)
class BenchActor:
    """A membership as the audit log records it: its columns, and its share of the
    canonical JSON."""

    columns: tuple[int | None, str, int | None, str]  # user id, label, membership id, role
    middle: str  # "actor_label":…,"actor_user_id":…,"membership_id":…
    role: str  # the JSON of the role, the last key

    @classmethod
    def of(cls, member: Membership) -> "BenchActor":
        actor = Actor.for_membership(member)
        user_id = "null" if actor.user_id is None else str(actor.user_id)
        membership_id = "null" if actor.membership_id is None else str(actor.membership_id)
        return cls(
            (actor.user_id, actor.label, actor.membership_id, actor.role),
            f'"actor_label":{json_str(actor.label)},"actor_user_id":{user_id},'
            f'"membership_id":{membership_id}',
            json_str(actor.role),
        )


# One act: (occurred_at, actor, action, object_type, object_id, partnership_id, purpose,
# recipients). Sorted by time before they are chained.
Act = tuple[datetime, BenchActor, str, str, str, int, str, str]
