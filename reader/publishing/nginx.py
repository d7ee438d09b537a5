"""The deploy nginx site (deploy/nginx/bulletin.conf) turned into a self-contained nginx.conf on
127.0.0.1, for the tests and the benchmark: same maps and locations, other ports and paths.

Only what ties the site to one server changes: the HTTP→HTTPS redirect server is dropped, the TLS
server listens on ``127.0.0.1:<port>`` (plain HTTP unless a certificate is given), the upstream points
at ``upstream`` and the /srv/bulletin paths at the given directories. Everything nginx itself needs
(pid, logs, temporary files) lives under ``prefix``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

SITE_CONF = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "bulletin.conf"
DEPLOY_VAR = "/srv/bulletin/var"
# What the file in deploy/ is written for, and replaced by the site's own values.
DEPLOY_COOKIE = "$cookie_sessionid"
DEPLOY_SLUG = "gonghui-gongzuo-jianbao"
DEPLOY_SERVER_NAME = "bulletin.example.org"
DEPLOY_UPSTREAM = "127.0.0.1:8000"

_COOKIE_NAME = re.compile(r"^[A-Za-z0-9_]+$")
_SLUG = re.compile(r"^[A-Za-z0-9_-]+$")
_SERVER_NAME = re.compile(r"^[A-Za-z0-9.*-]+(\s+[A-Za-z0-9.*-]+)*$")
_PATH = re.compile(r"^/[^\s;{}'\"$#]*$")
_UPSTREAM = re.compile(r"^(unix:/[^\s;{}'\"$#]+|[A-Za-z0-9.\[\]:-]+:\d+)$")


class ConfigError(ValueError):
    """A setting that cannot go into the nginx site as it is; the message names it."""


def site_values() -> dict[str, str]:
    """The values the site file depends on, from the settings and the database: the session cookie
    (a request carrying it is never answered from a file) and the default publication's slug (the
    download names)."""
    from django.conf import settings
    from django.utils.translation import gettext as _

    from bulletin.models import Publication

    cookie = settings.SESSION_COOKIE_NAME
    if not _COOKIE_NAME.match(cookie):
        raise ConfigError(
            _(
                "SESSION_COOKIE_NAME %(name)r cannot be used by nginx: use letters, digits and underscores only."
            )
            % {"name": cookie}
        )
    publication = Publication.objects.default()
    slug = publication.slug if publication is not None else DEPLOY_SLUG
    if not _SLUG.match(slug):
        raise ConfigError(
            _("The publication's slug %(slug)r cannot be used in a file name.") % {"slug": slug}
        )
    return {"cookie": cookie, "slug": slug}


def _checked(value: str, pattern: re.Pattern, what: str) -> str:
    from django.utils.translation import gettext as _

    if not pattern.match(value):
        raise ConfigError(
            _("%(what)s %(value)r cannot go into the nginx configuration.") % {"what": what, "value": value}
        )
    return value


def apply_site_values(text: str, *, cookie: str, slug: str) -> str:
    """The site file with the session cookie and the download names of this installation."""
    return text.replace(DEPLOY_COOKIE, f"$cookie_{cookie}").replace(DEPLOY_SLUG, slug)


def _installed(
    text: str,
    *,
    cookie: str,
    slug: str,
    upstream: str,
    pages_root: Path,
    static_root: Path | None = None,
    media_root: Path | None = None,
    check: bool = False,
) -> str:
    """The site file with what ties it to one installation: cookie, download names, upstream and
    directories (those given). ``check``: refuse values nginx cannot take (production)."""
    if check:
        _checked(upstream, _UPSTREAM, "upstream")
    text = apply_site_values(text, cookie=cookie, slug=slug)
    text = text.replace(f"server {DEPLOY_UPSTREAM}", f"server {upstream}")
    for name, path in (("pages", pages_root), ("static", static_root), ("media", media_root)):
        if path is None:
            continue
        target = str(Path(path)).rstrip("/")
        if check:
            _checked(target, _PATH, name)
        text = text.replace(f"{DEPLOY_VAR}/{name}", target)
    return text


def production_config(
    *,
    server_name: str,
    upstream: str = DEPLOY_UPSTREAM,
    pages_root: Path,
    static_root: Path,
    media_root: Path,
    cookie: str,
    slug: str,
    source: Path = SITE_CONF,
) -> str:
    """deploy/nginx/bulletin.conf with this installation's values, comments kept: what
    ``manage.py nginx_site`` prints."""
    server_name = _checked(server_name.strip(), _SERVER_NAME, "server_name")
    text = _installed(
        source.read_text(),
        cookie=cookie,
        slug=slug,
        upstream=upstream,
        pages_root=pages_root,
        static_root=static_root,
        media_root=media_root,
        check=True,
    )
    text = text.replace(
        f"/etc/letsencrypt/live/{DEPLOY_SERVER_NAME}/", f"/etc/letsencrypt/live/{server_name.split()[0]}/"
    )
    return text.replace(f"server_name {DEPLOY_SERVER_NAME};", f"server_name {server_name};")


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(path).exists()), None
    )


def _top_level_blocks(text: str) -> list[str]:
    """The site file split into top-level statements and blocks (comments removed)."""
    text = "\n".join(line.split("#", 1)[0] if not _quoted_hash(line) else line for line in text.splitlines())
    blocks, depth, current = [], 0, []
    for char in text:
        current.append(char)
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                blocks.append("".join(current).strip())
                current = []
        elif char == ";" and depth == 0:
            blocks.append("".join(current).strip())
            current = []
    return [block for block in blocks if block]


def _quoted_hash(line: str) -> bool:
    """A ``#`` inside quotes (none in our file today) is not a comment; keep such lines whole."""
    head = line.split("#", 1)[0]
    return head.count('"') % 2 == 1


def site_config(
    *,
    port: int,
    upstream: str,
    pages_root: Path,
    static_root: Path | None = None,
    media_root: Path | None = None,
    certificate: tuple[Path, Path] | None = None,
    source: Path = SITE_CONF,
    values: dict[str, str] | None = None,
) -> str:
    """The site's server and maps for 127.0.0.1:``port`` (an ``http {}`` body), with this
    installation's cookie and download names (``values``, default: :func:`site_values`)."""
    parts = []
    text = _installed(
        source.read_text(),
        **(values or site_values()),
        upstream=upstream,
        pages_root=pages_root,
        static_root=static_root,
        media_root=media_root,
    )
    for block in _top_level_blocks(text):
        if block.startswith("server") and "return 301 https" in block:
            continue  # the redirect from port 80
        if block.startswith("server"):
            listen = f"listen 127.0.0.1:{port}" + (" ssl http2;" if certificate else ";")
            block = re.sub(r"listen\s+443[^;]*;", listen, block, count=1)
            block = re.sub(r"\n\s*listen\s+\[::\][^;]*;", "", block)
            if certificate:
                block = re.sub(r"ssl_certificate\s+[^;]+;", f"ssl_certificate {certificate[0]};", block)
                block = re.sub(
                    r"ssl_certificate_key\s+[^;]+;", f"ssl_certificate_key {certificate[1]};", block
                )
            else:
                block = re.sub(r"\n\s*ssl_[a-z_]+\s[^;]*;", "", block)
            if not Path("/etc/nginx/proxy_params").exists():
                block = block.replace("include /etc/nginx/proxy_params;", "")
        parts.append(block)
    return "\n\n".join(parts)


def full_config(*, prefix: Path, workers: int = 2, **site) -> str:
    """A whole nginx.conf running as the current user, everything under ``prefix``."""
    for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / "temp" / name).mkdir(parents=True, exist_ok=True)
    mime_types = next(
        (
            path
            for path in ("/etc/nginx/mime.types", "/usr/local/nginx/conf/mime.types")
            if Path(path).exists()
        ),
        None,
    )
    # Run by root (CI, containers), the workers would become "nobody" and could not read a private
    # temporary directory; they stay the current user.
    user = "user root;" if os.geteuid() == 0 else ""
    return f"""
{user}
worker_processes {workers};
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    {f"include {mime_types};" if mime_types else ""}
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    access_log off;
    client_body_temp_path {prefix}/temp/body;
    proxy_temp_path {prefix}/temp/proxy;
    fastcgi_temp_path {prefix}/temp/fastcgi;
    uwsgi_temp_path {prefix}/temp/uwsgi;
    scgi_temp_path {prefix}/temp/scgi;
{site_config(**site)}
}}
"""


def check_config(config_file: Path, prefix: Path) -> subprocess.CompletedProcess:
    """``nginx -t`` on ``config_file``."""
    return subprocess.run(  # noqa: S603 (our own arguments)
        [nginx_binary() or "nginx", "-t", "-p", str(prefix), "-c", str(config_file)],
        capture_output=True,
        text=True,
        timeout=30,
    )


def start(config_file: Path, prefix: Path) -> subprocess.Popen:
    """nginx in the foreground (``daemon off``) as a child process; stop it with :func:`stop`."""
    return subprocess.Popen(  # noqa: S603 (our own arguments)
        [nginx_binary() or "nginx", "-p", str(prefix), "-c", str(config_file), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()  # SIGTERM: fast shutdown of this master and its workers
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def plain_config(*, prefix: Path, port: int, root: Path, workers: int = 2) -> str:
    """The ceiling for the benchmark: nginx serving files from ``root`` with nothing else configured."""
    for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / "temp" / name).mkdir(parents=True, exist_ok=True)
    user = "user root;" if os.geteuid() == 0 else ""
    return f"""
{user}
worker_processes {workers};
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    access_log off;
    client_body_temp_path {prefix}/temp/body;
    proxy_temp_path {prefix}/temp/proxy;
    fastcgi_temp_path {prefix}/temp/fastcgi;
    uwsgi_temp_path {prefix}/temp/uwsgi;
    scgi_temp_path {prefix}/temp/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {root};
    }}
}}
"""
