"""The audit viewer: the partnership's log, filtered, as a page and as CSV, and the chain check."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from casereview.accounts.requests import StaffRequest
from casereview.core.audit import note_read
from casereview.core.audit_verify import audit_verify
from casereview.core.checkpoints import Checkpoint, checkpoint_check, last_checkpoint
from casereview.core.csv import csv_writer
from casereview.core.models import AuditEntry
from casereview.core.permissions import role_required
from casereview.manage.forms import AuditFilterForm, CheckpointUploadForm
from casereview.manage.selectors import AuditFilter, audit_entries_for

AUDIT_PAGE_SIZE = 50


@role_required("manage.audit_log")
def audit_log(request: StaffRequest) -> HttpResponse:
    return _audit_page(request, CheckpointUploadForm())


def _audit_page(request: StaffRequest, upload: CheckpointUploadForm) -> HttpResponse:
    membership = request.membership
    form = AuditFilterForm(request.GET or None)
    filters = AuditFilter(**form.cleaned_data) if form.is_valid() else AuditFilter()
    page = Paginator(audit_entries_for(membership, filters), AUDIT_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    note_read(
        request,
        object_type="audit_log",
        object_id=membership.partnership_id,
        partnership_id=membership.partnership_id,
        purpose="audit review",
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "manage/audit_log.html",
        {
            "title": "Audit log",
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "upload": upload,
            "last_checkpoint": last_checkpoint(),
        },
        status=200 if (form.is_valid() or not request.GET) and not upload.errors else 400,
    )


def _audit_query(request: StaffRequest) -> tuple[AuditFilterForm, QuerySet[AuditEntry]]:
    membership = request.membership
    form = AuditFilterForm(request.GET or None)
    filters = AuditFilter(**form.cleaned_data) if form.is_valid() else AuditFilter()
    return form, audit_entries_for(membership, filters)


@role_required("manage.audit_log")
def audit_csv(request: StaffRequest) -> HttpResponse:
    membership = request.membership
    _, entries = _audit_query(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    writer = csv_writer(response)
    writer.writerow(
        [
            "entry",
            "occurred_at",
            "who",
            "role",
            "action",
            "object_type",
            "object_id",
            "why",
            "recipients",
        ]
    )
    for e in entries.iterator(chunk_size=2000):
        writer.writerow(
            [
                e.pk,
                e.occurred_at.isoformat(),
                e.actor_label,
                e.role,
                e.action,
                e.object_type,
                e.object_id,
                e.purpose,
                e.recipients,
            ]
        )
    note_read(
        request,
        object_type="audit_log",
        object_id=membership.partnership_id,
        partnership_id=membership.partnership_id,
        purpose="audit review: CSV export",
    )
    return response


@role_required("manage.audit_log")
def audit_check(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        result = audit_verify()
        checked = result.checked
        if result.problem is None:
            messages.success(
                request,
                "The log is intact: "
                + ("its one entry is" if checked == 1 else f"all {checked:,} entries are")
                + " in order.",
            )
        else:
            messages.error(request, f"{result.problem}.")
    return redirect("manage:audit_log")


@role_required("manage.audit_log")
def audit_checkpoint_check(request: StaffRequest) -> HttpResponse:
    """An uploaded checkpoint, checked against today's log: a bad file is named on the form;
    a good one's verdict is the banner on the audit log page."""
    if request.method != "POST":
        return redirect("manage:audit_log")
    upload = CheckpointUploadForm(request.POST, request.FILES)
    if not upload.is_valid():
        return _audit_page(request, upload)
    checkpoint: Checkpoint = upload.cleaned_data["checkpoint"]
    check = checkpoint_check(checkpoint)
    if check.problem is not None:
        messages.error(request, f"The checkpoint does not match today's log. {check.problem}.")
        return redirect("manage:audit_log")
    assert check.today is not None and check.log is not None
    messages.success(
        request,
        f"The checkpoint is good: signed with key {checkpoint.key_id} on "
        f"{checkpoint.time:%-d %B %Y at %H:%M} UTC, of {checkpoint.tree_size:,} sealed "
        f"entries. Today's log of {check.today.size:,} sealed entries begins with it, and all "
        f"{check.log.checked:,} entries are in order.",
    )
    return redirect("manage:audit_log")
