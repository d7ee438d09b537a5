"""Benchmark: publish an issue to 500 recipients through ``bulletin.services.issue_publish``.

Target (issue 8): the publish call returns in < 2 s. Runs standalone (`make bench`): each scenario runs in
a child process with its own temporary SQLite database and the locmem mail backend.

- queued: a task backend that queues (``DummyBackend``, standing in for the ``django-tasks-db`` worker):
  the publish call only creates the 500 deliveries and queues the batches; then the queued batches are
  run as a worker would, which renders and "sends" the 500 e-mails.
- immediate: the default ``ImmediateBackend``: the e-mails are rendered and sent inside the publish call.

    python bench/distribution.py
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RECIPIENTS = 500
ARTICLES = 12
RUNS = 3
TARGET_SECONDS = 2.0
BACKENDS = {
    "queued": "django.tasks.backends.dummy.DummyBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
}


def setup(workdir: Path, backend: str):
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["EMAIL_URL"] = "locmem://"
    os.environ["TASKS_BACKEND"] = BACKENDS[backend]
    os.environ["CACHE_URL"] = "locmem://bench"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["LOG_LEVEL"] = "WARNING"
    import django

    django.setup()


def build():
    """Recipients in four groups (some people in two of them: 540 memberships, 500 people), a signer,
    a unit, sections."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from contributors.models import Unit
    from distribution.models import Recipient, RecipientGroup

    call_command("migrate", verbosity=0)
    User = get_user_model()
    signer = User.objects.create(username="bench-signer", first_name="周国华", email="signer@example.org")
    signer.groups.add(Group.objects.get(name="signer"))
    unit = Unit.objects.create(name="基准测试区总工会", kind="federation")
    groups = [
        RecipientGroup.objects.create(name=name, kind=kind, position=position)
        for position, (name, kind) in enumerate(
            [
                ("市四套班子有关领导", "distribute"),
                ("各市（县）、区、局（公司）工会", "distribute"),
                ("市各有关部门", "distribute"),
                ("市总各部室", "copy"),
            ]
        )
    ]
    readers = User.objects.bulk_create(
        [
            User(username=f"reader{i}", first_name=f"读者{i}", email=f"reader{i}@example.org")
            for i in range(100)
        ]
    )
    members = []
    for index in range(RECIPIENTS):
        group = groups[index % len(groups)]
        if index < 100:
            members.append(Recipient(group=group, user=readers[index], title="副主任"))
        else:
            members.append(Recipient(group=group, name=f"接收人{index}", email=f"person{index}@example.org"))
    # 40 people are in a second group too, under another case of their address: still one e-mail each.
    for index in range(100, 140):
        members.append(
            Recipient(
                group=groups[(index + 1) % len(groups)], email=f"PERSON{index}@example.org", name="重复"
            )
        )
    Recipient.objects.bulk_create(members)
    return signer, unit, groups


def signed_issue(number: int, unit, groups):
    from django.utils import timezone

    from articles.models import Article
    from bulletin.models import Issue, Publication, Section
    from distribution.models import IssueLine

    issue = Issue.objects.create(
        publication=Publication.objects.default(),
        year=2026,
        number=number,
        issue_date=timezone.localdate(),
        status=Issue.Status.SIGNED,
        visibility="internal",
    )
    sections = list(Section.objects.order_by("position"))
    for index in range(ARTICLES):
        article = Article.objects.create(
            title=f"第{index + 1}篇：各级工会扎实推进职工服务阵地建设",
            body="<p>" + "各级工会围绕中心工作，组织职工开展劳动竞赛和技术创新活动。" * 5 + "</p>",
            byline=unit.name,
            status=Article.Status.ACCEPTED,
            accepted_at=timezone.now(),
            issue=issue,
            section=sections[index % len(sections)],
            position=index // len(sections) + 1,
        )
        article.units.set([unit])
    for kind in ("distribute", "copy"):
        line = IssueLine.objects.create(issue=issue, kind=kind)
        line.groups.set([group for group in groups if group.kind == kind])
    return issue


def run_tasks_like_a_worker(backend) -> int:
    """Run what the queueing backend holds (send batches), as the worker process would."""
    ran = 0
    while backend.results:
        result = backend.results.pop(0)
        result.task.call(*result.args, **result.kwargs)
        ran += 1
    return ran


def scenario(backend_name: str) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-distribution-") as tmp:
        setup(Path(tmp), backend_name)
        from django.core import mail
        from django.tasks import task_backends

        from bulletin.services import issue_publish
        from distribution.models import Delivery, DeliveryStatus

        signer, unit, groups = build()
        backend = task_backends["default"]
        publish_times, send_times, counts = [], [], []
        for run in range(RUNS):
            issue = signed_issue(run + 1, unit, groups)
            mail.outbox = []
            started = time.perf_counter()
            issue_publish(issue=issue, actor=signer)
            publish_times.append(time.perf_counter() - started)
            if backend_name == "queued":
                started = time.perf_counter()
                run_tasks_like_a_worker(backend)
                send_times.append(time.perf_counter() - started)
            sent = Delivery.objects.filter(issue=issue, status=DeliveryStatus.SENT).count()
            mails = [m for m in mail.outbox if "/r/" in m.body]
            assert sent == RECIPIENTS == len(mails) == len({m.to[0].lower() for m in mails}), (
                sent,
                len(mails),
            )
            counts.append(sent)
        return {"publish": publish_times, "send": send_times, "sent": counts}


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--scenario":
        print(json.dumps(scenario(sys.argv[2])))
        return 0
    print(
        f"Publishing an internal issue of {ARTICLES} articles to {RECIPIENTS} people "
        f"(540 group memberships), SQLite, locmem mail, {RUNS} runs each"
    )
    figures = {}
    for name in BACKENDS:
        output = subprocess.run(
            [sys.executable, __file__, "--scenario", name],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        ).stdout
        figures[name] = json.loads(output.strip().splitlines()[-1])

    def show(label, values):
        print(
            f"  {label:<58} median {statistics.median(values):6.3f} s   runs "
            + " ".join(f"{v:.3f}" for v in values)
        )

    queued, immediate = figures["queued"], figures["immediate"]
    print("queued task backend (as with the django-tasks-db worker):")
    show("publish call returns (deliveries created, mail queued)", queued["publish"])
    show(f"worker renders and sends {RECIPIENTS} e-mails", queued["send"])
    print("immediate task backend (the default; mail sent inside the call):")
    show(f"publish call returns (incl. {RECIPIENTS} e-mails rendered, sent)", immediate["publish"])
    worst = max(queued["publish"])
    verdict = "OK" if worst < TARGET_SECONDS else "TOO SLOW"
    print(
        f"target: publish call < {TARGET_SECONDS:.0f} s with a queueing backend: worst {worst:.3f} s -> {verdict}"
    )
    worst_immediate = max(immediate["publish"])
    note = "within" if worst_immediate < TARGET_SECONDS else "over"
    print(
        f"        immediate backend (mail rendered and sent inline): worst {worst_immediate:.3f} s, "
        f"{note} the {TARGET_SECONDS:.0f} s target"
    )
    return 0 if worst < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
