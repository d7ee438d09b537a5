"""Benchmark: article search over 200,000 generated articles, on PostgreSQL and on SQLite.

Prints p50/p95 (ms) of a whole results page (match, rank, count, 20 rows, snippets) for queries of
2, 3 and 4+ characters, as an anonymous reader. Goals (issue 10): p95 < 50 ms on PostgreSQL and
< 100 ms on SQLite for 3+ characters. 2-character queries: on PostgreSQL answered by the bigram index
over the whole archive; on SQLite a bounded scan of the newest ids (SEARCH_SCAN_ROWS); reported as they
are. Index time on PostgreSQL includes both GIN indexes (trigram and bigram).

Runs standalone (`make bench`): SQLite in a temporary file; PostgreSQL in a database of its own,
``bench_search_<pid>`` on 127.0.0.1:5432 (created and dropped), skipped when nothing answers there.
Each backend runs in a child process (one Django set-up per database); both load at once, then
time their queries one after the other.

    python bench/search.py [--articles 200000] [--backend sqlite|postgresql]
"""

import argparse
import fcntl
import io
import itertools
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ARTICLES = 200_000
PG_HOST, PG_PORT = "127.0.0.1", 5432
ROUNDS = 3
SEED = 20121

# --- A vocabulary of union work, for text that reads like a bulletin ---------------------------------

PLACES = ["张家港", "常熟", "太仓", "昆山", "吴江", "吴中", "相城", "姑苏", "工业园区", "高新区"]
TOWNS = [
    "城厢",
    "浮桥",
    "沙溪",
    "璜泾",
    "双凤",
    "锦丰",
    "乐余",
    "凤凰",
    "塘桥",
    "金港",
    "周市",
    "陆家",
    "千灯",
    "淀山湖",
    "锦溪",
    "震泽",
    "盛泽",
    "平望",
    "黎里",
    "木渎",
    "甪直",
    "胥口",
    "东山",
    "渭塘",
]
DEPARTMENTS = [
    "办公室",
    "组织部",
    "宣教部",
    "生产部",
    "民管部",
    "保障部",
    "女工部",
    "财务部",
    "经审办",
    "法律部",
]
INDUSTRIES = ["教育", "卫生", "建设", "交通", "机械冶金", "纺织", "电子信息", "商贸", "邮政", "金融"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "建国华明伟芳娟敏静丽强磊军洋勇艳杰娜涛超秀英霞平刚桂兰志红玉萍文辉春梅海燕晓东雪琴小林永祥荣新宏峰波斌德凤云飞鹏浩宇佳颖晨雨"
TOPICS = [  # most frequent first (Zipf weights)
    "劳动竞赛",
    "职工",
    "工会组织",
    "安全生产",
    "技能培训",
    "困难职工帮扶",
    "工资集体协商",
    "劳模",
    "职工文化",
    "和谐劳动关系",
    "民主管理",
    "厂务公开",
    "职代会",
    "送温暖",
    "技能比武",
    "职工书屋",
    "女职工权益保护",
    "农民工入会",
    "法律援助",
    "金秋助学",
    "职工疗休养",
    "安康杯竞赛",
    "会员实名制",
    "职工之家",
    "劳模工作室",
    "职工创新工作室",
    "心理健康",
    "就业援助",
    "五一劳动奖章",
    "工人先锋号",
    "集体合同",
    "工资支付保障",
    "一线职工",
    "高温慰问",
    "职工互助保障",
    "劳动争议调解",
    "经审工作",
    "网上工会",
    "普惠服务",
    "户外劳动者驿站",
    "产业工人队伍建设",
    "技能人才",
    "青年职工",
    "新就业形态劳动者",
    "快递员",
    "外卖骑手",
    "网约车司机",
    "货车司机",
    "工会经费",
    "规范化建设",
    "工资收入监测",
    "劳模精神",
    "工匠精神",
    "先进集体",
    "职工读书站",
    "帮扶中心",
    "爱心驿站",
    "退休职工",
    "职业病防治",
    "劳动保护",
    "环卫工人",
    "建筑工人",
]
VERBS = [
    "开展",
    "组织",
    "举办",
    "召开",
    "推进",
    "深化",
    "启动",
    "完善",
    "加强",
    "落实",
    "表彰",
    "慰问",
    "走访",
    "部署",
    "总结",
    "部署推进",
    "扎实开展",
    "积极推进",
    "认真组织",
    "广泛开展",
]
OPENERS = [
    "近日",
    "日前",
    "今年以来",
    "上半年",
    "年初",
    "为进一步做好相关工作",
    "按照市总工会部署",
    "围绕全年目标任务",
    "根据年度工作计划",
]
TAILS = [
    "取得明显成效",
    "受到职工普遍欢迎",
    "营造了良好氛围",
    "进一步增强了工会组织的凝聚力",
    "为推动经济社会发展作出了积极贡献",
    "有效维护了职工合法权益",
    "得到了上级工会的充分肯定",
]
NOUNS = [
    "工作会议",
    "活动",
    "推进会",
    "座谈会",
    "培训班",
    "现场会",
    "专题调研",
    "表彰大会",
    "服务月",
    "主题活动",
]

# Queries: what editors look for. Frequent and rare words, names, places; some find nothing.
QUERIES = {
    "2 chars": [
        "劳模",
        "监测",
        "工会",
        "职工",
        "骑手",
        "驿站",
        "书屋",
        "经审",
        "助学",
        "调解",
        "沙溪",
        "锦溪",
        "祥华",
        "环卫",
        "量子",
        "疗休",
        "司机",
        "工匠",
        "竞赛",
        "慰问",
    ],
    "3 chars": [
        "张家港",
        "农民工",
        "职代会",
        "安康杯",
        "快递员",
        "总工会",
        "工作室",
        "送温暖",
        "淀山湖",
        "金秋助",
        "疗休养",
        "帮扶中",
        "驿站建",
        "量子计",
        "顾建平",
        "沈永祥",
        "技能比",
        "劳模精",
        "读书站",
        "环卫工",
    ],
    "4+ chars": [
        "工资集体协商",
        "劳动竞赛",
        "职工书屋",
        "技能比武",
        "劳模工作室",
        "户外劳动者驿站",
        "劳模 张家港",
        "安全生产 培训班",
        "量子计算机",
        "工资收入监测",
        "女职工权益保护",
        '"送温暖"',
        "五一劳动奖章 昆山",
        "新就业形态劳动者",
        "职业病防治",
        "外卖骑手 驿站",
        "太仓市总工会",
        "困难职工帮扶 表彰",
        "集体合同 吴江",
        "职工创新工作室",
    ],
}


def zipf_weights(count: int) -> list[float]:
    return [1 / (rank + 1) for rank in range(count)]


class Corpus:
    """Deterministic generated articles. Sentences are drawn from a pool (as bulletins reuse their
    phrases) so that 200,000 articles take seconds, not minutes; topics follow a Zipf law."""

    POOL = 60_000

    def __init__(self, seed: int = SEED):
        self.random = random.Random(seed)
        r = self.random
        self.topic_cumulative = list(itertools.accumulate(zipf_weights(len(TOPICS))))
        self.people = [
            r.choice(SURNAMES) + "".join(r.choices(GIVEN, k=r.choice((1, 2)))) for _ in range(3000)
        ]
        self.people += ["顾建平", "沈永祥"]  # rare names, searched below
        subjects = ["各级工会", "该会", "基层工会", "市总工会", "各区总工会", "企业工会"]
        self.pool = [self.sentence(r.choice(subjects)) for _ in range(self.POOL)]

    def topic(self) -> str:
        return self.random.choices(TOPICS, cum_weights=self.topic_cumulative)[0]

    def sentence(self, unit: str) -> str:
        r = self.random
        kind = r.random()
        if kind < 0.35:
            return f"{r.choice(OPENERS)}，{unit}{r.choice(VERBS)}{self.topic()}{r.choice(NOUNS)}，{r.choice(TAILS)}。"
        if kind < 0.55:
            return f"{r.randint(1, 12)}月{r.randint(1, 28)}日，{unit}主席{r.choice(self.people)}带队{r.choice(VERBS)}{self.topic()}工作。"
        if kind < 0.75:
            return (
                f"活动共覆盖企业{r.randint(5, 900)}家，参与职工{r.randint(100, 90000)}人次，"
                f"发放{self.topic()}资金{r.randint(1, 500)}万元。"
            )
        if kind < 0.9:
            return f"会上，{r.choice(self.people)}就{self.topic()}和{self.topic()}作了交流发言，{r.choice(TAILS)}。"
        return f"下一步，{unit}将继续{r.choice(VERBS)}{self.topic()}，{r.choice(VERBS)}{self.topic()}，{r.choice(TAILS)}。"

    def article(self, units: list[str]) -> tuple[str, list[str], int]:
        """(title, paragraphs, unit index): ~25% briefs of 2–4 sentences, the rest 6–22."""
        r = self.random
        index = r.randrange(len(units))
        unit = units[index]
        title = f"{unit}{r.choice(VERBS)}{self.topic()}{r.choice(NOUNS)}"
        brief = r.random() < 0.25
        sentences = [
            self.sentence(unit),
            *r.choices(self.pool, k=r.randint(1, 3) if brief else r.randint(5, 21)),
        ]
        size = len(sentences) if brief else r.randint(2, 5)
        paragraphs = ["".join(sentences[start : start + size]) for start in range(0, len(sentences), size)]
        return title, paragraphs, index


def unit_names() -> list[tuple[str, str | None]]:
    """(name, parent name) in an order where parents come first."""
    units = [("苏州市总工会", None)]
    units += [(f"市总{name}", "苏州市总工会") for name in DEPARTMENTS]
    units += [
        (f"{place}{'区' if place in ('吴江', '吴中', '相城', '姑苏') else '市'}总工会", "苏州市总工会")
        for place in PLACES
    ]
    federations = [name for name, _parent in units[1 + len(DEPARTMENTS) :]]
    for index, town in enumerate(TOWNS):
        units.append((f"{town}镇总工会", federations[index % len(federations)]))
    units += [(f"市{industry}工会", "苏州市总工会") for industry in INDUSTRIES]
    return units


# --- The child: one backend ----------------------------------------------------------------------------


def child(backend: str, count: int, database_url: str) -> dict:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    import datetime

    from django.contrib.auth.models import AnonymousUser
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from articles.models import Article
    from articles.search import fold, schema, search_page, search_text
    from articles.text import word_count
    from bulletin.models import Issue, Publication, Section
    from bulletin.selectors import articles_visible_to
    from contributors.models import Unit

    figures = {"backend": backend, "articles": count}
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    figures["migrate_s"] = round(time.perf_counter() - started, 1)

    units = {}
    for name, parent in unit_names():
        units[name] = Unit.objects.create(name=name, parent=units.get(parent), kind=Unit.Kind.FEDERATION)
    names = list(units)
    unit_ids = [units[name].pk for name in names]
    sections = list(Section.objects.order_by("position"))
    publication = Publication.objects.default()

    per_issue = 15
    issues = []
    for index in range(count // per_issue + 1):
        year = 2000 + index * 26 // (count // per_issue + 1)
        day = datetime.date(year, 1, 1) + datetime.timedelta(days=index % 360)
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
        issues.append(
            Issue(
                publication=publication,
                year=year,
                number=index + 1,
                issue_date=day,
                status=Issue.Status.PUBLISHED,
                published_at=moment,
                visibility="internal" if index % 10 == 0 else "public",
            )
        )
    Issue.objects.bulk_create(issues, batch_size=2000)

    # Rows go in by COPY (PostgreSQL) or executemany (SQLite), with the search text made here as
    # search_text() makes it (checked on a sample below): the ORM would take minutes for 200,000.
    corpus = Corpus()
    if backend == "sqlite":
        schema.uninstall(connection)  # load first, index once at the end
    else:
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX IF EXISTS articles_article_search_trgm")
            cursor.execute("DROP INDEX IF EXISTS articles_article_search_bigram")
    adapt = connection.ops.adapt_datetimefield_value
    created = adapt(timezone.now())
    columns = [
        "id",
        "title",
        "body",
        "byline",
        "search_units",
        "search_text",
        "status",
        "issue_id",
        "section_id",
        "position",
        "version",
        "published_at",
        "accepted_at",
        "created",
        "updated",
        "word_count",
    ]
    checked, rows, links = [], [], []
    for index in range(count):
        title, paragraphs, unit_index = corpus.article(names)
        issue = issues[index // per_issue]
        body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
        byline = names[unit_index]
        unit_text = names[unit_index]  # the unit's name (the generated units have no short name)
        text = fold("\n".join((title, byline, unit_text, *paragraphs)))
        published = index % 20 != 0
        when = adapt(issue.published_at) if published else None
        rows.append(
            (
                index + 1,
                title,
                body,
                byline,
                unit_text,
                text,
                "published" if published else "draft",
                issue.pk if published else None,
                sections[index % len(sections)].pk if published else None,
                index % per_issue,
                1,
                when,
                when,
                created,
                created,
                word_count(body),
            )
        )
        links.append((index + 1, unit_ids[unit_index]))
        if index % 997 == 0:
            checked.append((title, byline, unit_text, body, text))
    insert_rows(connection, "articles_article", columns, rows)
    insert_rows(connection, Article.units.through._meta.db_table, ["article_id", "unit_id"], links)
    if backend == "postgresql":
        with connection.cursor() as cursor:
            for table in ("articles_article", Article.units.through._meta.db_table):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"  # noqa: S608
                )
    assert all(search_text(title=t, byline=b, units=u, body=body) == text for t, b, u, body, text in checked)
    loaded = time.perf_counter()
    schema.install(connection)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    indexed = time.perf_counter()
    figures["load_s"] = round(loaded - started, 1)
    figures["index_s"] = round(indexed - loaded, 1)
    if os.environ.get("BENCH_LOAD_ONLY"):
        return figures

    articles = articles_visible_to(AnonymousUser())
    # Databases load side by side; queries are timed one backend at a time (the lock).
    lock = open(os.environ["BENCH_LOCK"], "w") if os.environ.get("BENCH_LOCK") else None  # noqa: SIM115
    if lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
    timings, hits = {}, {}
    for label, queries in QUERIES.items():
        for query in queries:  # warm-up
            results = search_page(articles, query)
            hits[query] = f"{results.total}{'' if results.total_exact else '+'}"
        samples = {query: [] for query in queries}
        for _round in range(ROUNDS):
            for query in queries:
                begin = time.perf_counter()
                results = search_page(articles, query)
                str(results.hits[0].snippet) if results.hits else None
                samples[query].append((time.perf_counter() - begin) * 1000)
        timings[label] = samples
    figures["timings"] = timings
    figures["hits"] = hits
    figures["query_s"] = round(time.perf_counter() - indexed, 1)
    if lock:
        lock.close()
    return figures


def insert_rows(connection, table: str, columns: list[str], rows: list[tuple], batch: int = 20_000) -> None:
    names = ", ".join(columns)
    if connection.vendor == "postgresql":

        def field(value):
            if value is None:
                return "\\N"
            return (
                str(value)
                .replace("\\", "\\\\")
                .replace("\t", "\\t")
                .replace("\n", "\\n")
                .replace("\r", "\\r")
            )

        with connection.cursor() as cursor:
            for start in range(0, len(rows), batch):
                buffer = io.StringIO(
                    "".join(
                        "\t".join(field(value) for value in row) + "\n" for row in rows[start : start + batch]
                    )
                )
                cursor.cursor.copy_expert(f"COPY {table} ({names}) FROM STDIN", buffer)
    else:
        from django.db import transaction

        marks = ", ".join("?" * len(columns))
        # One transaction, not one per row.
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608


# --- The parent -------------------------------------------------------------------------------------------


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def postgres_up() -> bool:
    try:
        socket.create_connection((PG_HOST, PG_PORT), 2).close()
        return True
    except OSError:
        return False


def start_child(backend: str, count: int, url: str, lock: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, __file__, "--child", backend, "--articles", str(count), "--url", url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "BENCH_LOCK": lock},
    )


def finish_child(backend: str, process: subprocess.Popen) -> dict:
    out, err = process.communicate()
    if process.returncode != 0:
        sys.stderr.write(err)
        raise SystemExit(f"{backend} benchmark failed")
    return json.loads(out.strip().splitlines()[-1])


def report(figures: dict) -> None:
    goal = {"postgresql": 50, "sqlite": 100}[figures["backend"]]
    print(
        f"\n{figures['backend']}: {figures['articles']:,} articles; load {figures['load_s']} s, "
        f"index {figures['index_s']} s, queries {figures['query_s']} s"
    )
    print(f"  {'query':<9} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  goal (3+ chars): p95 < {goal} ms")
    for label, per_query in figures["timings"].items():
        samples = [sample for values in per_query.values() for sample in values]
        p95 = percentile(samples, 0.95)
        verdict = "" if label == "2 chars" else ("  met" if p95 < goal else "  NOT MET")
        print(f"  {label:<9} {statistics.median(samples):8.1f} {p95:8.1f} {max(samples):8.1f}{verdict}")
    for label, per_query in figures["timings"].items():
        slowest = sorted(per_query.items(), key=lambda item: -statistics.median(item[1]))[:4]
        listed = ", ".join(f"{query} {statistics.median(values):.0f} ms" for query, values in slowest)
        print(f"  slowest {label}: {listed}")
    counts = ", ".join(f"{query}={total}" for query, total in figures["hits"].items())
    print(f"  results per query ('+': more, the newest ranked): {counts}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=ARTICLES)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"])
    parser.add_argument("--child")
    parser.add_argument("--url")
    options = parser.parse_args()
    if options.child:
        print(json.dumps(child(options.child, options.articles, options.url)))
        return 0

    backends = [options.backend] if options.backend else ["postgresql", "sqlite"]
    print(
        f"Search benchmark: {options.articles:,} generated articles, {ROUNDS} rounds of "
        f"{sum(len(q) for q in QUERIES.values())} queries per backend"
    )
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as workdir:
        lock = str(Path(workdir) / "measure.lock")
        children, pg_name, admin = {}, None, None
        if "postgresql" in backends:
            if not postgres_up():
                print(f"\npostgresql: nothing answers on {PG_HOST}:{PG_PORT}; skipped")
            else:
                import psycopg2

                pg_name = f"bench_search_{os.getpid()}"
                admin = psycopg2.connect(host=PG_HOST, port=PG_PORT, user="postgres", dbname="postgres")
                admin.autocommit = True
                with admin.cursor() as cursor:
                    cursor.execute(
                        f"CREATE DATABASE {pg_name} ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' "
                        "LC_CTYPE 'C.UTF-8' TEMPLATE template0"
                    )
                url = f"postgres://postgres@{PG_HOST}:{PG_PORT}/{pg_name}"
                children["postgresql"] = start_child("postgresql", options.articles, url, lock)
        if "sqlite" in backends:
            url = f"sqlite:///{workdir}/bench.sqlite3"
            children["sqlite"] = start_child("sqlite", options.articles, url, lock)
        try:
            for backend, process in children.items():
                report(finish_child(backend, process))
        finally:
            for process in children.values():
                if process.poll() is None:
                    process.kill()
            if admin is not None:
                with admin.cursor() as cursor:
                    cursor.execute(f"DROP DATABASE IF EXISTS {pg_name} WITH (FORCE)")
                admin.close()
    print(f"\nTotal {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
