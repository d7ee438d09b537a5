"""Load test: the production stack under a mixed reader load while editors save articles.

gunicorn (2 workers, ``deploy/gunicorn.conf.py``) on PostgreSQL with Redis as the cache, on
127.0.0.1 only. ``wrk`` plays 50 concurrent readers for 60 s over a mix of the home page, issue
pages, articles, search and the feed; three editor threads save articles through the workflow
service at the same time. Prints requests/s, p50/p95/p99, the error count, the editors' saves and
whether every acknowledged save is in the database afterwards.

With ``--faults`` it also restarts Redis and then PostgreSQL during the run (this disturbs anything
else using them on this machine: run it alone) and reports what ``/readyz`` and the pages answered
meanwhile: 503s and friendly error pages are expected, tracebacks and lost saves are not.

    python bench/load.py [--seconds 60] [--connections 50] [--faults]

Needs PostgreSQL and Redis on 127.0.0.1 (it creates and drops its own database) and ``wrk``.
"""

import argparse
import contextlib
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import reader_site as reader  # noqa: E402 — bench/reader_site.py: data generation and the gunicorn runner

PG = ("127.0.0.1", 5432)
REDIS = ("127.0.0.1", 6379)
SEARCH_TERMS = ["工会", "劳动竞赛", "职工", "技术创新", "服务企业发展"]
WRK_SCRIPT = """
paths = {%s}
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT %%d %%d %%d %%d %%d %%d %%d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), errors, summary.errors.status))
end
"""


def up(address) -> bool:
    try:
        socket.create_connection(address, 1).close()
        return True
    except OSError:
        return False


def create_database(name: str) -> None:
    import psycopg2

    connection = psycopg2.connect(host=PG[0], port=PG[1], user="postgres", dbname="postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(
            f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0"
        )
    connection.close()


def drop_database(name: str) -> None:
    import psycopg2

    for _ in range(10):
        try:
            connection = psycopg2.connect(host=PG[0], port=PG[1], user="postgres", dbname="postgres")
            connection.autocommit = True
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.close()
            return
        except psycopg2.Error:
            time.sleep(1)


def reader_paths(count: int = 400) -> list[str]:
    from articles.models import Article
    from bulletin.models import Issue

    rng = random.Random(7)
    issues = list(Issue.objects.values_list("year", "number"))
    article_ids = list(Article.objects.filter(status="published").values_list("pk", flat=True))
    paths = []
    for index in range(count):
        kind = index % 10
        if kind == 0:
            paths.append("/")
        elif kind in (1, 2, 3):
            year, number = rng.choice(issues)
            paths.append(f"/issues/{year}/{number}/")
        elif kind in (4, 5, 6):
            paths.append(f"/articles/{rng.choice(article_ids)}/")
        elif kind == 7:
            paths.append("/search/?q=" + urllib.request.quote(rng.choice(SEARCH_TERMS)))
        elif kind == 8:
            paths.append("/feed/")
        else:
            paths.append("/issues/")
    return paths


class Editors:
    """A few editors saving articles through the workflow service, remembering what was acknowledged."""

    def __init__(self, count: int):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group

        from articles.models import Article
        from contributors.models import Staff, Unit

        office, _ = Unit.objects.get_or_create(name="市总办公室", defaults={"kind": "department"})
        self.users = []
        for index in range(count):
            user = get_user_model().objects.create_user(f"load-editor-{index}")
            user.groups.add(Group.objects.get(name="editor"))
            Staff.objects.create(user=user, unit=office)
            self.users.append(user)
        self.articles = [
            Article.objects.create(title=f"编辑中的稿件{index}", body="<p>初稿。</p>")
            for index in range(count * 4)
        ]
        for article in self.articles:
            article.units.add(office)
        self.acknowledged: dict[int, str] = {}
        self.saves = 0
        self.failures = Counter()
        self.stop = threading.Event()
        self.lock = threading.Lock()

    def run(self, index: int) -> None:
        from django.db import close_old_connections

        from articles.models import Article
        from articles.services import article_update

        rng = random.Random(index)
        user = self.users[index]
        mine = self.articles[index :: len(self.users)]
        counter = 0
        while not self.stop.is_set():
            counter += 1
            article = rng.choice(mine)
            marker = f"第{counter}次保存-{index}"
            try:
                fresh = Article.objects.get(pk=article.pk)
                article_update(article=fresh, actor=user, data={"body": f"<p>{marker}</p>"})
            except Exception as error:  # noqa: BLE001 — a failed save is counted, not acknowledged
                with self.lock:
                    self.failures[type(error).__name__] += 1
                close_old_connections()
                time.sleep(0.5)
                continue
            with self.lock:
                self.acknowledged[article.pk] = marker
                self.saves += 1
            time.sleep(0.2)
        close_old_connections()

    def verify(self) -> tuple[int, int]:
        from articles.models import Article

        lost = 0
        bodies = dict(Article.objects.filter(pk__in=self.acknowledged).values_list("pk", "body"))
        for pk, marker in self.acknowledged.items():
            if marker not in bodies.get(pk, ""):
                lost += 1
        return len(self.acknowledged), lost


class Prober(threading.Thread):
    """Polls /readyz and a page twice a second, counting statuses and any traceback in a body."""

    def __init__(self, base: str, path: str):
        super().__init__(daemon=True)
        self.base, self.path = base, path
        self.statuses: Counter = Counter()
        self.tracebacks = 0
        self.stop = threading.Event()

    def fetch(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.base + path, timeout=5) as response:  # noqa: S310 (127.0.0.1)
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")
        except (urllib.error.URLError, OSError):
            return 0, ""

    def run(self):
        while not self.stop.is_set():
            for label, path in (("readyz", "/readyz"), ("page", self.path)):
                status, body = self.fetch(path)
                self.statuses[(label, status)] += 1
                if "Traceback" in body or "OperationalError" in body:
                    self.tracebacks += 1
            time.sleep(0.5)


def restart(service: str) -> None:
    if service == "redis":
        subprocess.run(
            ["redis-cli", "-p", str(REDIS[1]), "shutdown", "nosave"], capture_output=True, check=False
        )
        time.sleep(5)
        subprocess.run(
            [
                "redis-server",
                "--daemonize",
                "yes",
                "--bind",
                "127.0.0.1",
                "--port",
                str(REDIS[1]),
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            capture_output=True,
            check=False,
        )
    else:
        version = sorted(os.listdir("/etc/postgresql"))[-1]
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "stop", "-m", "fast"],
            capture_output=True,
            check=False,
        )
        time.sleep(5)
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"],
            capture_output=True,
            check=False,
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--issues", type=int, default=200)
    parser.add_argument("--articles", type=int, default=20)
    parser.add_argument("--editors", type=int, default=3)
    parser.add_argument(
        "--faults", action="store_true", help="restart Redis, then PostgreSQL, during the run"
    )
    options = parser.parse_args()
    for tool in (
        "wrk",
        "gunicorn" if shutil.which("gunicorn") else str(Path(sys.executable).parent / "gunicorn"),
    ):
        if shutil.which(tool) is None:
            print(f"{tool} is not installed", file=sys.stderr)
            return 1
    if not (up(PG) and up(REDIS)):
        print("bench/load.py needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379; skipped.")
        return 0

    name = f"bench_load_{os.getpid()}"
    workdir = Path(tempfile.mkdtemp(prefix="bench-load-"))
    server = None
    try:
        create_database(name)
        (workdir / "bench_reader_settings.py").write_text(reader.BENCH_SETTINGS)
        env = {
            **os.environ,
            "DATABASE_URL": f"postgres://postgres@{PG[0]}:{PG[1]}/{name}",
            "DATABASE_CONN_MAX_AGE": "60",
            "CACHE_URL": f"redis://{REDIS[0]}:{REDIS[1]}/13",
            "CACHE_KEY_PREFIX": name,
            "DJANGO_SETTINGS_MODULE": "bench_reader_settings",
            "DEBUG": "0",
            "SECRET_KEY": "bench-only-" + os.urandom(32).hex(),
            "ALLOWED_HOSTS": "127.0.0.1",
            "LOG_LEVEL": "ERROR",
            "PYTHONPATH": os.pathsep.join([str(workdir), str(ROOT)]),
        }
        os.environ.update(
            {
                k: env[k]
                for k in (
                    "DATABASE_URL",
                    "CACHE_URL",
                    "CACHE_KEY_PREFIX",
                    "DJANGO_SETTINGS_MODULE",
                    "DEBUG",
                    "SECRET_KEY",
                    "ALLOWED_HOSTS",
                    "LOG_LEVEL",
                )
            }
        )
        os.environ["DATABASE_CONN_MAX_AGE"] = "0"  # the editor threads reconnect after a restart
        sys.path.insert(0, str(workdir))
        import django

        django.setup()
        from django.core.management import call_command

        started = time.monotonic()
        call_command("migrate", verbosity=0)
        reader.generate(options.issues, options.articles)
        call_command("rebuild_search_index", verbosity=0) if "rebuild_search_index" in _commands() else None
        editors = Editors(options.editors)
        paths = reader_paths()
        print(
            f"PostgreSQL database {name} with {options.issues} issues x {options.articles} articles "
            f"(built in {time.monotonic() - started:.0f} s); Redis cache; gunicorn 2 workers x 2 threads."
        )

        port = reader.free_port()
        server_env = {
            **env,
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": "2",
            "GUNICORN_LOG_LEVEL": "warning",
        }
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "-c",
                str(ROOT / "deploy/gunicorn.conf.py"),
                "--chdir",
                str(ROOT),
                "--pythonpath",
                str(workdir),
                "--access-logfile",
                "/dev/null",
                "config.wsgi",
            ],
            env=server_env,
            stdout=subprocess.DEVNULL,
            # The server's log goes to a file: an unread pipe fills up (a Redis outage logs a
            # warning per request) and then blocks every worker that writes to it.
            stderr=(workdir / "gunicorn.log").open("w"),
        )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(base + "/readyz", timeout=2).close()  # noqa: S310 (127.0.0.1)
                break
            except (urllib.error.URLError, OSError):
                time.sleep(0.3)
        for path in set(paths):  # warm the cache once, as a site that has been up a while would be
            with contextlib.suppress(urllib.error.HTTPError):
                urllib.request.urlopen(base + path, timeout=30).close()  # noqa: S310 (127.0.0.1)

        script = workdir / "mix.lua"
        script.write_text(WRK_SCRIPT % ", ".join(f'"{path}"' for path in paths))
        prober = Prober(base, paths[1])
        prober.start()
        threads = [
            threading.Thread(target=editors.run, args=(index,), daemon=True)
            for index in range(options.editors)
        ]
        for thread in threads:
            thread.start()
        faults = []
        if options.faults:

            def inject():
                time.sleep(options.seconds * 0.25)
                faults.append(("redis restart", time.monotonic()))
                restart("redis")
                time.sleep(options.seconds * 0.25)
                faults.append(("postgresql restart", time.monotonic()))
                restart("postgresql")

            threading.Thread(target=inject, daemon=True).start()
        command = [
            "wrk",
            "-t2",
            f"-c{options.connections}",
            f"-d{options.seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            base,
        ]
        output = subprocess.run(command, capture_output=True, text=True, timeout=options.seconds + 60).stdout
        editors.stop.set()
        for thread in threads:
            thread.join(timeout=30)
        time.sleep(2 if not options.faults else 8)
        prober.stop.set()
        prober.join(timeout=10)

        line = next(line for line in output.splitlines() if line.startswith("RESULT "))
        requests, duration_us, p50, p95, p99, errors, status_errors = (int(x) for x in line.split()[1:])
        from django.db import connection

        connection.close()
        acknowledged, lost = editors.verify()
        print(
            f"Readers: {options.connections} connections for {options.seconds} s over {len(set(paths))} URLs "
            "(home, archive, issues, articles, search, feed)"
        )
        print(
            f"  {requests / (duration_us / 1e6):,.0f} requests/s, {requests:,} requests; "
            f"p50 {p50 / 1000:.1f} ms, p95 {p95 / 1000:.1f} ms, p99 {p99 / 1000:.1f} ms; "
            f"errors {errors} (of which non-2xx/3xx {status_errors})"
        )
        print(
            f"Editors: {editors.saves} saves acknowledged by {options.editors} editors, "
            f"failed attempts {dict(editors.failures) or 0}; after the run {lost} of {acknowledged} "
            f"acknowledged articles lack their last saved text"
        )
        print(
            f"Probes (/readyz and an issue page, every 0.5 s): "
            f"{dict(sorted((f'{k[0]} {k[1]}', v) for k, v in prober.statuses.items()))}; "
            f"tracebacks seen: {prober.tracebacks}"
        )
        if options.faults:
            print("Faults injected: " + ", ".join(label for label, _ in faults))
        healthy_after, waited = 0, time.monotonic()
        while time.monotonic() - waited < 90 and healthy_after != 200:
            try:
                healthy_after = urllib.request.urlopen(base + "/readyz", timeout=5).status  # noqa: S310 (127.0.0.1)
            except (urllib.error.URLError, OSError):
                time.sleep(1)
        print(
            f"/readyz after the run: {healthy_after or 'no answer'} (after {time.monotonic() - waited:.0f} s)"
        )
        failed = (
            lost > 0 or prober.tracebacks > 0 or healthy_after != 200 or (not options.faults and errors > 0)
        )
        return 1 if failed else 0
    finally:
        if server is not None and server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: BLE001, S110
            pass
        drop_database(name)
        shutil.rmtree(workdir, ignore_errors=True)


def _commands() -> set[str]:
    from django.core.management import get_commands

    return set(get_commands())


if __name__ == "__main__":
    sys.exit(main())
