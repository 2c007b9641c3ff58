"""gunicorn settings for casereview behind nginx (see docs/operations.md).

Read by `gunicorn -c /srv/casereview/app/deploy/gunicorn.conf.py`; the environment file
(/etc/casereview/casereview.env) can override the address and the number of workers.
"""

import glob
import os

wsgi_app = "casereview.config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: pages are short and database-bound; PDFs render in the task worker.
workers = int(os.environ.get("WEB_CONCURRENCY", str(2 * (os.cpu_count() or 1) + 1)))
# Longer than nginx's proxy_read_timeout (60 s) would be pointless; a request that takes
# this long is stuck and its worker is replaced.
timeout = 60
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests, so a slow leak never takes the site down.
max_requests = 1000
max_requests_jitter = 100
# nginx on the same machine sets X-Forwarded-Proto; trust it from loopback only.
forwarded_allow_ips = "127.0.0.1,::1"
# Django writes one JSON line per request; gunicorn's access log would repeat the raw path
# (which can hold an applicant's status-link token).
accesslog = None
errorlog = "-"
loglevel = "info"
# Heartbeat files in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
proc_name = "casereview"
# systemd manages the process (reload = SIGHUP); no control socket in the home folder.
control_socket_disable = True


def _multiproc_dir() -> str | None:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


def on_starting(server):  # type: ignore[no-untyped-def]
    """Metrics files from a previous run would count twice: start from an empty folder."""
    path = _multiproc_dir()
    if path:
        os.makedirs(path, exist_ok=True)
        for stale in glob.glob(os.path.join(path, "*.db")):
            os.remove(stale)


def post_worker_init(worker):  # type: ignore[no-untyped-def]
    """Import every view (WeasyPrint takes seconds) before the worker takes a request, so
    the first person after a start or reload does not wait for it."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018


def child_exit(server, worker):  # type: ignore[no-untyped-def]
    if _multiproc_dir():
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
