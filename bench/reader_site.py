"""Benchmark: the reader's issue page, uncached, cached, published as a file behind nginx, and as a
plain static file.

Runs standalone (`make bench`). It makes a temporary SQLite database, generates 500 published issues
of 15 articles each (the size of the sample issue, 2012-02), and serves the site with gunicorn
(2 sync workers, DEBUG off) on 127.0.0.1:

1. uncached — gunicorn with ``CACHE_URL=dummy://``: every request queries and renders the page
               (bulletin.prepared queries, Jinja2 templates; no page-cache bookkeeping for a cache
               that keeps nothing); once with sync workers, once with the production worker class
               (gthread, 2 threads, keep-alive, as deploy/gunicorn.conf.py);
2. cached   — gunicorn with the per-process LocMem cache (or ``--cache-url redis://…``), warmed: a hit
               makes no SQL query;
3. 304      — the cached server answering a conditional GET (If-None-Match) with 304;
4. static   — the same HTML saved to a file and served by gunicorn (2 sync workers) through
               WhiteNoise, i.e. the same server stack with Django taken out;
5. nginx published (c) — the page written by static publishing (reader/publishing: atomic file,
               .gz/.br beside it) and served by nginx (2 workers) with the site's own configuration,
               deploy/nginx/bulletin.conf, on a free port (maps, try_files, headers, gzip_static);
6. nginx plain (d) — a plain copy of the same file served by nginx (2 workers) with nothing else
               configured: the ceiling.

The issue's goals: (a) uncached ≥ 720 requests/s, and (c) ≥ 50 % of (d). nginx runs only when it is
installed (Debian nginx-light; `make setup` installs it).

Each is loaded with ``wrk`` (Debian package ``wrk``) for a few seconds; it prints requests/s,
p50/p95 latency and the ratios. Only 127.0.0.1 is used; everything is removed afterwards.

    python bench/reader_site.py [--seconds 5] [--connections 8] [--issues 500] [--articles 15] [--cache-url URL]
"""

import argparse
import datetime
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SHARED_MEMORY = "/dev/shm"  # noqa: S108 (gunicorn makes and unlinks its own file there)
WORDS = "各级工会围绕中心工作组织职工开展劳动竞赛技术创新活动服务企业发展维护职工权益推进基层建设"
SECTION_SHARE = (10, 6, 6, 8)  # articles per section of a 30-article issue, in printed order
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), errors))
end
"""
BENCH_SETTINGS = """
from config.settings import *  # noqa: F403

# No collectstatic for a benchmark: plain storage instead of the manifest one.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# Plain HTTP on 127.0.0.1: no redirect to HTTPS.
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
"""
STATIC_APP = """
from whitenoise import WhiteNoise


def not_found(environ, start_response):
    start_response("404 Not Found", [("Content-Type", "text/plain")])
    return [b"not found"]


application = WhiteNoise(not_found, root={root!r}, index_file=True, autorefresh=False)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def text(rng, low, high) -> str:
    return "".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))


def generate(issues: int, articles_per_issue: int) -> tuple[int, int]:
    """Bulk-insert published issues with articles and a footer line; returns the (year, number) to load."""
    import random

    from django.utils import timezone

    from articles.models import Article
    from bulletin.models import Issue, Publication, Section
    from distribution.models import IssueLine

    rng = random.Random(2026)
    publication = Publication.objects.default()
    sections = list(Section.objects.order_by("position")[:4])
    share = [round(part * articles_per_issue / sum(SECTION_SHARE)) for part in SECTION_SHARE]
    share[0] += articles_per_issue - sum(share)
    now = timezone.now()
    issue_rows = [
        Issue(
            publication=publication,
            year=2000 + index // 25,
            number=index % 25 + 1,
            total_number=index + 1,
            issue_date=datetime.date(2000 + index // 25, index % 12 + 1, 10),
            status=Issue.Status.PUBLISHED,
            published_at=now,
            copies=120,
        )
        for index in range(issues)
    ]
    Issue.objects.bulk_create(issue_rows, batch_size=500)
    issue_rows = list(Issue.objects.order_by("pk"))
    articles, lines = [], []
    for issue in issue_rows:
        for section, count in zip(sections, share, strict=True):
            for position in range(1, count + 1):
                paragraphs = "".join(
                    f"<p>{'。'.join(text(rng, 12, 30) for _ in range(rng.randint(2, 4)))}。</p>"
                    for _ in range(rng.randint(1, 3) if section.layout == "standard" else 1)
                )
                articles.append(
                    Article(
                        title=text(rng, 12, 26),
                        body=paragraphs,
                        issue=issue,
                        section=section,
                        position=position,
                        byline=f"{text(rng, 2, 3)}区总工会",
                        status=Article.Status.PUBLISHED,
                        published_at=now,
                    )
                )
        lines.append(
            IssueLine(issue=issue, kind="distribute", text="市有关领导、各市（区）总工会、市各有关部门")
        )
    Article.objects.bulk_create(articles, batch_size=2000)
    IssueLine.objects.bulk_create(lines, batch_size=2000)
    middle = issue_rows[len(issue_rows) // 2]
    return middle.year, middle.number


class Server:
    """gunicorn on 127.0.0.1 with 2 sync workers, stopped (by its own pid) on exit."""

    def __init__(self, app: str, env: dict, workdir: Path, *, threads: int = 1):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            app,
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            "2",
            "--worker-class",
            "gthread" if threads > 1 else "sync",
            "--threads",
            str(threads),
            "--keep-alive",
            "5",
            "--chdir",
            str(ROOT),
            "--pythonpath",
            str(workdir),
            "--log-level",
            "warning",
            # As deploy/gunicorn.conf.py: the workers' heartbeat file in memory, not on disk.
            *(["--worker-tmp-dir", SHARED_MEMORY] if os.path.isdir(SHARED_MEMORY) else []),
        ]
        self.process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def wait(self, path: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited: {self.process.stderr.read().decode()[-2000:]}")
            try:
                with urllib.request.urlopen(self.url + path, timeout=5) as response:  # noqa: S310 (127.0.0.1)
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        raise SystemExit(f"gunicorn did not answer {path} within {timeout} s")

    def get(self, path: str, headers: dict | None = None):
        request = urllib.request.Request(self.url + path, headers=headers or {})  # noqa: S310 (127.0.0.1)
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.read(), dict(response.headers)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def wrk(url: str, *, seconds: int, connections: int, script: Path, headers: dict | None = None) -> dict:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script)]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, timeout=seconds + 30, check=True
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    requests, duration_us, p50_us, p95_us, errors = (int(field) for field in line.split()[1:])
    return {
        "rps": requests / (duration_us / 1e6),
        "p50": p50_us / 1000,
        "p95": p95_us / 1000,
        "requests": requests,
        "errors": errors,
    }


class Nginx:
    """nginx on 127.0.0.1 from a generated configuration, stopped (by its own pid) on exit."""

    def __init__(self, prefix: Path, config: str, port: int):
        from reader.publishing import nginx

        self.nginx, self.port, self.url = nginx, port, f"http://127.0.0.1:{port}"
        prefix.mkdir(parents=True, exist_ok=True)
        (prefix / "nginx.conf").write_text(config)
        checked = nginx.check_config(prefix / "nginx.conf", prefix)
        if checked.returncode:
            raise SystemExit(f"nginx -t failed:\n{checked.stderr}")
        self.process = nginx.start(prefix / "nginx.conf", prefix)

    def wait(self, path: str, timeout: float = 10) -> bytes:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"nginx exited: {self.process.stderr.read().decode()[-2000:]}")
            try:
                with urllib.request.urlopen(self.url + path, timeout=5) as response:  # noqa: S310 (127.0.0.1)
                    return response.read()
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.1)
        raise SystemExit(f"nginx did not answer {path} within {timeout} s")

    def stop(self) -> None:
        self.nginx.stop(self.process)


def bench_nginx(workdir: Path, path: str, html: bytes, load: dict) -> dict:
    """(c) the page published by reader.publishing and served through deploy/nginx/bulletin.conf;
    (d) a plain copy of the same file behind a bare nginx. Empty when nginx is not installed."""
    from django.conf import settings

    from reader import publishing
    from reader.publishing import nginx

    if nginx.nginx_binary() is None:
        return {}
    settings.STATIC_PAGES, settings.STATIC_PAGES_ROOT = True, workdir / "pages"
    settings.SITE_URL = "http://127.0.0.1"
    outcome = publishing.run(publishing.Plan(render={publishing.Page(path)}))
    if outcome.failed or not outcome.written:
        raise SystemExit(f"static publishing failed: {outcome.failed}")
    published = (workdir / "pages" / publishing.Page(path).relpath).read_bytes()
    plain_root = workdir / "plain-site"
    plain_page = plain_root / path.strip("/") / "index.html"
    plain_page.parent.mkdir(parents=True)
    plain_page.write_bytes(published)
    rows = {}
    port = free_port()
    server = Nginx(
        workdir / "nginx-site",
        nginx.full_config(
            prefix=workdir / "nginx-site", port=port, upstream="127.0.0.1:9", pages_root=workdir / "pages"
        ),
        port,
    )
    try:
        body = server.wait(path)
        if body != published:
            raise SystemExit("nginx did not serve the published file")
        rows["nginx published"] = wrk(server.url + path, **load)
    finally:
        server.stop()
    port = free_port()
    server = Nginx(
        workdir / "nginx-plain",
        nginx.plain_config(prefix=workdir / "nginx-plain", port=port, root=plain_root),
        port,
    )
    try:
        server.wait(path)
        rows["nginx plain"] = wrk(server.url + path, **load)
    finally:
        server.stop()
    print(
        f"published page: {len(published):,} bytes (Django's: {len(html):,}); .gz and .br written beside it"
    )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--issues", type=int, default=500)
    parser.add_argument(
        "--articles", type=int, default=15, help="articles per issue (the sample issue has 15)"
    )
    parser.add_argument(
        "--cache-url",
        default="locmem://bench",
        help="cache of the cached server: locmem://… (per process, the default) or redis://127.0.0.1:6379/N",
    )
    options = parser.parse_args()
    if shutil.which("wrk") is None:
        print(
            "wrk is not installed (Debian: apt-get install wrk; `make setup` installs it).", file=sys.stderr
        )
        return 1

    workdir = Path(tempfile.mkdtemp(prefix="bench-reader-"))
    servers: list[Server] = []
    try:
        (workdir / "bench_reader_settings.py").write_text(BENCH_SETTINGS)
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
            "DJANGO_SETTINGS_MODULE": "bench_reader_settings",
            "DEBUG": "0",
            "SECRET_KEY": "bench-only-" + os.urandom(32).hex(),
            "ALLOWED_HOSTS": "127.0.0.1",
            "LOG_LEVEL": "WARNING",
            # As deploy/env.example: each worker keeps its database connection between requests.
            "DATABASE_CONN_MAX_AGE": "60",
            "PYTHONPATH": os.pathsep.join([str(workdir), str(ROOT)]),
        }
        os.environ.update(
            {key: env[key] for key in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY")}
        )
        os.environ.update({"ALLOWED_HOSTS": env["ALLOWED_HOSTS"], "LOG_LEVEL": "WARNING"})
        sys.path.insert(0, str(workdir))
        import django

        started = time.monotonic()
        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        year, number = generate(options.issues, options.articles)
        path = f"/issues/{year}/{number}/"
        print(
            f"Generated {options.issues} issues x {options.articles} articles in "
            f"{time.monotonic() - started:.1f} s; loading {path} for {options.seconds} s each "
            f"(wrk, 2 threads, {options.connections} connections; gunicorn, 2 sync workers; "
            f"cache {options.cache_url.split('://')[0]})."
        )
        script = workdir / "report.lua"
        script.write_text(WRK_SCRIPT)
        load = {"seconds": options.seconds, "connections": options.connections, "script": script}
        results = {}

        uncached = Server("config.wsgi", {**env, "CACHE_URL": "dummy://"}, workdir)
        servers.append(uncached)
        uncached.wait(path)
        html, _headers = uncached.get(path)
        results["uncached"] = wrk(uncached.url + path, **load)
        uncached.stop()
        # The same with the production worker class (deploy/gunicorn.conf.py: gthread, 2 threads,
        # keep-alive), still 2 workers.
        threaded = Server("config.wsgi", {**env, "CACHE_URL": "dummy://"}, workdir, threads=2)
        servers.append(threaded)
        threaded.wait(path)
        results["uncached gthread"] = wrk(threaded.url + path, **load)
        threaded.stop()

        cache_env = {"CACHE_URL": options.cache_url, "CACHE_KEY_PREFIX": f"bench-reader-{os.getpid()}"}
        cached = Server("config.wsgi", {**env, **cache_env}, workdir)
        servers.append(cached)
        cached.wait(path)
        for _ in range(20):  # warm both workers' caches
            _body, headers = cached.get(path)
        results["cached"] = wrk(cached.url + path, **load)
        results["cached 304"] = wrk(cached.url + path, headers={"If-None-Match": headers["ETag"]}, **load)
        cached.stop()

        static_root = workdir / "static-site"
        page = static_root / path.strip("/") / "index.html"
        page.parent.mkdir(parents=True)
        page.write_bytes(html)
        (workdir / "bench_static_site.py").write_text(STATIC_APP.format(root=str(static_root)))
        static = Server("bench_static_site:application", env, workdir)
        servers.append(static)
        static.wait(path)
        results["static file"] = wrk(static.url + path, **load)
        static.stop()

        nginx_rows = bench_nginx(workdir, path, html, load)
        results.update(nginx_rows)

        print(f"\nIssue page: {len(html):,} bytes of HTML, {options.articles} articles")
        print(f"{'':<16}{'requests/s':>12}{'p50 ms':>10}{'p95 ms':>10}{'errors':>8}")
        for name, result in results.items():
            print(
                f"{name:<16}{result['rps']:>12,.0f}{result['p50']:>10.2f}{result['p95']:>10.2f}{result['errors']:>8}"
            )
        base = results["uncached"]["rps"]
        print(
            textwrap.dedent(
                f"""
                cached / uncached      {results["cached"]["rps"] / base:6.1f}x requests/s
                304 / uncached         {results["cached 304"]["rps"] / base:6.1f}x requests/s
                static / cached        {results["static file"]["rps"] / results["cached"]["rps"]:6.2f}x requests/s
                static / uncached      {results["static file"]["rps"] / base:6.1f}x requests/s
                static server: gunicorn (2 sync workers) + WhiteNoise serving the saved HTML file
                """
            ).rstrip()
        )
        if nginx_rows:
            published, plain = results["nginx published"]["rps"], results["nginx plain"]["rps"]
            print(
                textwrap.dedent(
                    f"""
                    (a) uncached             {base:10,.0f} requests/s   goal >= 720: {"met" if base >= 720 else "NOT met"}
                    (a) uncached, gthread    {results["uncached gthread"]["rps"]:10,.0f} requests/s   goal >= 720: {"met" if results["uncached gthread"]["rps"] >= 720 else "NOT met"}
                    (b) cached               {results["cached"]["rps"]:10,.0f} requests/s
                    (c) nginx published file {published:10,.0f} requests/s
                    (d) nginx plain file     {plain:10,.0f} requests/s
                    c / d                    {published / plain:10.0%}      goal >= 50%: {"met" if published >= plain / 2 else "NOT met"}
                    c / a                    {published / base:10.1f}x
                    c / b                    {published / results["cached"]["rps"]:10.1f}x
                    b / a                    {results["cached"]["rps"] / base:10.1f}x
                    """
                ).rstrip()
            )
        else:
            print("nginx is not installed: (c) and (d) not measured (Debian nginx-light; `make setup`).")
        failed = [name for name, result in results.items() if result["errors"] or not result["requests"]]
        if failed:
            print(f"error: non-2xx/3xx responses or socket errors in: {', '.join(failed)}", file=sys.stderr)
            return 1
        return 0
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
