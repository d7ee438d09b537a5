"""The body of an article as printed: run-in lead sentences for briefs, attributions at the end."""

from types import SimpleNamespace

from reader.templatetags.reader import article_body, lead_sentence


def article(title="市总工会举办培训班", body="<p>近日，培训班开班。</p>", byline="市总组织部"):
    return SimpleNamespace(title=title, body=body, attribution=f"（{byline}）" if byline else "")


def test_it_puts_the_attribution_at_the_end_of_the_last_paragraph():
    html = article_body(article(body="<p>第一段。</p><p>第二段。</p>"))
    assert html == '<p>第一段。</p><p>第二段。<span class="attribution">（市总组织部）</span></p>'


def test_it_puts_the_attribution_on_its_own_line_after_a_table():
    html = article_body(article(body="<p>说明。</p><table><tr><td>1</td></tr></table>"))
    assert html.endswith(
        '</table><p class="attribution-line"><span class="attribution">（市总组织部）</span></p>'
    )


def test_it_leaves_the_body_alone_without_an_attribution():
    assert article_body(article(byline="")) == "<p>近日，培训班开班。</p>"


def test_it_runs_the_lead_sentence_of_a_brief_into_the_first_paragraph():
    html = article_body(article(), brief=True)
    assert html == (
        '<p><strong class="lead">市总工会举办培训班。</strong>近日，培训班开班。'
        '<span class="attribution">（市总组织部）</span></p>'
    )


def test_it_keeps_the_attributes_of_the_first_paragraph():
    html = article_body(article(body='<p class="text-align-justify">近日。</p>', byline=""), brief=True)
    assert (
        html == '<p class="text-align-justify"><strong class="lead">市总工会举办培训班。</strong>近日。</p>'
    )


def test_it_links_the_lead_sentence_when_asked():
    html = article_body(article(byline=""), brief=True, lead_url="/articles/7/")
    assert html.startswith('<p><strong class="lead"><a href="/articles/7/">市总工会举办培训班。</a></strong>')


def test_a_brief_without_a_body_is_its_lead_sentence():
    assert article_body(article(body="", byline=""), brief=True) == (
        '<p><strong class="lead">市总工会举办培训班。</strong></p>'
    )


def test_it_escapes_the_title_and_the_attribution():
    html = article_body(article(title="<b>标题</b>", byline="<i>单位</i>"), brief=True)
    assert "<b>" not in html and "<i>" not in html
    assert "&lt;b&gt;标题&lt;/b&gt;。" in html


def test_a_lead_sentence_that_ends_with_its_own_mark_gets_no_extra_full_stop():
    assert lead_sentence("职工怎样维权？") == "职工怎样维权？"
    assert lead_sentence("市总召开会议") == "市总召开会议。"
