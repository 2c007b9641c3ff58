"""References are allocated safely when several people record requests at once."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from builders import application_input
from django.db import connection

from casereview.accounts.models import Membership
from casereview.applications.models import Application
from casereview.applications.services import application_record
from casereview.core.audit_verify import audit_verify
from casereview.core.dates import local_today
from casereview.core.models import AuditEntry
from casereview.devdata.demo.partnerships import load_demo


@pytest.mark.django_db(transaction=True)
def test_sixteen_concurrent_requests_get_distinct_references_and_a_whole_audit_chain() -> None:
    load_demo()
    pso = Membership.objects.select_related("user", "partnership").get(
        user__email="pso@nul.example"
    )

    def record(_: int) -> str:
        try:
            return application_record(membership=pso, data=application_input()).reference
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=16) as pool:
        references = list(pool.map(record, range(16)))
    year = local_today().year
    assert sorted(references) == [f"NUL-{year}-{n:04d}" for n in range(1, 17)]
    assert Application.objects.count() == 16
    # No lost writes in the audit log either: one entry each, and the chain unbroken.
    assert AuditEntry.objects.filter(action="collect", object_type="application").count() == 16
    result = audit_verify()
    checked, problem = result.checked, result.problem
    assert problem is None and checked == AuditEntry.objects.count()
