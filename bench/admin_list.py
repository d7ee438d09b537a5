"""Benchmark: the admin's article list (/admin/articles/article/, ArticleAdmin's changelist) with
200,000 articles on PostgreSQL, as a superuser sees it.

Target (issue 22): median under 150 ms for the first page, with its default sort (newest first)
read from an index and the rows counted once.

Runs standalone (`make bench`). It needs PostgreSQL on 127.0.0.1:5432: it creates its own database
(``bench_admin_<pid>``, or ``--name``), migrates it, fills it with the data of ``bench/desk.py``
(100 units, 1,000 issues, 200,000 articles in every state; see there) and drops it afterwards.
DEBUG is off, as in production. (Search is measured by bench/search.py: the data of
bench/desk.py comes without the search indexes.) Each list is requested with Django's test client: a few warm-up
requests, then timed ones; it prints the median and p95 in ms, the SQL time within them, the status
and the queries per request. The exit code is 1 when the first page's median is over the target
or a response is not 200.

    python bench/admin_list.py [--articles 200000] [--runs 30] [--keep] [--name bench_admin_x]
                               [--database bench_admin_<pid>]
"""

import argparse
import gc
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.desk import (  # noqa: E402  (the path above first)
    PG_HOST,
    PG_PORT,
    WARM_UP,
    admin_sql,
    drop_database,
    generate,
    measure,
    padded,
    postgres_answers,
    setup_database,
)

TARGET_MS = 150


def lists() -> list[tuple[str, list[str], bool]]:
    """(label, paths, held to the target) for every measured list."""
    from django.urls import reverse

    url = reverse("admin:articles_article_changelist")
    return [
        ("first page (newest first)", [url], True),
        ("page 50", [f"{url}?p=49"], False),
        ("status: submitted", [f"{url}?status__exact=submitted"], False),
    ]


def run(args) -> int:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    print(f"database: PostgreSQL ({connection.settings_dict['NAME']})")
    began = time.perf_counter()
    if not args.database:
        data = generate(args.articles)
        total = sum(data["counts"].values())
        print(f"generated {total:,} articles in {time.perf_counter() - began:.1f} s")
    admin = get_user_model().objects.create_superuser(f"bench_admin_{os.getpid()}", password=None)
    gc.collect()
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"load average before measuring: {load} ({os.cpu_count()} CPUs)")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(admin)
    print(f"\n  {'list':<28} {'median':>8} {'p95':>8} {'of it SQL':>10}  {'status':<7} queries")
    failed = []
    for label, paths, held in lists():
        figures = measure(client, paths, args.runs)
        statuses = "/".join(str(status) for status in sorted(figures["statuses"]))
        queries = "/".join(str(count) for count in sorted(figures["queries"]))
        verdict = ""
        if held and figures["median"] >= TARGET_MS:
            verdict = f"  over {TARGET_MS} ms"
        if figures["statuses"] != {200}:
            verdict += "  not 200"
        if verdict:
            failed.append(label)
        print(
            f"  {padded(label, 28)} {figures['median']:6.1f} ms {figures['p95']:6.1f} ms "
            f"{figures['sql']:7.1f} ms  {statuses:<7} {queries}{verdict}"
        )
    admin.delete()
    print(
        f"\n{args.runs} timed requests per row after {WARM_UP} warm-up ones; goal: first page median "
        f"< {TARGET_MS} ms, every status 200 — {'NOT MET: ' + ', '.join(failed) if failed else 'met'}"
    )
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="keep the database for a closer look")
    parser.add_argument("--name", help="the name of the database to make (default bench_admin_<pid>)")
    parser.add_argument(
        "--database", help="measure again on a database kept by an earlier --keep run (migrated first)"
    )
    args = parser.parse_args()
    if not postgres_answers():
        print(f"note: no PostgreSQL on {PG_HOST}:{PG_PORT}; the admin list benchmark needs it, skipped")
        return 0
    started = time.perf_counter()
    name = args.database or args.name or f"bench_admin_{os.getpid()}"
    if not args.database:
        admin_sql(
            f'DROP DATABASE IF EXISTS "{name}"',
            f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0",
        )
    database = setup_database(name)
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
