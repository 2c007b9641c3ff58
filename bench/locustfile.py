"""Load for `make bench`: one page or API call at a time, hit by signed-in users of its roles.

bench/run.py starts locust once per target with BENCH_TARGET naming it and BENCH_PLAN
pointing at a JSON file of session cookies (per role), API tokens and references to open.
Sessions are created directly for the bench (as if each user had signed in with their
password and TOTP code), so the measurement is of the pages, not of the sign-in form.
"""

import json
import os
import random
from typing import Any

from locust import FastHttpUser, constant, task

PLAN: dict[str, Any] = json.loads(open(os.environ["BENCH_PLAN"]).read())  # noqa: SIM115
TARGET = PLAN["targets"][os.environ["BENCH_TARGET"]]
# Production settings behind a TLS proxy: the proxy's header, so no redirect to https.
PROXY = {"X-Forwarded-Proto": "https"}


class Staff(FastHttpUser):
    wait_time = constant(0)  # closed loop: each of the 8 users sends its next request at once

    def on_start(self) -> None:
        role = random.choice(TARGET["roles"]) if TARGET["roles"] else None
        self.headers = dict(PROXY)
        if role and TARGET["kind"] == "api":
            self.headers["Authorization"] = f"Bearer {PLAN['tokens'][role]}"
        elif role:
            session = random.choice(PLAN["sessions"][role])
            self.headers["Cookie"] = f"{PLAN['cookie_name']}={session}"

    @task
    def hit(self) -> None:
        path = TARGET["path"]
        if "{reference}" in path:
            path = path.replace("{reference}", random.choice(PLAN["references"]))
        if "{name}" in path:
            path = path.replace("{name}", random.choice(PLAN["names"]))
        with self.client.get(
            path, headers=self.headers, name=os.environ["BENCH_TARGET"], catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
