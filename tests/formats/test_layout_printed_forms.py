"""An archive issue keeps the forms it was printed in: import, then ``export_issue --format txt``, and
every character of the original text is there, in order, whatever layout variant the bulletin used
(2014年第3期, …编印, 二〇一〇年六月八日, 内部资料, 报：送：发：, （共印80份）…). Rules (————) draw, they
are not text: they are left out of the comparison."""

import io
import shutil
import subprocess

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bulletin.document import issue_document
from bulletin.models import Issue
from distribution.models import IssueLine
from formats.exporters import export_issue, pdf, word
from formats.exporters.plaintext import build_text_issue
from formats.importer.lines import RULE
from formats.importer.loader import ImportOptions
from formats.importer.runner import import_bulletin_data
from tests.formats.bulletins import run_export, run_import
from tests.formats.layouts import ARTICLE, FOOTER, MASTHEAD, layout, write

MASTHEADS = {
    "standard": MASTHEAD,
    "marks above": "内部资料　　注意保存\n工会工作简报\n第7期\n苏州市总工会办公室编　　2016年5月20日",
    "mark in brackets": "（内部资料）\n工会工作简报\n第7期\n苏州市总工会办公室编　　2016年5月20日",
    "spaced title, rule": "工 会 工 作 简 报\n第7期\n苏州市总工会办公室编　　2016年5月20日\n━━━━━━━━━━━━━━━━",
    "year in the number line": "工会工作简报\n2016年第7期（总第87期）\n苏州市总工会办公室编印\t2016年5月20日",
    "编印, Chinese numerals": "工会工作简报\n第七期\n苏州市总工会办公室编印　　二〇一六年五月二十日",
    "year in Chinese numerals": "工会工作简报\n二〇一六年第七期\n苏州市总工会办公室　编\n二〇一六年五月二十日",
    "date on its own line, weekday": "工会工作简报\n第7期\n苏州市总工会办公室编\n2016年5月20日（星期五）",
    "主办": "《工会工作简报》\n第7期（总第87期）\n主办：苏州市总工会办公室　　2016.5.20",
    "增刊": "工会工作简报（增刊）\n第7期\n苏州市总工会办公室编　　2016年5月20日",
}
ARTICLES = {
    "standard": ARTICLE,
    "subtitle": (
        "东湖区总工会开展职工技能比武\n——记东湖区青年职工数控车床比赛\n\n"
        "　　东湖区总工会本月组织辖区二十家企业的青年职工参加比武，评出一等奖三名。（东湖区总工会）"
    ),
    "供稿": (
        "东湖区总工会开展职工技能比武\n\n"
        "　　东湖区总工会本月组织辖区二十家企业的青年职工参加比武，评出一等奖三名。\n　　（东湖区总工会供稿）"
    ),
    "供稿单位": (
        "东湖区总工会开展职工技能比武\n\n"
        "　　东湖区总工会本月组织辖区二十家企业的青年职工参加比武。（供稿单位：东湖区总工会）"
    ),
    "a paragraph starting 发：": (
        "东湖区总工会开展职工技能比武\n\n"
        "　　东湖区总工会本月组织辖区二十家企业的青年职工参加比武。\n"
        "　　发：动员通知后，各基层工会踊跃报名，二百余人参赛。（东湖区总工会）"
    ),
}
FOOTERS = {
    "standard": FOOTER,
    "short words": "报：省总工会\n送：市总各部室\n发：各区总工会\n（共印45份）",
    "short words with 本期": "本期报：省总工会\n本期发：各区总工会\n共印四十五份",
    "half-width colons": "报: 省总工会\n送: 市总各部室\n发: 各区总工会\n(共印45份)",
    "copies on the 发 line": "————————————\n报送：省总工会\n抄 送：市总各部室\n印发：各区总工会　　　（共印45份）",
    "no copies": "本期报送：省总工会\n抄送：市总各部室",
}


def characters(text: str) -> str:
    """The text's characters that print: no spaces, no rules."""
    return "".join("".join(line.split()) for line in text.splitlines() if not RULE.match(line.strip()))


def assert_kept_in_order(original: str, exported: str) -> None:
    wanted, got = characters(original), characters(exported)
    position = 0
    for index, char in enumerate(wanted):
        position = got.find(char, position)
        assert position >= 0, f"{wanted[max(0, index - 10) : index]}[{char}]… is lost in:\n{exported}"
        position += 1


def import_text(text: str, *, name: str = "bulletin.txt") -> Issue:
    report = import_bulletin_data(
        data=text.encode(), source=name, options=ImportOptions(publication=_publication(), replace=True)
    )
    assert report.error is None, report.error.describe(source=name)
    return Issue.objects.get(pk=report.result.issue_id)


def _publication():
    from bulletin.models import Publication

    return Publication.objects.default()


def round_trip(text: str, *, name: str = "bulletin.txt") -> str:
    issue = import_text(text, name=name)
    exported = export_issue(issue=issue, format_name="txt").decode()
    assert_kept_in_order(text, exported)
    return exported


VARIANTS = (
    [pytest.param(layout(masthead=value), id=f"masthead: {key}") for key, value in MASTHEADS.items()]
    + [pytest.param(layout(article=value), id=f"article: {key}") for key, value in ARTICLES.items()]
    + [pytest.param(layout(footer=value), id=f"footer: {key}") for key, value in FOOTERS.items()]
)


@pytest.mark.parametrize("text", VARIANTS)
def test_every_character_survives_import_and_text_export_in_order(db, text):
    exported = round_trip(text)
    # The export reads back as the same issue, printed the same way.
    assert export_issue(issue=import_text(exported), format_name="txt").decode() == exported


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    masthead=st.sampled_from(list(MASTHEADS.values())),
    article=st.sampled_from(list(ARTICLES.values())),
    footer=st.sampled_from(list(FOOTERS.values())),
)
def test_the_variants_together_survive_the_round_trip(db, masthead, article, footer):
    round_trip(layout(masthead=masthead, article=article, footer=footer))


@pytest.mark.parametrize(
    "masthead, name, printed",
    [
        (
            "工会工作简报\n苏州市总工会办公室编印　　二〇一六年五月二十日",
            "2016年第7期.txt",
            ["工会工作简报", "第7期", "苏州市总工会办公室编印　　二〇一六年五月二十日"],
        ),
        (
            "内部资料　注意保存",
            "2016/2016-05-20 第7期.txt",
            ["内部资料　注意保存", "工会工作简报", "第7期", "2016年5月20日"],
        ),
        (
            "工 会 工 作 简 报\n第七期\n苏州市总工会办公室编印",
            "2016-05-20.txt",
            ["工 会 工 作 简 报", "第七期", "苏州市总工会办公室编印", "2016年5月20日"],
        ),
    ],
)
def test_what_the_file_name_gave_is_added_to_the_printed_masthead(db, masthead, name, printed):
    """A masthead without its number or date would not name the issue: the file name's number or date
    is added in the usual form, every printed character kept."""
    exported = round_trip(layout(masthead=masthead), name=name)
    assert Issue.objects.get().printed_masthead == printed
    assert exported.startswith("\n".join(printed) + "\n\n【工作动态】")
    # The export names the issue by itself: it reads back as the same issue, printed the same way.
    assert export_issue(issue=import_text(exported), format_name="txt").decode() == exported


def test_the_printed_forms_are_stored(db):
    masthead = (
        "内部资料\n工 会 工 作 简 报\n2016年第7期（总第87期）\n苏州市总工会办公室编印　　二〇一六年五月二十日"
    )
    issue = import_text(layout(masthead=masthead, footer="报：省总工会\n发: 各区总工会\n（共印八十份）"))
    assert issue.printed_masthead == [
        "内部资料",
        "工 会 工 作 简 报",
        "2016年第7期（总第87期）",
        "苏州市总工会办公室编印　　二〇一六年五月二十日",
    ]
    assert (issue.copies, issue.printed_copies, issue.visibility) == (80, "（共印八十份）", "internal")
    assert dict(IssueLine.objects.values_list("kind", "printed_label")) == {
        "report": "报：",
        "distribute": "发:",
    }
    assert run_export(f"{issue.year}-{issue.number}", "--format", "txt").startswith(
        "内部资料\n工 会 工 作 简 报\n2016年第7期（总第87期）\n苏州市总工会办公室编印　　二〇一六年五月二十日\n"
    )


def test_a_masthead_an_option_overrides_is_not_kept(db, tmp_path):
    masthead = "工会工作简报\n第7期\n苏州市总工会办公室编印　　2016年5月20日"
    run_import(write(tmp_path, layout(masthead=masthead)), "--number", "9")
    issue = Issue.objects.get()
    assert (issue.number, issue.printed_masthead) == (9, [])
    assert build_text_issue(issue=issue).masthead_lines[:3] == [
        "工会工作简报",
        "第9期",
        "苏州市总工会办公室编　　2016年5月20日",
    ]


def test_an_issue_made_here_prints_the_usual_forms(db):
    issue = import_text(layout())
    Issue.objects.filter(pk=issue.pk).update(printed_masthead=[], printed_copies="")
    IssueLine.objects.update(printed_label="")
    exported = export_issue(issue=Issue.objects.get(pk=issue.pk), format_name="txt").decode()
    assert exported.startswith("工会工作简报\n第7期\n苏州市总工会办公室编　　2016年5月20日\n")
    assert exported.endswith("本期报送：省总工会\n本期印发：各区总工会\n共印60份\n")


PRINTED = (
    "内部资料\n工 会 工 作 简 报\n2016年第7期（总第87期）\n苏州市总工会办公室编印　　二〇一六年五月二十日"
)


def test_the_reader_page_shows_the_masthead_and_footer_as_printed(client, reader):
    issue = import_text(layout(masthead=PRINTED, footer="报：省总工会\n发：各区总工会\n（共印80份）"))
    client.force_login(reader)
    page = client.get(f"/issues/{issue.year}/{issue.number}/").content.decode()
    for printed in (
        '<p class="masthead-internal">内部资料</p>',
        ">工会工作简报</h1>",
        '<p class="masthead-printed"><span>2016年第7期（总第87期）</span></p>',
        '<p class="masthead-printed"><span>苏州市总工会办公室编印</span><span>二〇一六年五月二十日</span></p>',
        '<span class="footer-label">报：</span>省总工会',
        '<span class="footer-label">发：</span>各区总工会',
        '<p class="footer-copies">（共印80份）</p>',
    ):
        assert printed in page
    assert "第7期" not in page.split("</header>")[0].replace("2016年第7期", "")


def test_the_word_file_prints_the_masthead_and_footer_as_printed(db):
    issue = import_text(layout(masthead=PRINTED, footer="报：省总工会\n发：各区总工会\n（共印80份）"))
    document = docx.Document(io.BytesIO(word.render(issue_document(issue))))
    texts = [paragraph.text for paragraph in document.paragraphs if paragraph.text.strip()]
    assert texts[:4] == PRINTED.split("\n")
    assert texts[-3:] == ["报：省总工会", "发：各区总工会", "（共印80份）"]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_the_pdf_prints_the_masthead_and_footer_as_printed(db, tmp_path):
    issue = import_text(layout(masthead=PRINTED, footer="报：省总工会\n发：各区总工会\n（共印80份）"))
    path = tmp_path / "issue.pdf"
    path.write_bytes(pdf.render(issue_document(issue)))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert_kept_in_order(PRINTED + "\n报：省总工会\n发：各区总工会\n（共印80份）", text)
    assert "2016年5月20日" not in text  # the date as printed (二〇一六年五月二十日), not the usual one
