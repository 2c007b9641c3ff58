# Examples for `semgrep --test`; each rule's bad example must keep being caught.
import os
import subprocess

from django.db import connection
from django.db.models.expressions import RawSQL
from django.db.models.signals import post_save
from django.dispatch import receiver

from casereview.applications.models import Application
from casereview.core.models import AuditEntry


def noisy(reference):
    # ruleid: casereview-no-print
    print("recorded", reference)


def evaluate(expression):
    # ruleid: casereview-no-eval-exec
    total = eval(expression)
    # ruleid: casereview-no-eval-exec
    exec("x = 1")
    return total


def backup(name):
    # ruleid: casereview-no-shell-subprocess
    subprocess.run(f"pg_dump > {name}", shell=True, check=True)
    # ruleid: casereview-no-shell-subprocess
    os.system("ls " + name)
    # ok: casereview-no-shell-subprocess
    subprocess.run(["pg_dump", "--file", name], check=True)


def reports(partnership_id):
    # ruleid: casereview-no-raw-orm-sql
    found = Application.objects.raw("SELECT * FROM applications_application")
    # ruleid: casereview-no-raw-orm-sql
    extra = Application.objects.filter(partnership_id=partnership_id).extra(where=["1=1"])
    # ruleid: casereview-no-raw-orm-sql
    annotated = Application.objects.annotate(n=RawSQL("SELECT 1", []))
    return found, extra, annotated


def lookup(reference, table):
    with connection.cursor() as cursor:
        # ruleid: casereview-no-formatted-sql
        cursor.execute(f"SELECT * FROM t WHERE reference = '{reference}'")
        # ruleid: casereview-no-formatted-sql
        cursor.execute("SELECT * FROM t WHERE reference = '%s'" % reference)
        # ruleid: casereview-no-formatted-sql
        cursor.execute("SELECT * FROM {}".format(table))
        sql = f"DELETE FROM {table}"
        # ruleid: casereview-no-formatted-sql
        cursor.execute(sql)
        # ok: casereview-no-formatted-sql
        cursor.execute("SELECT * FROM t WHERE reference = %s", [reference])
        # ok: casereview-no-formatted-sql
        cursor.execute("SELECT 1")


# ruleid: casereview-no-debug-in-production
DEBUG = True
# ok: casereview-no-debug-in-production
DEBUG = False


def tidy(pk):
    # ruleid: casereview-audit-log-append-only
    AuditEntry.objects.filter(pk=pk).delete()
    # ruleid: casereview-audit-log-append-only
    AuditEntry.objects.filter(pk=pk).update(purpose="")
    entry = AuditEntry.objects.get(pk=pk)
    entry.purpose = "changed"
    # ruleid: casereview-audit-log-append-only
    entry.save()
    # ok: casereview-audit-log-append-only
    return AuditEntry.objects.filter(pk=pk).exists()


def _on_save(sender, instance, **kwargs):
    pass


# ruleid: casereview-no-model-signals
post_save.connect(_on_save, sender=Application)


# ruleid: casereview-no-model-signals
@receiver(post_save, sender=Application)
def audit_on_save(sender, instance, **kwargs):
    pass
