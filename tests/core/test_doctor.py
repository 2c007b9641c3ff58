"""`casereview doctor` names what is wrong, in plain words with the fix, and exits non-zero."""

import io
import os
import socket
import subprocess
import sys
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from casereview.core import doctor
from casereview.core.tasks import HEARTBEAT_TASK

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # free, and nothing listens once closed


def run_doctor(capsys, *args: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exited:
        call_command("doctor", *args)
    return int(exited.value.code or 0), capsys.readouterr().out


def _task(path: str, minutes_ago: int, status: str = "READY") -> None:
    at = timezone.now() - timedelta(minutes=minutes_ago)
    task = DBTaskResult.objects.create(
        task_path=path,
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        queue_name="default",
        run_after=at,
        status=status,
        exception_class_path="",
        traceback="",
    )
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=at)


def test_a_wrong_database_url_is_named_with_the_fix(tmp_path) -> None:
    port = closed_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="casereview.config.settings.test",
        DATABASE_URL=f"postgres://casereview:wrong@127.0.0.1:{port}/casereview",
    )
    result = subprocess.run(
        [sys.executable, "-m", "casereview", "doctor", "--skip", "certificate"],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 1, result.stdout + result.stderr
    assert (
        f"PROBLEM  database: Cannot reach PostgreSQL database 'casereview' at 127.0.0.1:{port}"
        in result.stdout
    )
    assert "Fix: Check DATABASE_URL" in result.stdout
    assert "Traceback" not in result.stderr


def test_unapplied_migrations_are_named(monkeypatch) -> None:
    from django.db.migrations.executor import MigrationExecutor

    class Pending:
        app_label, name = "applications", "0099_future"

    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, t: [(Pending, False)])
    [problem] = doctor.check_database()
    assert "1 database migrations are not applied (applications.0099_future)" in problem.what
    assert "casereview migrate" in problem.fix


def test_an_unreachable_mail_server_is_named(settings, capsys) -> None:
    port = closed_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    code, out = run_doctor(capsys, "--skip", "settings,worker,certificate")
    assert code == 1
    assert f"PROBLEM  email: No mail server answers at 127.0.0.1:{port}" in out
    assert "Fix: Check EMAIL_HOST and EMAIL_PORT" in out


def test_a_mail_server_that_answers_is_fine(smtp_inbox) -> None:
    assert doctor.check_email() == []
    assert smtp_inbox.messages == []  # it greeted the server and sent nothing


def test_a_stopped_worker_is_named(settings) -> None:
    settings.TASKS = DB_TASKS
    _task(HEARTBEAT_TASK, minutes_ago=3, status="SUCCESSFUL")  # the scheduler is running
    _task("casereview.core.tasks.worker_heartbeat", minutes_ago=40)
    _task("casereview.core.tasks.worker_heartbeat", minutes_ago=20)
    [problem] = doctor.check_worker()
    assert problem.what == (
        "The task worker is not running: 2 background tasks are waiting, the oldest for 40 minutes."
    )
    assert "systemctl restart casereview-worker" in problem.fix


def test_a_running_worker_and_scheduler_are_fine(settings) -> None:
    settings.TASKS = DB_TASKS
    _task(HEARTBEAT_TASK, minutes_ago=12, status="SUCCESSFUL")
    _task(HEARTBEAT_TASK, minutes_ago=2)  # just queued: the worker has 15 minutes
    assert doctor.check_worker() == []


def test_a_stopped_scheduler_is_named(settings) -> None:
    settings.TASKS = DB_TASKS
    assert "have never run" in doctor.check_worker()[0].what
    _task(HEARTBEAT_TASK, minutes_ago=90, status="SUCCESSFUL")
    [problem] = doctor.check_worker()
    assert problem.what.startswith("The scheduled jobs (reminders, retention) last ran at")
    assert "casereview-scheduled.timer" in problem.fix


def test_the_scheduled_job_queues_the_heartbeat(settings) -> None:
    settings.TASKS = DB_TASKS
    call_command("scheduled", stdout=io.StringIO())
    assert DBTaskResult.objects.filter(task_path=HEARTBEAT_TASK, status="READY").count() == 1


def test_unsafe_settings_are_named(settings) -> None:
    settings.DEBUG = True
    settings.SECRET_KEY = "local-development-only-not-secret"
    settings.ALLOWED_HOSTS = ["*"]
    settings.SITE_URL = "http://casereview.example"
    found = [p.what for p in doctor.check_settings()]
    assert len(found) == 4
    assert found[0].startswith("DEBUG is on")
    assert found[3].startswith("SITE_URL is http://casereview.example")


def test_low_disk_space_is_named(settings, monkeypatch, tmp_path) -> None:
    import shutil

    settings.MEDIA_ROOT = tmp_path / "attachments"  # not made yet: its disk is checked
    monkeypatch.setattr(shutil, "disk_usage", lambda p: shutil._ntuple_diskusage(10, 9, 1))  # type: ignore[attr-defined]
    problems = doctor.check_disk()
    assert problems and problems[0].what.startswith("Only 0 MB free")


def test_an_unreachable_certificate_is_named(settings) -> None:
    settings.SITE_URL = f"https://127.0.0.1:{closed_port()}"
    [problem] = doctor.check_certificate()
    assert problem.what.startswith("Cannot check the certificate of 127.0.0.1")


def test_all_well_exits_zero(capsys, settings) -> None:
    settings.SECRET_KEY = "q8#Lm2v!Rz7pT4xW9kB1nY6cF3hJ0sD5gA8eU2iO7lP4rQ1wE6tZ9"
    settings.SITE_URL = "https://casereview.example"
    call_command("doctor", "--skip", "certificate")
    out = capsys.readouterr().out
    assert "All checks passed." in out and "PROBLEM" not in out


@pytest.mark.django_db
def test_audit_entries_left_unsealed_are_named(monkeypatch: pytest.MonkeyPatch) -> None:
    from casereview.core.audit import Actor, audit_record

    audit_record(actor=Actor.system("test"), action="view", purpose="testing")
    assert doctor.check_audit_sealer() == []  # fresh: the sealer has seconds yet
    later = timezone.now() + timedelta(minutes=6)
    monkeypatch.setattr(doctor.timezone, "now", lambda: later)
    [problem] = doctor.check_audit_sealer()
    assert "1 audit entries have waited 6 minutes for the sealer" in problem.what
