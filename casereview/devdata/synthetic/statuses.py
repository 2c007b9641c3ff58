"""Which state a synthetic application has reached, by its age: recent ones still open,
older ones mostly concluded or refused, a few appealed."""

import math
import random

from casereview.applications.models import Status

# For an application younger than the first number of days, the status whose cumulative
# share first exceeds one random draw.
_OLD = [
    (0.52, Status.CONCLUDED),
    (0.85, Status.THRESHOLD_NOT_MET),
    (0.92, Status.WITHDRAWN),
    (0.97, Status.APPEAL_NOT_UPHELD),
    (0.99, Status.APPEAL_UPHELD),
]
BY_AGE = [
    (3, [(1.0, Status.RECEIVED)]),
    (8, [(0.4, Status.RECEIVED), (0.75, Status.THRESHOLD_MET), (1.0, Status.THRESHOLD_NOT_MET)]),
    (
        21,
        [
            (0.05, Status.RECEIVED),
            (0.25, Status.THRESHOLD_MET),
            (0.70, Status.IN_REVIEW),
            (0.95, Status.THRESHOLD_NOT_MET),
            (1.0, Status.WITHDRAWN),
        ],
    ),
    (
        35,
        [
            (0.20, Status.IN_REVIEW),
            (0.50, Status.REVIEWED),
            (0.70, Status.CONCLUDED),
            (0.95, Status.THRESHOLD_NOT_MET),
            (1.0, Status.WITHDRAWN),
        ],
    ),
    # An appeal still waiting for its outcome only on a case of the last five months.
    (150, [*_OLD, (1.0, Status.APPEALED)]),
    (math.inf, [*_OLD, (1.0, Status.CONCLUDED)]),
]

MET = {
    Status.THRESHOLD_MET,
    Status.IN_REVIEW,
    Status.REVIEWED,
    Status.CONCLUDED,
    Status.APPEALED,
    Status.APPEAL_UPHELD,
    Status.APPEAL_NOT_UPHELD,
}
REQUESTED = MET - {Status.THRESHOLD_MET}
MET_AND_MINUTED = REQUESTED - {Status.IN_REVIEW}
CONCLUDED = MET_AND_MINUTED - {Status.REVIEWED}
APPEALS = {Status.APPEALED, Status.APPEAL_UPHELD, Status.APPEAL_NOT_UPHELD}


def status_for(age: int, rng: random.Random) -> Status:
    r = rng.random()
    shares = next(shares for younger_than, shares in BY_AGE if age < younger_than)
    return next(status for limit, status in shares if r < limit)
