"""`make deploy-check`: the production stack on loopback, checked through nginx over HTTPS.

Run under scripts/with-postgres (which provides DATABASE_URL). Builds, in a temp folder:
a self-signed certificate, an environment file from deploy/casereview.env.example, and an
nginx configuration that includes deploy/nginx/casereview.conf with only its ports and paths
replaced. Starts gunicorn (deploy/gunicorn.conf.py, production settings), the task worker and
nginx, runs deploy/tests/check_stack.py against them (which also reads nginx's logs for
tokens and searched names), then `casereview doctor`. The database has two roles, as
docs/operations.md sets them up: the owner migrates (deploy/manage migrate, which then applies
deploy/postgres/grants.sql), and the stack runs as the application's role, which
deploy/tests/check_roles.py shows cannot rewrite the audit log or change the schema; doctor
run as the owner must say so. Every process it started is stopped and the temp folder
removed, whatever happened.
"""

import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
VENV = ROOT / ".venv" / "bin"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
OPENSSL = shutil.which("openssl") or "/usr/bin/openssl"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def step(message: str) -> None:
    print(f"== {message}", flush=True)


def render_site(text: str, replacements: dict[str, str]) -> str:
    """The shipped site file with production ports and paths swapped for the temp ones.
    Each one must be there: if the shipped file changes shape, this fails rather than
    silently testing something else."""
    for old, new in replacements.items():
        if old not in text:
            raise SystemExit(f"deploy/nginx/casereview.conf no longer contains {old!r}")
        text = text.replace(old, new)
    return text


def environment_file(example: str, overrides: dict[str, str]) -> str:
    """The example file with its values replaced where the check needs its own."""
    lines, seen = [], set()
    for line in example.splitlines():
        key = line.split("=", 1)[0]
        if not line.startswith("#") and "=" in line and key in overrides:
            line = f"{key}={overrides[key]}"
            seen.add(key)
        lines.append(line)
    lines += [f"{k}={v}" for k, v in overrides.items() if k not in seen]
    return "\n".join(lines) + "\n"


def read_environment(path: Path) -> dict[str, str]:
    """As systemd's EnvironmentFile= reads it: KEY=value lines, comments skipped."""
    env = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            env[key.strip()] = value
    return env


class Stack:
    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.processes: list[tuple[str, subprocess.Popen[bytes]]] = []
        self.nginx_conf: Path | None = None

    def start(self, name: str, args: list[str], env: dict[str, str]) -> None:
        log = (self.tmp / f"{name}.log").open("wb")
        process = subprocess.Popen(  # noqa: S603
            args, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT
        )
        self.processes.append((name, process))

    def stop(self) -> None:
        if self.nginx_conf is not None:
            subprocess.run(  # noqa: S603
                [NGINX, "-p", str(self.tmp / "nginx"), "-c", str(self.nginx_conf), "-s", "quit"],
                check=False,
                capture_output=True,
            )
        for _, process in reversed(self.processes):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for name, process in reversed(self.processes):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                print(f"{name} did not stop in time; killing it", flush=True)
                process.kill()
                process.wait()
        pid_file = self.tmp / "nginx" / "nginx.pid"
        deadline = time.monotonic() + 10
        while pid_file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)


OWNER_ROLE, APP_ROLE = "casereview_owner", "casereview"


def create_database(url: str) -> tuple[str, str]:
    """scripts/with-postgres starts an empty cluster; the service's two roles and its database
    (owned by the owner role) are made here, as docs/operations.md does. Returns the owner's
    and the application's URLs."""
    import psycopg
    from psycopg import sql

    server, _, name = url.rpartition("/")
    host = server.rpartition("@")[2]
    urls = []
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        for role in (OWNER_ROLE, APP_ROLE):
            password = secrets.token_urlsafe(24)
            connection.execute(
                sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
                    sql.Identifier(role), sql.Literal(password)
                )
            )
            urls.append(f"postgres://{role}:{password}@{host}/{name}")
        connection.execute(
            sql.SQL("CREATE DATABASE {} OWNER {}").format(
                sql.Identifier(name), sql.Identifier(OWNER_ROLE)
            )
        )
    return urls[0], urls[1]


def sealed_entries(app_url: str, deadline: float) -> int:
    """How many audit entries the sealer has sealed, waiting for its first run until the
    deadline (it is queued by the scheduled jobs and run by the worker)."""
    import psycopg

    with psycopg.connect(app_url, autocommit=True) as connection:
        while True:
            row = connection.execute("SELECT max(tree_size) FROM core_auditseal").fetchone()
            if (row and row[0]) or time.monotonic() > deadline:
                return int(row[0] or 0) if row else 0
            time.sleep(1)


def run(args: list[str], env: dict[str, str]) -> None:
    subprocess.run(args, env=env, check=True, cwd=ROOT)  # noqa: S603


def main() -> int:
    if "DATABASE_URL" not in os.environ:
        raise SystemExit("Run under scripts/with-postgres (DATABASE_URL is not set).")
    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="casereview-deploy-"))
    tmp.chmod(0o755)  # nginx's workers (www-data) read the static files under it
    stack = Stack(tmp)

    def on_signal(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        return check(stack, tmp, started)
    finally:
        stack.stop()
        shutil.rmtree(tmp, ignore_errors=True)
        print(f"== Stopped everything and removed {tmp}", flush=True)


def check(stack: Stack, tmp: Path, started: float) -> int:
    http_port, https_port, app_port, smtp_port = (free_port() for _ in range(4))
    tls = tmp / "tls"
    tls.mkdir()
    step("A throwaway self-signed certificate for 127.0.0.1")
    subprocess.run(  # noqa: S603
        [
            OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-keyout", str(tls / "privkey.pem"), "-out", str(tls / "fullchain.pem"),
        ],
        check=True, capture_output=True,  # its progress dots are noise
    )  # fmt: skip

    owner_url, app_url = create_database(os.environ["DATABASE_URL"])
    metrics_token = secrets.token_urlsafe(32)
    env_path = tmp / "casereview.env"
    env_path.write_text(
        environment_file(
            (DEPLOY / "casereview.env.example").read_text(),
            {
                "SECRET_KEY": secrets.token_urlsafe(50),
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "DATABASE_URL": app_url,
                "SITE_URL": f"https://127.0.0.1:{https_port}",
                # A browser on this non-standard port sends it in Origin and Referer.
                "CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{https_port}",
                "CASEREVIEW_VAR_DIR": str(tmp / "var"),
                "CASEREVIEW_MEDIA_ROOT": str(tmp / "var" / "attachments"),
                "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": str(smtp_port),  # nothing listens: doctor must say so
                "EMAIL_USE_TLS": "false",
                "GUNICORN_BIND": f"127.0.0.1:{app_port}",
                "WEB_CONCURRENCY": "2",
                "METRICS_TOKEN": metrics_token,
                "PROMETHEUS_MULTIPROC_DIR": str(tmp / "prometheus"),
                "AUDIT_SIGNING_KEY_FILE": str(tmp / "keys" / "audit-signing-key.pem"),
            },
        )
    )
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        **read_environment(env_path),
        "DJANGO_SETTINGS_MODULE": "casereview.config.settings.production",
    }
    casereview = str(VENV / "casereview")
    # Admin commands go through deploy/manage, as docs/operations.md tells operators to run
    # them: it reads the environment file as systemd does.
    manage = [str(DEPLOY / "manage")]
    # The owner's connection, in its own file as docs/operations.md keeps it (root only).
    migrate_env_path = tmp / "migrate.env"
    migrate_env_path.touch(mode=0o600)
    migrate_env_path.write_text(f"MIGRATION_DATABASE_URL={owner_url}\n")
    manage_env = {
        **os.environ,
        "CASEREVIEW_ENV_FILE": str(env_path),
        "CASEREVIEW_MIGRATE_ENV_FILE": str(migrate_env_path),
        "CASEREVIEW_USER": pwd.getpwuid(os.geteuid()).pw_name,
    }

    step("The audit checkpoints' signing key, made as docs/operations.md says")
    run(
        [*manage, "audit_signing_key", "--out", str(tmp / "keys" / "audit-signing-key.pem")],
        manage_env,
    )

    step(f"Migrate as {OWNER_ROLE}, set {APP_ROLE}'s privileges, collect static files")
    run([*manage, "migrate", "--no-input", "-v", "0"], manage_env)
    run([*manage, "collectstatic", "--no-input", "-v", "0"], manage_env)
    # A trial server, as docs/operations.md sets one up: the demo data, signed in to below.
    run([*manage, "demo"], manage_env)
    run([*manage, "check", "--deploy", "--fail-level", "WARNING"], manage_env)
    step("A signed checkpoint of the audit log, verified against the log")
    run([*manage, "audit_checkpoint", "--out", str(tmp / "checkpoint.json")], manage_env)
    run([*manage, "audit_verify", "--checkpoint", str(tmp / "checkpoint.json")], manage_env)

    step(f"gunicorn on 127.0.0.1:{app_port}, the task worker, nginx on {http_port}/{https_port}")
    stack.start("gunicorn", [str(VENV / "gunicorn"), "-c", str(DEPLOY / "gunicorn.conf.py")], env)
    stack.start("worker", [casereview, "db_worker"], env)

    prefix = tmp / "nginx"
    prefix.mkdir()
    site = render_site(
        (DEPLOY / "nginx" / "casereview.conf").read_text(),
        {
            "listen 80;": f"listen 127.0.0.1:{http_port};",
            "listen [::]:80;": "",
            "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
            "listen [::]:443 ssl http2;": "",
            "server 127.0.0.1:8000;": f"server 127.0.0.1:{app_port};",
            "/etc/letsencrypt/live/casereview.example.gov.uk/": f"{tls}/",
            "/srv/casereview/var/static/": f"{tmp}/var/static/",
            "/srv/casereview/app/deploy/nginx/errors/": f"{DEPLOY}/nginx/errors/",
            "/var/log/nginx/casereview.access.log": f"{prefix}/casereview.access.log",
        },
    )
    (prefix / "casereview.conf").write_text(site)
    as_root = os.geteuid() == 0
    temp_paths = "\n".join(
        f"    {kind}_temp_path {prefix / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    stack.nginx_conf = prefix / "nginx.conf"
    stack.nginx_conf.write_text(
        f"""{"user www-data;" if as_root else ""}
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {prefix}/access.log;
{temp_paths}
    include {prefix}/casereview.conf;
}}
"""
    )
    nginx = [NGINX, "-p", str(prefix), "-e", str(prefix / "error.log"), "-c", str(stack.nginx_conf)]
    run([*nginx, "-t", "-q"], env)
    run(nginx, env)  # daemonises; stopped with -s quit

    # gunicorn's own port: readiness straight from the application (HTTPS is assumed by the
    # production settings, so say so as nginx would).
    request = urllib.request.Request(
        f"http://127.0.0.1:{app_port}/healthz", headers={"X-Forwarded-Proto": "https"}
    )
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(request, timeout=30).close()  # noqa: S310  # nosec B310
            break
        except OSError:
            if time.monotonic() > deadline:
                print((tmp / "gunicorn.log").read_text())
                raise
            time.sleep(0.2)

    step("Checks through nginx over HTTPS")
    checks = subprocess.run(  # noqa: S603
        [
            str(VENV / "python"), "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:django",
            "-W", "error", "-q",
            "-o", "addopts=", "-o", "testpaths=", "-c", os.devnull, "--rootdir", str(ROOT),
            str(DEPLOY / "tests" / "check_stack.py"),
            str(DEPLOY / "tests" / "check_roles.py"),
        ],
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
            "DEPLOY_HTTPS": f"https://127.0.0.1:{https_port}",
            "DEPLOY_HTTP": f"http://127.0.0.1:{http_port}",
            "DEPLOY_CA": str(tls / "fullchain.pem"),
            "DEPLOY_METRICS_TOKEN": metrics_token,
            "DEPLOY_APP_LOG": str(tmp / "gunicorn.log"),
            # nginx's access and error logs: no token or searched name may reach them.
            "DEPLOY_NGINX_LOGS": str(prefix),
            # The services' own connection: what the application's role may and may not do.
            "DEPLOY_APP_DATABASE_URL": app_url,
        },
        cwd=ROOT,
        check=False,
    )  # fmt: skip
    if checks.returncode != 0:
        for name in ("gunicorn", "worker"):
            print(f"--- {name}.log (last lines)")
            print("\n".join((tmp / f"{name}.log").read_text().splitlines()[-30:]))
        print("--- nginx error.log")
        print((prefix / "error.log").read_text())
        return checks.returncode

    step("The scheduled jobs queue a heartbeat; the worker runs it; doctor is content")
    run([*manage, "scheduled"], manage_env)
    doctor_env = {**manage_env, "SSL_CERT_FILE": str(tls / "fullchain.pem")}
    deadline = time.monotonic() + 30
    while True:
        result = subprocess.run(  # noqa: S603
            [*manage, "doctor", "--skip", "email"],
            env=doctor_env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode == 0 or time.monotonic() > deadline:
            break
        time.sleep(1)
    print(result.stdout, end="")
    if result.returncode != 0:
        print(result.stderr)
        return 1
    result = subprocess.run(  # noqa: S603
        [*manage, "doctor"], env=doctor_env, cwd=ROOT, capture_output=True, text=True
    )
    if result.returncode == 0 or f"No mail server answers at 127.0.0.1:{smtp_port}" not in (
        result.stdout
    ):
        print(result.stdout + result.stderr)
        print("doctor did not report the missing mail server")
        return 1
    print(f"ok       doctor reports the missing mail server at 127.0.0.1:{smtp_port}")

    step(f"The task worker, as {APP_ROLE}, seals the audit log")
    sealed = sealed_entries(app_url, deadline=time.monotonic() + 60)
    if not sealed:
        print("\n".join((tmp / "worker.log").read_text().splitlines()[-30:]))
        print(f"No audit entries were sealed by the worker running as {APP_ROLE}")
        return 1
    print(f"ok       the worker sealed {sealed} audit entries as {APP_ROLE}")

    step(f"doctor, given the owner's connection, says the service must not run as {OWNER_ROLE}")
    owner_env_path = tmp / "casereview-as-owner.env"
    owner_env_path.write_text(
        env_path.read_text().replace(f"DATABASE_URL={app_url}", f"DATABASE_URL={owner_url}")
    )
    result = subprocess.run(  # noqa: S603
        [*manage, "doctor", "--skip", "email,worker,certificate"],
        env={**doctor_env, "CASEREVIEW_ENV_FILE": str(owner_env_path)},
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if result.returncode == 0 or f"connects to PostgreSQL as {OWNER_ROLE}" not in result.stdout:
        print(result.stdout + result.stderr)
        print("doctor did not report the service running as the database's owner")
        return 1
    print(f"ok       doctor reports the service connecting as {OWNER_ROLE}")

    step(f"The nightly backup as {APP_ROLE}; a restore as {OWNER_ROLE}, privileges set again")
    dump = tmp / "backup.dump"
    run([*manage, "backup", str(dump)], manage_env)
    stack.stop()  # docs/operations.md: stop the services before a restore
    run([*manage, "restore", str(dump)], manage_env)
    roles = subprocess.run(  # noqa: S603
        [
            str(VENV / "python"), "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:django",
            "-W", "error", "-q",
            "-o", "addopts=", "-o", "testpaths=", "-c", os.devnull, "--rootdir", str(ROOT),
            str(DEPLOY / "tests" / "check_roles.py"),
        ],
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
            "DEPLOY_APP_DATABASE_URL": app_url,
        },
        cwd=ROOT,
        check=False,
    )  # fmt: skip
    if roles.returncode != 0:
        return roles.returncode

    step(f"Deploy check passed in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
