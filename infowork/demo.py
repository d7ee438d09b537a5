"""Demo commissions (约稿) for ``manage.py loaddemo``: one running, with an answer already sent in, and
one past its deadline. Every word is invented for the demo. Made through the services, as the
office would, so their log rows and mails are the real ones; safe to run more than once."""

import datetime

from django.db import transaction

from articles.models import Article

from .models import Commission
from .services import commission_answer, commission_create, commission_remind, commissions_mark_overdue
from .stats import office_today

RUNNING = {
    "title": "一线职工健康关爱工作",
    "brief": (
        "请各市、区总工会介绍今年为一线职工做的健康关爱实事：体检、心理疏导、户外劳动者驿站等，"
        "写清做法、覆盖人数和职工的反映，八百字左右，可附照片两张。"
    ),
    "days": 12,
    "units": ["张家港市总工会", "太仓市总工会", "昆山市总工会", "吴中区总工会"],
    # The demo queue's submitted article answers it.
    "answer": ("zhangjiagang", "锦丰镇总工会组织一线职工健康体检"),
}
OVERDUE = {
    "title": "年终职工技能竞赛成果",
    "brief": "请报送本年度职工技能竞赛的组织情况、参赛人数和获奖选手的去向，一页纸即可。",
    "days_late": 4,
    "units": ["太仓市总工会", "常熟市总工会", "市建设系统工会"],
}


def load_demo_commissions(*, units: dict, users: dict, **kwargs) -> int:
    """Add the two demo commissions unless they are there; returns how many were added."""
    editor = users["editor"]
    added = 0
    with transaction.atomic():
        if not Commission.objects.filter(title=RUNNING["title"]).exists():
            commission = commission_create(
                actor=editor,
                title=RUNNING["title"],
                brief=RUNNING["brief"],
                deadline=office_today() + datetime.timedelta(days=RUNNING["days"]),
                units=[units[name] for name in RUNNING["units"]],
            )
            username, title = RUNNING["answer"]
            article = Article.objects.filter(title=title).first()
            if article is not None:
                commission_answer(actor=users[username], commission=commission, article=article)
            added += 1
        if not Commission.objects.filter(title=OVERDUE["title"]).exists():
            today = office_today()
            commission = commission_create(
                actor=editor,
                title=OVERDUE["title"],
                brief=OVERDUE["brief"],
                deadline=today,
                units=[units[name] for name in OVERDUE["units"]],
            )
            # Sent some weeks ago: its deadline has passed, and the daily run has marked it.
            Commission.objects.filter(pk=commission.pk).update(
                deadline=today - datetime.timedelta(days=OVERDUE["days_late"])
            )
            commissions_mark_overdue(today=today)
            # …and the office has chased the late units once (催报).
            commission_remind(actor=editor, commission=commission)
            added += 1
    return added


def load_demo(sender=None, *, units: dict, users: dict, **kwargs) -> None:
    """``distribution.signals.demo_loaded``: the demo commissions, adoption and instruction."""
    from .demo_records import load_records

    load_demo_commissions(units=units, users=users)
    load_records(units=units, users=users)
