"""What ``loaddemo`` prints in development: one line per mail (to whom, the subject) before the logins,
whole mails only when asked (``-v 2``); and its mails link to where ``make run`` serves."""

import base64
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROOT = Path(__file__).resolve().parents[2]
SUMMARY = {"BACKEND": "config.mail.SummaryConsoleBackend"}
MAIL_LINE = re.compile(r"^邮件（开发环境，未发出）发给 ([^\s：]+)：(.+)$", re.MULTILINE)


@pytest.fixture
def development(settings):
    """DEBUG on with the development mailer."""
    settings.DEBUG = True
    settings.MAILERS = {"default": SUMMARY}
    return settings


@pytest.fixture
def loaddemo():
    """The command as ``make run`` runs it: really committed (the tests below use a transactional
    database, the seeded rows put back after), so its after-commit work, the notifications and
    their mails, runs where it does in production: inside the command, before the logins."""

    def run(**options):
        call_command("loaddemo", **options)

    return run


def test_it_prints_one_line_per_mail_then_the_logins(development, loaddemo, capsys):
    loaddemo()
    out = capsys.readouterr().out
    mails = MAIL_LINE.findall(out)
    assert mails[:3] == [
        ("editor@example.org", "新来稿：《锦丰镇总工会组织一线职工健康体检》"),
        ("editor@example.org", "新来稿：《杨舍镇总工会开展职工技能提升培训》"),
        ("zjg@example.org", "稿件退回修改：《杨舍镇总工会开展职工技能提升培训》"),
    ]
    # infowork's demo: two 约稿通知 and one 催报, then the leader's instruction, each to the units'
    # correspondents.
    assert [(to, subject.split("《")[0]) for to, subject in mails[3:]] == [
        ("zjg@example.org", "约稿通知："),
        ("tc@example.org", "约稿通知："),
        ("tc@example.org", "约稿通知："),
        ("tc@example.org", "催报："),
        ("tc@example.org", "领导批示："),
    ]
    assert "Content-Transfer-Encoding" not in out
    assert "base64" not in out
    assert "Task id=" not in out
    assert out.index("演示账号") > out.rindex("邮件")


def test_it_prints_whole_mails_at_verbosity_two(development, loaddemo, capsys):
    loaddemo(verbosity=2)
    out = capsys.readouterr().out
    assert out.count("Content-Transfer-Encoding") >= 3
    assert "To: zjg@example.org" in out
    assert not MAIL_LINE.search(out)


def test_a_configured_mailer_is_left_alone(development, loaddemo, capsys):
    development.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
    loaddemo()
    assert capsys.readouterr().out.count("Content-Transfer-Encoding") >= 3


def test_the_mail_links_to_the_site_url(development, loaddemo, capsys):
    development.SITE_URL = "http://127.0.0.1:8123"
    development.MAILERS = {"default": {**SUMMARY, "OPTIONS": {"full": True}}}
    loaddemo()
    assert "http://127.0.0.1:8123/" in _decoded_bodies(capsys.readouterr().out)


def _decoded_bodies(out: str) -> str:
    parts = re.findall(r"Content-Transfer-Encoding: base64\n\n([A-Za-z0-9+/=\n]+)", out)
    return "".join(base64.b64decode(part).decode("utf-8", "replace") for part in parts) + out


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_run_gives_the_port_it_serves_on_as_the_site_url():
    recipe = subprocess.run(
        ["make", "-n", "run", "PORT=8123", "HOST=127.0.0.2"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    loaddemo = next(line for line in recipe.splitlines() if "manage.py loaddemo" in line)
    runserver = next(line for line in recipe.splitlines() if "manage.py runserver" in line)
    assert 'SITE_URL="${SITE_URL:-http://127.0.0.2:8123}"' in loaddemo
    assert 'SITE_URL="${SITE_URL:-http://127.0.0.2:8123}"' in runserver
    assert runserver.rstrip().endswith("runserver 127.0.0.2:8123")
