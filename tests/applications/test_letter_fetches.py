"""Rendering a letter loads nothing but the product's own static files: no server on the
network, no file elsewhere on the machine."""

import io
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

from django.conf import settings
from pypdf import PdfReader

from casereview.letters.render import StaticFilesOnly, render_pdf


def _text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_letter_fetches_nothing_from_a_server() -> None:
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b'body::after { content: "FETCHED" }')

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = server.server_address[1]
    try:
        pdf = render_pdf(
            f'<html lang="en-GB"><head><title>t</title>'
            f'<link rel="stylesheet" href="http://127.0.0.1:{port}/style.css"></head>'
            f'<body><p>Dear Robin</p><img src="http://127.0.0.1:{port}/x.png" alt="">'
            f'<img src="http://127.0.0.1:9/x" alt=""></body></html>'
        )
    finally:
        server.shutdown()
        server.server_close()
    assert asked == []
    text = _text(pdf)
    assert "Dear Robin" in text and "FETCHED" not in text


def test_a_letter_reads_no_file_outside_the_static_files(tmp_path: Path) -> None:
    secret = tmp_path / "secret.css"
    secret.write_text('body::after { content: "SECRET FROM DISK" }')
    pdf = render_pdf(
        f'<html lang="en-GB"><head><title>t</title>'
        f'<link rel="stylesheet" href="file://{secret}"></head>'
        f'<body><p>Dear Robin</p><img src="file:///etc/passwd" alt=""></body></html>'
    )
    text = _text(pdf)
    assert "Dear Robin" in text and "SECRET FROM DISK" not in text


def test_the_static_files_themselves_may_be_loaded() -> None:
    static = Path(settings.STATICFILES_DIRS[0])
    some_file = next(p for p in static.rglob("*") if p.is_file())
    response = StaticFilesOnly().fetch(some_file.as_uri())
    assert response.url == some_file.as_uri()
    outside = Path(settings.PROJECT_DIR) / "config" / "settings" / "base.py"
    for url in [outside.as_uri(), "file:///etc/passwd", "http://127.0.0.1:9/x", "ftp://x/y"]:
        try:
            StaticFilesOnly().fetch(url)
        except ValueError:
            continue
        raise AssertionError(f"{url} was fetched")
