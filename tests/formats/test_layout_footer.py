"""Footers written 报：送：发： (报送, 抄送, 印发) or with 本期, and copies as 共印N份 or （共印N份）, also on the
same line as 发：."""

import json

import pytest

from bulletin.models import Issue
from distribution.models import IssueLine
from tests.formats.bulletins import run_failing_import, run_import
from tests.formats.layouts import layout, write


def parsed_footer(tmp_path, footer: str) -> dict:
    out, _ = run_import(write(tmp_path, layout(footer=footer)), "--dry-run", "--format", "json")
    parsed = json.loads(out)
    return {"distribution": parsed["distribution"], "copies": parsed["copies"]}


@pytest.mark.parametrize(
    "footer",
    [
        "报：省总工会\n送：市总各部室\n发：各区总工会\n共印45份",
        "报：省总工会\n送：市总各部室\n发：各区总工会　　　　　　（共印45份）",
        "报：省总工会\n送：市总各部室\n发：各区总工会（共印45份）",
        "本期报：省总工会\n本期送：市总各部室\n本期发：各区总工会\n（共印45份）",
        "报送：省总工会\n抄送：市总各部室\n印发：各区总工会\n共印四十五份",
        "本期报送：省总工会\n抄 送：市总各部室\n本期印发：各区总工会\n共印 45 份",
        "报: 省总工会\n送: 市总各部室\n发: 各区总工会\n(共印45份)",
    ],
)
def test_the_footer_words_and_the_copies(db, tmp_path, footer):
    assert parsed_footer(tmp_path, footer) == {
        "distribution": {"报送": "省总工会", "印发": "各区总工会", "抄送": "市总各部室"},
        "copies": 45,
    }


def test_short_footer_words_are_stored_as_the_usual_lines(db, tmp_path):
    run_import(
        write(
            tmp_path, layout(footer="报：省总工会\n发：各区总工会、各产业工会\n送：市总各部室　（共印45份）")
        )
    )
    issue = Issue.objects.get()
    assert {line.kind: line.text for line in IssueLine.objects.filter(issue=issue)} == {
        "report": "省总工会",
        "distribute": "各区总工会、各产业工会",
        "copy": "市总各部室",
    }
    assert issue.copies == 45


def test_a_wrapped_recipient_list_continues_the_short_line(db, tmp_path):
    footer = "发：各区总工会、各产业工会、\n各直属单位工会\n共印45份"
    assert parsed_footer(tmp_path, footer)["distribution"]["印发"] == "各区总工会、各产业工会、各直属单位工会"


def test_the_same_line_twice_in_short_and_long_words_is_refused(db, tmp_path):
    path = write(tmp_path, layout(footer="发：各区总工会\n本期印发：各产业工会"))
    _, err, _ = run_failing_import(path)
    assert f"错误：{path} 第 16 行：报尾的“印发”行出现了两次。" in err
    assert not Issue.objects.exists()


@pytest.mark.parametrize("word", ["发", "报", "送"])
def test_a_paragraph_starting_with_a_short_footer_word_stays_in_its_article(db, tmp_path, word):
    paragraph = f"{word}：动员通知后，各基层工会踊跃报名，二百余人参赛。"
    article = (
        "东湖区总工会开展职工技能比武\n\n"
        "　　东湖区总工会本月组织辖区二十家企业的青年职工参加比武。\n"
        f"　　{paragraph}\n"
        "　　比赛评出一等奖三名。（东湖区总工会）"
    )
    out, err = run_import(write(tmp_path, layout(article=article)), "--dry-run", "--format", "json")
    parsed = json.loads(out)
    first = parsed["sections"][0]["articles"][0]
    assert first["paragraphs"][1:] == [paragraph, "比赛评出一等奖三名。"]
    assert first["byline"] == "东湖区总工会"
    assert [section["name"] for section in parsed["sections"]] == ["工作动态", "工作简讯"]
    assert parsed["distribution"] == {"报送": "省总工会", "印发": "各区总工会", "抄送": None}
    assert "警告：" not in err


def test_a_short_footer_word_after_an_article_without_attribution_still_begins_the_footer(db, tmp_path):
    """Nothing but footer lines after it: the footer, though the article before it lacks its attribution."""
    text = layout(footer="报：省总工会\n发：各区总工会\n共印45份").replace("（青石镇总工会）", "")
    out, err = run_import(write(tmp_path, text), "--dry-run", "--format", "json")
    parsed = json.loads(out)
    assert parsed["distribution"] == {"报送": "省总工会", "印发": "各区总工会", "抄送": None}
    assert parsed["copies"] == 45


def test_a_short_footer_word_before_a_section_heading_is_a_paragraph(db, tmp_path):
    article = (
        "东湖区总工会开展职工技能比武\n\n"
        "　　东湖区总工会本月组织辖区二十家企业的青年职工参加比武\n"
        "　　发：动员通知后各基层工会踊跃报名（东湖区总工会）"
    )
    out, _ = run_import(write(tmp_path, layout(article=article)), "--dry-run", "--format", "json")
    first = json.loads(out)["sections"][0]["articles"][0]
    assert first["paragraphs"][-1] == "发：动员通知后各基层工会踊跃报名"
    assert first["byline"] == "东湖区总工会"
