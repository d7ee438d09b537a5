"""The nginx site (deploy/nginx/bulletin.conf) in front of the published files: `nginx -t`, and a real
nginx on a free 127.0.0.1 port serving a published page from its file and passing a search (and
everything not written) to a Django live server.

Needs Debian's `nginx-light` (`make test` installs it): skipped without it, failed in CI."""

import contextlib
import gzip
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.test import Client

from reader import publishing
from reader.publishing import files, nginx

from .reader_support import build_issue, fresh_reader_cache  # noqa: F401
from .static_pages_support import pages_dir_fixture  # noqa: F401

SAME_HEADERS = (
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
)


@pytest.fixture
def nginx_binary():
    binary = nginx.nginx_binary()
    if binary is None:
        if os.environ.get("CI") == "true":
            pytest.fail("nginx is required in CI for the static publishing tests but is not installed")
        pytest.skip("nginx is not installed (Debian nginx-light; `make test` installs it)")
    return binary


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def throwaway_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed key and certificate for localhost in ``folder``; skips the test without openssl."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed (needed for a throw-away certificate)")
    key, cert = folder / "key.pem", folder / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost"]
        + ["-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    return key, cert


def test_the_site_config_passes_nginx_t(nginx_binary, db, tmp_path):
    prefix = tmp_path / "nginx"
    config = prefix / "nginx.conf"
    prefix.mkdir()
    config.write_text(
        nginx.full_config(
            prefix=prefix, port=free_port(), upstream="127.0.0.1:9", pages_root=tmp_path / "pages"
        )
    )

    result = nginx.check_config(config, prefix)

    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_the_site_config_with_tls_and_http2_passes_nginx_t(nginx_binary, db, tmp_path):
    prefix = tmp_path / "nginx"
    prefix.mkdir()
    key, cert = throwaway_certificate(prefix)
    config = prefix / "nginx.conf"
    config.write_text(
        nginx.full_config(
            prefix=prefix,
            port=free_port(),
            upstream="127.0.0.1:9",
            pages_root=tmp_path / "pages",
            certificate=(cert, key),
        )
    )

    result = nginx.check_config(config, prefix)

    assert result.returncode == 0, result.stderr


class Site:
    def __init__(self, url: str, pages: Path):
        self.url, self.pages = url, pages

    def get(self, path: str, headers: dict | None = None):
        request = urllib.request.Request(self.url + path, headers=headers or {})  # noqa: S310 (127.0.0.1)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()


@contextlib.contextmanager
def running_nginx(tmp_path: Path, *, pages_root: Path, upstream: str, **site_options):
    """The site's nginx (one worker) on a free 127.0.0.1 port in front of ``upstream``, until exit."""
    prefix = tmp_path / "nginx"
    prefix.mkdir()
    port = free_port()
    config = prefix / "nginx.conf"
    config.write_text(
        nginx.full_config(
            prefix=prefix, port=port, upstream=upstream, pages_root=pages_root, workers=1, **site_options
        )
    )
    process = nginx.start(config, prefix)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), 0.5).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"nginx did not start: {process.stderr.read().decode()[-2000:]}")
                time.sleep(0.05)
        yield Site(f"http://127.0.0.1:{port}", pages_root)
    finally:
        nginx.stop(process)


@pytest.fixture
def site(nginx_binary, live_server, pages_dir, settings, tmp_path):
    """Issue 2026/1 public and 2026/2 internal, published as files; nginx in front of the live server."""
    settings.SITE_URL = live_server.url
    build_issue(year=2026, number=1)
    build_issue(year=2026, number=2, visibility="internal")
    publishing.rebuild()
    with running_nginx(tmp_path, pages_root=pages_dir, upstream=live_server.url.split("://", 1)[1]) as site:
        yield site


MARK = b"<!-- served from the file -->"


def test_nginx_serves_a_published_page_from_its_file_and_passes_the_rest_to_django(site, live_server):
    page = site.pages / "issues/2026/1/index.html"
    original = page.read_bytes()
    page.write_bytes(original + MARK)  # only the file has this; the .gz keeps the original

    status, headers, body = site.get("/issues/2026/1/")
    assert status == 200
    assert body == original + MARK
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["ETag"] and headers["Last-Modified"]
    assert headers["Cache-Control"] == "public, max-age=0, must-revalidate"

    status, headers, body = site.get("/issues/2026/1/", {"Accept-Encoding": "gzip"})
    assert headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == original

    status, _headers, _body = site.get(
        "/issues/2026/1/", {"If-None-Match": site.get("/issues/2026/1/")[1]["ETag"]}
    )
    assert status == 304

    # Not from the file: a logged-in reader (session cookie), a query string.
    for path, request_headers in [
        ("/issues/2026/1/", {"Cookie": "sessionid=abc"}),
        ("/issues/2026/1/?page=2", {}),
    ]:
        status, _headers, body = site.get(path, request_headers)
        assert status == 200 and MARK not in body, path

    # A search goes to Django.
    status, headers, body = site.get("/search/?q=%E5%B7%A5%E4%BC%9A")
    assert status == 200
    assert b'name="q"' in body
    assert headers["Server"].startswith("nginx")

    # The file comes with the headers Django sends with the same page.
    django_response = Client().get("/issues/2026/1/")
    _status, headers, _body = site.get("/issues/2026/1/")
    for name in SAME_HEADERS:
        assert headers[name] == django_response.headers[name], name


def test_downloads_and_feeds_keep_their_types_and_internal_issues_go_to_django(site):
    status, headers, body = site.get("/issues/2026/1.txt")
    assert status == 200
    assert headers["Content-Type"] == "text/plain; charset=utf-8"
    assert headers["Content-Disposition"] == 'inline; filename="gonghui-gongzuo-jianbao-2026-01.txt"'
    assert body == (site.pages / "issues/2026/1.txt").read_bytes()

    status, headers, body = site.get("/feed/")
    assert status == 200
    assert headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert body == (site.pages / "feed/index.atom").read_bytes()

    # Internal issues and state files are never served from files.
    assert not (site.pages / "issues/2026/2").exists()
    status, _headers, _body = site.get("/issues/2026/2/")
    assert status == 404  # Django's answer to an anonymous visitor

    (site.pages / ".failures.json").write_text("{}")
    status, _headers, _body = site.get("/.failures.json")
    assert status == 404


def test_published_pages_are_read_while_django_is_down(nginx_binary, tmp_path):
    pages_root = tmp_path / "pages"
    page = pages_root / "issues/2026/1/index.html"
    files.write_page(page, "<html>第1期</html>".encode())
    # Nothing listens on the upstream port: Django and its database are "down".
    values = {"cookie": "sessionid", "slug": "gonghui-gongzuo-jianbao"}
    with running_nginx(tmp_path, pages_root=pages_root, upstream="127.0.0.1:9", values=values) as site:
        assert site.get("/issues/2026/1/")[0] == 200
        assert site.get("/issues/2026/1/")[2] == "<html>第1期</html>".encode()
        assert site.get("/search/?q=x")[0] == 502


def test_the_site_follows_the_session_cookie_name_and_the_publication_slug(
    nginx_binary, live_server, pages_dir, settings, tmp_path
):
    from bulletin.models import Publication

    settings.SESSION_COOKIE_NAME = "bulletin_session"
    Publication.objects.filter(pk=Publication.objects.default().pk).update(slug="union-news")
    settings.SITE_URL = live_server.url
    build_issue(year=2026, number=1)
    publishing.rebuild()
    upstream = live_server.url.split("://", 1)[1]
    with running_nginx(tmp_path, pages_root=pages_dir, upstream=upstream) as site:
        page = pages_dir / "issues/2026/1/index.html"
        page.write_bytes(page.read_bytes() + MARK)

        assert MARK in site.get("/issues/2026/1/")[2]
        # The installation's own session cookie sends the reader to Django; the old name does not.
        assert MARK not in site.get("/issues/2026/1/", {"Cookie": "bulletin_session=abc"})[2]
        assert MARK in site.get("/issues/2026/1/", {"Cookie": "sessionid=abc"})[2]
        _status, headers, _body = site.get("/issues/2026/1.txt")
        assert headers["Content-Disposition"] == 'inline; filename="union-news-2026-01.txt"'


def test_nginx_site_prints_the_production_config_with_this_installations_values(
    nginx_binary, db, settings, tmp_path
):
    from io import StringIO

    from django.core.management import CommandError, call_command

    settings.SESSION_COOKIE_NAME = "bulletin_session"
    settings.STATIC_PAGES_ROOT = tmp_path / "pages"
    settings.STATIC_ROOT = tmp_path / "static"
    settings.MEDIA_ROOT = tmp_path / "media"
    out = StringIO()
    call_command(
        "nginx_site", "--server-name", "jianbao.example.cn", "--upstream", "127.0.0.1:8123", stdout=out
    )
    text = out.getvalue()

    assert "$cookie_bulletin_session" in text and "$cookie_sessionid" not in text
    settings_lines = [line.split("#", 1)[0] for line in text.splitlines()]
    assert "server_name jianbao.example.cn;" in text
    assert not [line for line in settings_lines if "bulletin.example.org" in line]
    assert "server 127.0.0.1:8123" in text
    assert f"root {tmp_path / 'pages'};" in text
    assert not [line for line in text.splitlines() if "/srv/bulletin" in line.split("#", 1)[0]]
    assert "/etc/letsencrypt/live/jianbao.example.cn/fullchain.pem" in text

    # nginx accepts it once the certificate files and proxy_params it names exist.
    prefix = tmp_path / "nginx"
    prefix.mkdir()
    key, cert = throwaway_certificate(prefix)
    text = text.replace("/etc/letsencrypt/live/jianbao.example.cn/fullchain.pem", str(cert))
    text = text.replace("/etc/letsencrypt/live/jianbao.example.cn/privkey.pem", str(key))
    if not Path("/etc/nginx/proxy_params").exists():
        text = text.replace("include /etc/nginx/proxy_params;", "")
    for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / "temp" / name).mkdir(parents=True)
    config = prefix / "nginx.conf"
    config.write_text(
        f"pid {prefix}/nginx.pid; error_log {prefix}/error.log; events {{}}\n"
        f"http {{ include /etc/nginx/mime.types; client_body_temp_path {prefix}/temp/body; "
        f"proxy_temp_path {prefix}/temp/proxy; fastcgi_temp_path {prefix}/temp/fastcgi; "
        f"uwsgi_temp_path {prefix}/temp/uwsgi; scgi_temp_path {prefix}/temp/scgi;\n{text}\n}}\n"
    )
    result = nginx.check_config(config, prefix)
    assert result.returncode == 0, result.stderr

    settings.SESSION_COOKIE_NAME = "bulletin-session"
    with pytest.raises(CommandError) as error:
        call_command("nginx_site", "--server-name", "jianbao.example.cn", stdout=StringIO())
    assert "SESSION_COOKIE_NAME" in str(error.value)
    with pytest.raises(CommandError):
        call_command("nginx_site", "--server-name", "evil.example; include /etc/passwd", stdout=StringIO())
