"""Benchmark: the desk pages — 待审 (the review queue), 我的稿件, the review page and the compose page
(组版) — with 200,000 articles on PostgreSQL.

Target (the desk issue): median server time under 50 ms for each page, and query counts that do not
grow with the number of rows.

Runs standalone (`make bench`). It needs PostgreSQL on 127.0.0.1:5432 (the goal is about
PostgreSQL): it creates its own database ``bench_desk_<pid>``, migrates it and drops it afterwards.
Data, written with ``bulk_create`` in batches of 5,000 (so ``word_count`` and ``search_text`` are
computed by their fields' ``pre_save``, as on every write path):

- 100 units, a correspondent for each (the first one is the measured correspondent), an editor;
- 1,000 published issues and one issue being drafted with 15 accepted articles placed in it;
- 200,000 articles with a body of four paragraphs of Chinese (~1,500 characters), attributed to one
  unit (one in ten to two): ~85 % published, 3,000 submitted, 3,000 accepted and not placed, drafts,
  returned and rejected ones (with the return or reject in the transition log);
- then ANALYZE.

It runs with ``DEBUG=0`` as production does (templates cached once parsed), plain http for the test
client and an in-process cache.

The search indexes (GIN trigram and bigram on ``search_text``) are dropped before the load: no desk
page measured here uses them, and maintaining them row by row would take most of the run.

Each page is requested with Django's test client (``force_login``) in this process: a few warm-up
requests, then timed ones; it prints the median and p95 in ms, the status and the SQL queries per
request, and the median time of those queries as the database driver saw it. The exit code is 1 when a median is over 50 ms or a response is not 200.

    python bench/desk.py [--articles 200000] [--runs 30] [--keep] [--database bench_desk_<pid>]
"""

import argparse
import datetime
import gc
import os
import random
import secrets
import socket
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PG_HOST, PG_PORT = "127.0.0.1", 5432
BATCH = 5000
TARGET_MS = 50
WARM_UP = 3
UNITS = 100
ISSUES = 1000
PLACED = 15
WORDS = (
    "各级工会围绕中心工作组织职工开展劳动竞赛技术创新活动服务企业发展维护职工权益推进基层建设"
    "深入学习贯彻会议精神加强思想政治引领关心困难职工生活送温暖安全生产岗位练兵培训"
)


def postgres_answers() -> bool:
    try:
        socket.create_connection((PG_HOST, PG_PORT), 2).close()
    except OSError:
        return False
    return True


def admin_sql(*statements: str) -> None:
    """Run statements on the server's ``postgres`` database, outside any transaction."""
    import psycopg2

    connection = psycopg2.connect(host=PG_HOST, port=PG_PORT, user="postgres", dbname="postgres")
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    finally:
        connection.close()


def setup_database(existing: str | None = None) -> str:
    """Point Django at a fresh PostgreSQL database (or an existing one) and migrate it; returns its name."""
    name = existing or f"bench_desk_{os.getpid()}"
    if not existing:
        admin_sql(
            f'DROP DATABASE IF EXISTS "{name}"',
            f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0",
        )
    os.environ["DATABASE_URL"] = f"postgres://postgres@{PG_HOST}:{PG_PORT}/{name}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    # Measured as production runs: DEBUG off, so templates are parsed once (the cached loader), not
    # on every request. Plain http for the test client, an in-process cache, and static files named
    # as they are (this process has no collected manifest).
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(60))
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ["SECURE_SSL_REDIRECT"] = "0"
    os.environ["CACHE_URL"] = "locmem://bench-desk"
    import django
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return name


def drop_database(name: str) -> None:
    from django.db import connections

    connections.close_all()
    admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def chinese(rng: random.Random, low: int, high: int) -> str:
    return "".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))


def body_pool(rng: random.Random, size: int = 500) -> list[str]:
    """Bodies of four paragraphs, about 1,500 characters each (reused: the text is not measured)."""
    bodies = []
    for _ in range(size):
        paragraphs = []
        for _ in range(4):
            sentences = [chinese(rng, 20, 40) for _ in range(rng.randint(9, 12))]
            paragraphs.append(f"<p>{'，'.join(sentences)}。</p>")
        bodies.append("".join(paragraphs))
    return bodies


class KeepTimes:
    """Let ``created``/``updated`` take the values given to ``bulk_create`` instead of now."""

    def __enter__(self):
        from articles.models import Article

        self.fields = [Article._meta.get_field("created"), Article._meta.get_field("updated")]
        self.saved = [(f.auto_now, f.auto_now_add) for f in self.fields]
        for model_field in self.fields:
            model_field.auto_now = model_field.auto_now_add = False
        return self

    def __exit__(self, *exc):
        for model_field, (auto_now, auto_now_add) in zip(self.fields, self.saved, strict=True):
            model_field.auto_now, model_field.auto_now_add = auto_now, auto_now_add


def make_people(units):
    """An editor and one correspondent per unit; returns (editor, correspondents by unit id)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from contributors.models import Staff, Unit
    from contributors.roles import Role

    User = get_user_model()
    office = Unit.objects.create(name="市总工会办公室", kind=Unit.Kind.DEPARTMENT, position=0)
    editor = User.objects.create_user("bench_editor", first_name="编辑", is_staff=True)
    editor.groups.add(Group.objects.get(name=Role.EDITOR.value))
    Staff.objects.create(user=editor, unit=office, title="编辑")
    unusable = make_password(None)
    people = User.objects.bulk_create(
        [
            User(username=f"corr_{unit.pk}", first_name=f"通讯员{index}", is_staff=True, password=unusable)
            for index, unit in enumerate(units)
        ]
    )
    Staff.objects.bulk_create(
        [Staff(user=user, unit=unit, title="通讯员") for user, unit in zip(people, units, strict=True)]
    )
    group = Group.objects.get(name=Role.CORRESPONDENT.value)
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=user.pk, group_id=group.pk) for user in people]
    )
    return editor, {unit.pk: user for unit, user in zip(units, people, strict=True)}


def generate(total: int, seed: int = 2026) -> dict:
    """Units, people, issues and ``total`` articles. Returns what the measurements need."""
    from django.db import connection, transaction
    from django.utils import timezone

    from articles.models import Article, ArticleAction, ArticleTransition
    from articles.search import schema
    from bulletin.models import Issue, Publication, Section
    from contributors.models import Unit

    rng = random.Random(seed)
    zone = timezone.get_default_timezone()
    S = Article.Status
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {schema.PG_INDEX}")
        cursor.execute(f"DROP INDEX IF EXISTS {schema.PG_BIGRAM_INDEX}")

    units = Unit.objects.bulk_create(
        [Unit(name=f"第{n}区总工会", kind=Unit.Kind.FEDERATION, position=10 + n) for n in range(1, UNITS + 1)]
    )
    editor, correspondents = make_people(units)
    sections = list(Section.objects.order_by("position"))
    publication = Publication.objects.default()
    first_day = datetime.date(2016, 1, 4)
    issues = []
    for index in range(ISSUES):
        day = first_day + datetime.timedelta(days=index * 3)
        issues.append(
            Issue(
                publication=publication,
                year=day.year,
                number=sum(1 for issue in issues if issue.year == day.year) + 1,
                total_number=index + 1,
                issue_date=day,
                status=Issue.Status.PUBLISHED,
                published_at=datetime.datetime.combine(day, datetime.time(9), tzinfo=zone),
            )
        )
    Issue.objects.bulk_create(issues)
    last = issues[-1].issue_date
    drafting = Issue.objects.create(
        publication=publication,
        year=last.year,
        number=issues[-1].number + 1,
        total_number=ISSUES + 1,
        issue_date=last + datetime.timedelta(days=7),
    )
    now = timezone.now()
    recent = now - datetime.timedelta(days=120)

    # The mix of states after ten years of work (the rest are published).
    quotas = {
        S.SUBMITTED: 3000,
        S.ACCEPTED: 3000 + PLACED,
        S.DRAFT: 6000,
        S.RETURNED: 3000,
        S.REJECTED: 12000,
    }
    scale = min(1.0, total / 200_000)
    states = [state for state, count in quotas.items() for _ in range(max(PLACED, int(count * scale)))]
    states += [S.PUBLISHED] * (total - len(states))
    rng.shuffle(states)
    placed_left = PLACED
    bodies = body_pool(rng)
    unit_ids = [unit.pk for unit in units]
    Through = Article.units.through
    counts = dict.fromkeys(S.values, 0)
    made = 0
    with KeepTimes():
        while made < total:
            size = min(BATCH, total - made)
            articles, first_units = [], []
            for state in states[made : made + size]:
                unit_id = rng.choice(unit_ids)
                first_units.append(unit_id)
                written = recent + datetime.timedelta(minutes=rng.randrange(120 * 24 * 60))
                article = Article(
                    title=chinese(rng, 10, 24),
                    body=rng.choice(bodies),
                    status=state,
                    author=correspondents[unit_id],
                    search_units=units[unit_ids.index(unit_id)].name,
                    created=written,
                    updated=written,
                )
                if state == S.PUBLISHED:
                    issue = rng.choice(issues)
                    article.issue = issue
                    article.section = rng.choice(sections)
                    article.position = rng.randint(1, 20)
                    article.published_at = issue.published_at
                    article.submitted_at = issue.published_at - datetime.timedelta(days=rng.randint(3, 20))
                    article.accepted_at = issue.published_at - datetime.timedelta(days=rng.randint(1, 2))
                    article.created = article.updated = article.submitted_at
                elif state in (S.SUBMITTED, S.ACCEPTED, S.REJECTED):
                    article.submitted_at = written + datetime.timedelta(hours=rng.randint(1, 48))
                    article.updated = article.submitted_at
                    if state == S.ACCEPTED:
                        article.accepted_at = article.submitted_at + datetime.timedelta(
                            hours=rng.randint(1, 72)
                        )
                        article.updated = article.accepted_at
                        if placed_left:
                            article.issue = drafting
                            article.section = sections[placed_left % len(sections)]
                            article.position = placed_left
                            placed_left -= 1
                counts[state] += 1
                articles.append(article)
            with transaction.atomic():
                Article.objects.bulk_create(articles)
                links = [
                    Through(article_id=a.pk, unit_id=u) for a, u in zip(articles, first_units, strict=True)
                ]
                links += [
                    Through(article_id=a.pk, unit_id=rng.choice([i for i in unit_ids if i != u]))
                    for a, u in zip(articles, first_units, strict=True)
                    if rng.random() < 0.1
                ]
                Through.objects.bulk_create(links)
                log = [
                    ArticleTransition(
                        article_id=a.pk,
                        action=ArticleAction.RETURN if a.status == S.RETURNED else ArticleAction.REJECT,
                        from_status=S.SUBMITTED,
                        to_status=a.status,
                        actor=editor,
                        note="请补充具体数据和职工的原话。",
                        created=a.updated,
                    )
                    for a in articles
                    if a.status in (S.RETURNED, S.REJECTED)
                ]
                ArticleTransition.objects.bulk_create(log)
            made += size
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        # Write the load out now, so that the checkpointer does not compete with the measurements.
        cursor.execute("CHECKPOINT")
    unit = units[0]
    return {
        "counts": counts,
        "editor": editor,
        "correspondent": correspondents[unit.pk],
        "unit": unit,
        "drafting": drafting,
    }


def padded(text: str, width: int) -> str:
    """Left-aligned in ``width`` terminal columns, counting a Chinese character as two."""
    import unicodedata

    used = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
    return text + " " * max(0, width - used)


def generated() -> dict:
    """What ``generate`` returned, read back from a database it filled (``--database``)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from articles.models import Article
    from bulletin.models import Issue
    from contributors.models import Staff

    rows = Article.objects.values_list("status").annotate(n=Count("pk")).order_by()
    return {
        "counts": dict(rows),
        "editor": get_user_model().objects.get(username="bench_editor"),
        "correspondent": Staff.objects.select_related("user").get(unit__name="第1区总工会").user,
        "drafting": Issue.objects.get(status=Issue.Status.DRAFTING),
    }


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(client, paths: list[str], runs: int) -> dict:
    """Warm up on each path, then ``runs`` timed requests spread over the paths in turn."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for path in paths[:WARM_UP] + paths[:1] * max(0, WARM_UP - len(paths)):
        client.get(path)
    times, sql, queries, statuses = [], [], set(), set()
    for index in range(runs):
        path = paths[index % len(paths)]
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - began) * 1000)
        sql.append(sum(float(query["time"]) for query in captured.captured_queries) * 1000)
        queries.add(len(captured))
        statuses.add(response.status_code)
    return {
        "median": statistics.median(times),
        "p95": percentile(times, 0.95),
        "sql": statistics.median(sql),
        "queries": queries,
        "statuses": statuses,
    }


def pages(data: dict) -> list[tuple[str, str, list[str]]]:
    """(label, who, paths) for every measured variant."""
    from django.urls import reverse

    from articles.models import Article
    from desk.views.compose import WAITING_SIZE
    from desk.views.correspondent import PER_PAGE, _articles
    from desk.views.editor import PAGE_SIZE

    S = Article.Status
    rng = random.Random(7)
    queue = reverse("desk:review_queue")
    submitted = Article.objects.filter(status=S.SUBMITTED).count()
    last = -(-submitted // PAGE_SIZE)
    mine = _articles(data["correspondent"]).count()
    returned = _articles(data["correspondent"]).filter(status=S.RETURNED).count()
    waiting = Article.objects.filter(status=S.ACCEPTED, issue__isnull=True).count()
    mine_url = reverse("desk:my_articles")
    compose = reverse("desk:compose", args=[data["drafting"].pk])

    def sample(status: str, count: int = 10) -> list[str]:
        ids = list(Article.objects.filter(status=status).values_list("pk", flat=True))
        return [reverse("desk:review", args=[pk]) for pk in rng.sample(ids, min(count, len(ids)))]

    return [
        ("queue, page 1", "editor", [queue]),
        (
            f"queue, page {submitted // PAGE_SIZE // 2}",
            "editor",
            [f"{queue}?page={submitted // PAGE_SIZE // 2}"],
        ),
        (f"queue, last page ({last})", "editor", [f"{queue}?page={last}"]),
        ("我的稿件, page 1", "correspondent", [mine_url]),
        (
            f"我的稿件, page {mine // PER_PAGE // 2}",
            "correspondent",
            [f"{mine_url}?page={mine // PER_PAGE // 2}"],
        ),
        (f"我的稿件, returned ({returned})", "correspondent", [f"{mine_url}?status=returned"]),
        ("review, 10 submitted articles", "editor", sample(S.SUBMITTED)),
        ("review, 10 published articles", "editor", sample(S.PUBLISHED)),
        ("review, 10 returned articles", "editor", sample(S.RETURNED)),
        ("compose, waiting page 1", "editor", [compose]),
        (
            f"compose, waiting page {waiting // WAITING_SIZE // 2}",
            "editor",
            [f"{compose}?waiting={waiting // WAITING_SIZE // 2}"],
        ),
    ]


def run(args) -> int:
    from django.db import connection
    from django.test import Client

    print(f"database: PostgreSQL ({connection.settings_dict['NAME']})")
    began = time.perf_counter()
    data = generated() if args.database else generate(args.articles)
    listed = ", ".join(f"{state} {count:,}" for state, count in data["counts"].items())
    print(
        f"generated {sum(data['counts'].values()):,} articles ({listed}) in {UNITS} units, "
        f"{ISSUES} published issues and one in drafting with {PLACED} placed"
        + (
            " (read back, not generated)"
            if args.database
            else f" in {time.perf_counter() - began:.1f} s (including VACUUM ANALYZE and CHECKPOINT)"
        )
    )
    gc.collect()
    # Anything else running on the machine shows up directly in these figures: say how busy it was.
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"load average before measuring: {load} ({os.cpu_count()} CPUs)")
    clients = {}
    for who in ("editor", "correspondent"):
        clients[who] = Client(HTTP_HOST="127.0.0.1")
        clients[who].force_login(data[who])
    print(f"\n  {'page':<34} {'median':>8} {'p95':>8} {'of it SQL':>10}  {'status':<7} queries")
    failed = []
    for label, who, paths in pages(data):
        figures = measure(clients[who], paths, args.runs)
        statuses = "/".join(str(status) for status in sorted(figures["statuses"]))
        queries = "/".join(str(count) for count in sorted(figures["queries"]))
        verdict = ""
        if figures["median"] >= TARGET_MS:
            verdict = f"  over {TARGET_MS} ms"
        if figures["statuses"] != {200}:
            verdict += "  not 200"
        if verdict:
            failed.append(label)
        print(
            f"  {padded(label, 34)} {figures['median']:6.1f} ms {figures['p95']:6.1f} ms {figures['sql']:7.1f} ms  {statuses:<7} "
            f"{queries}{verdict}"
        )
    print(
        f"\n{args.runs} timed requests per row after {WARM_UP} warm-up ones; goal: median < {TARGET_MS} ms "
        f"and status 200 — {'NOT MET: ' + ', '.join(failed) if failed else 'met'}"
    )
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="keep the database for a closer look")
    parser.add_argument(
        "--database", help="measure again on a database kept by an earlier --keep run (no generation)"
    )
    args = parser.parse_args()
    if not postgres_answers():
        print(f"note: no PostgreSQL on {PG_HOST}:{PG_PORT}; the desk benchmark needs it, skipped")
        return 0
    if args.database and not args.database.startswith("bench_desk_"):
        parser.error("--database takes a database made by this benchmark (bench_desk_<pid>)")
    started = time.perf_counter()
    database = setup_database(args.database)
    try:
        return run(args)
    finally:
        if args.keep or args.database:
            print(f"kept the database {database}; drop it with: dropdb -h {PG_HOST} -U postgres {database}")
        else:
            drop_database(database)
        print(f"total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    sys.exit(main())
