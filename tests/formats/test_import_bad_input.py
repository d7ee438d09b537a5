"""Every kind of bad input: the exact message (in Chinese, with file and line), and nothing saved."""

import pytest

from articles.models import Article
from bulletin.models import Issue, Section
from contributors.models import Unit
from tests.formats.bulletins import bulletin, run_failing_import, run_import

GOOD = "【工作动态】\n\n东湖区总工会举办劳动法律知识竞赛\n\n东湖区总工会日前举办劳动法律知识竞赛。（东湖区总工会）\n"
DATED = ["--number", "3", "--date", "2019-03-01"]


def assert_nothing_saved():
    assert not Issue.objects.exists()
    assert not Article.objects.exists()
    assert not Unit.objects.exists()
    assert Section.objects.count() == 4


def write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_it_refuses_an_empty_file(db):
    path = bulletin("empty.txt")
    _, err, _ = run_failing_import(path, *DATED)
    assert f"错误：{path} 第 1 行：文件是空的。" in err
    assert f"{path} 的内容均未保存。" in err
    assert_nothing_saved()


def test_it_refuses_a_file_of_blank_lines(db, tmp_path):
    path = write(tmp_path, "blank.txt", " \n\u3000\n\n".encode())
    _, err, _ = run_failing_import(path, *DATED)
    assert f"错误：{path} 第 1 行：文件是空的。" in err
    assert_nothing_saved()


def test_it_refuses_a_binary_file_naming_the_line(db, tmp_path):
    path = write(tmp_path, "scan.txt", "【工作动态】\n标题\n".encode() + b"\x00\x01\x02PK\x03\x04")
    _, err, _ = run_failing_import(path, *DATED)
    assert f"错误：{path} 第 3 行：这是二进制文件，不是纯文本简报。" in err
    assert_nothing_saved()


def test_it_refuses_text_in_neither_utf8_nor_gb18030(db, tmp_path):
    path = write(tmp_path, "latin.txt", "【工作动态】\n\n".encode() + b"caf\xe9 \xff\xfe\n")
    _, err, _ = run_failing_import(path, *DATED)
    assert f"错误：{path} 第 3 行：文件既不是 UTF-8 也不是 GB18030 编码的文本，请另存为 UTF-8 后重试。" in err
    assert_nothing_saved()


def test_it_reads_gb18030_and_says_so(db):
    path = bulletin("gb18030.txt")
    out, _ = run_import(path)
    assert f"{path}（GB18030）：已导入2019年第9期（总第192期），共 1 篇稿件。" in out
    assert Article.objects.get().title == "北湖区总工会组织职工疗休养"


def test_it_says_utf8_was_used_for_utf8_files(db):
    path = bulletin("no-masthead.txt")
    out, _ = run_import(path, *DATED)
    assert f"{path}（UTF-8）：已导入2019年第3期，共 2 篇稿件。" in out


def test_it_reads_utf8_with_a_byte_order_mark(db, tmp_path):
    path = write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + GOOD.encode())
    run_import(path, *DATED)
    assert Article.objects.get().title == "东湖区总工会举办劳动法律知识竞赛"


def test_it_warns_about_an_article_without_attribution_and_imports_it(db):
    path = bulletin("no-attribution.txt")
    _, err = run_import(path, *DATED)
    assert f"警告：{path} 第 5 行：稿件“西山区总工会开展安全生产检查”末尾没有括号署名。" in err
    assert list(Article.objects.order_by("position").values_list("title", "byline")) == [
        ("西山区总工会开展安全生产检查", ""),
        ("东湖区总工会举办劳动法律知识竞赛", "东湖区总工会"),
    ]


def test_it_warns_about_the_last_article_of_a_section_without_attribution(db, tmp_path):
    path = write(
        tmp_path,
        "last.txt",
        (GOOD + "\n北湖区总工会慰问一线职工\n\n北湖区总工会日前走访慰问一线职工。\n").encode(),
    )
    _, err = run_import(path, *DATED)
    assert f"警告：{path} 第 9 行：稿件“北湖区总工会慰问一线职工”末尾没有括号署名。" in err
    assert Article.objects.count() == 2


def test_it_refuses_a_title_without_body(db):
    path = bulletin("title-no-body.txt")
    _, err, _ = run_failing_import(path, *DATED)
    assert f"错误：{path} 第 3 行：标题“西山区总工会开展安全生产检查”下面没有正文。" in err
    assert_nothing_saved()


def test_it_refuses_a_brief_without_text_after_its_lead_sentence(db, tmp_path):
    path = write(tmp_path, "brief.txt", "【工作简讯】\n\n市总工会召开经审工作会议。（市总经审办）\n".encode())
    _, err, _ = run_failing_import(path, *DATED)
    assert (
        f"错误：{path} 第 3 行：简讯“市总工会召开经审工作会议。”在导语之后没有正文（导语到第一个“。”为止）。"
        in err
    )
    assert_nothing_saved()


def test_it_refuses_text_before_the_first_section(db):
    path = bulletin("text-before-section.txt")
    _, err, _ = run_failing_import(path)
    assert f"错误：{path} 第 5 行：第一个栏目标题之前有无法识别的文字。" in err
    assert_nothing_saved()


def test_it_refuses_an_article_before_the_first_section_of_a_file_without_masthead(db, tmp_path):
    path = write(
        tmp_path, "headless.txt", ("东湖区总工会举办竞赛\n\n东湖区总工会日前举办竞赛。\n" + GOOD).encode()
    )
    _, err, _ = run_failing_import(path, *DATED)
    assert f"错误：{path} 第 1 行：第一个栏目标题之前有无法识别的文字。" in err
    assert_nothing_saved()


def test_it_refuses_a_file_without_any_section_heading(db, tmp_path):
    path = write(tmp_path, "plain.txt", "一段文字。\n另一段文字。\n".encode())
    _, err, _ = run_failing_import(path, *DATED)
    assert f"错误：{path} 第 2 行：没有找到【工作动态】这样的栏目标题。" in err
    assert_nothing_saved()


def test_it_refuses_an_attribution_that_follows_no_article(db, tmp_path):
    path = write(tmp_path, "stray.txt", "【工作动态】\n\n（东湖区总工会）\n".encode())
    _, err, _ = run_failing_import(path, *DATED)
    assert f"错误：{path} 第 3 行：这行署名前面没有稿件。" in err
    assert_nothing_saved()


def test_it_refuses_a_duplicate_issue_and_keeps_the_first(db):
    path = bulletin("gb18030.txt")
    run_import(path)
    first = Issue.objects.get()
    _, err, _ = run_failing_import(path)
    assert (
        f"错误：{path} 第 1 行：2019年第9期（总第192期）已存在，本文件未导入。如需替换，请加 --replace。"
        in err
    )
    assert list(Issue.objects.all()) == [first]
    assert Article.objects.get().issue == first


def test_it_names_a_file_it_cannot_read(db, tmp_path):
    path = tmp_path / "missing.txt"
    _, err, _ = run_failing_import(path, *DATED)
    assert f"错误：{path}：无法读取文件：No such file or directory" in err


def test_it_leaves_nothing_of_a_failing_file_and_imports_the_others(db, tmp_path):
    masthead = "工会工作简报\n第3期\n2019年3月1日\n"
    failing = write(tmp_path, "failing.txt", (masthead + GOOD + "\n【创先争优】\n\n孤零零的标题\n").encode())
    good = bulletin("gb18030.txt")
    out, err, error = run_failing_import(failing, good)
    assert f"错误：{failing} 第 12 行：标题“孤零零的标题”下面没有正文。" in err
    assert str(error) == "2 个文件中有 1 个未能导入。"
    assert list(Issue.objects.values_list("number", flat=True)) == [9]
    assert not Unit.objects.filter(name="东湖区总工会").exists()
    assert (
        out.splitlines()[-1]
        == "汇总：1 期，1 篇稿件，新建单位 1 个，新建栏目 0 个，警告 1 条，失败文件 1 个。"
    )


@pytest.mark.parametrize(
    ("footer", "problem"),
    [
        ("本期印发：市各有关部门\n共印80份\n共印90份\n", "第 8 行：“共印N份”出现了两次。"),
        ("本期印发：市各有关部门\n本期印发：市总各部室\n", "第 7 行：报尾的“印发”行出现了两次。"),
    ],
)
def test_it_refuses_a_footer_line_given_twice(db, tmp_path, footer, problem):
    path = write(tmp_path, "twice.txt", (GOOD + footer).encode())
    _, err, _ = run_failing_import(path, *DATED)
    assert f"错误：{path} {problem}" in err
    assert_nothing_saved()


def test_it_reads_utf16_with_a_byte_order_mark_and_says_so(db, tmp_path):
    path = write(tmp_path, "notepad.txt", GOOD.encode("utf-16"))
    out, _ = run_import(path, *DATED)
    assert f"{path}（UTF-16）：已导入2019年第3期，共 1 篇稿件。" in out


def test_it_creates_again_in_a_later_file_a_unit_a_failed_file_had_created(db, tmp_path):
    masthead = "工会工作简报\n第{}期\n2019年3月1日\n"
    article = "【工作动态】\n\n{}\n\n南塘街道总工会日前举办运动会。（南塘街道总工会）\n\n"
    # The over-long second title is found after the first article's new unit was created.
    failing = write(
        tmp_path,
        "a.txt",
        (masthead.format(1) + article.format("运动会") + "长" * 201 + "\n\n正文。（综合来稿）\n").encode(),
    )
    later = write(tmp_path, "b.txt", (masthead.format(2) + article.format("运动会")).encode())
    _, err, _ = run_failing_import(failing, later)
    assert f"错误：{failing} 第 10 行：标题超过 200 个字：" in err
    assert Unit.objects.get().name == "南塘街道总工会"
    assert Article.objects.get().units.get().name == "南塘街道总工会"
