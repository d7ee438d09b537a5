from articles.text import plain_text, word_count


def test_it_counts_each_chinese_character():
    assert word_count("<p>职工之家</p>") == 4


def test_it_does_not_count_punctuation():
    assert word_count("<p>劳模，工匠。“五小”！</p>") == 6


def test_it_counts_latin_words_and_numbers_as_one_each():
    assert (
        word_count("<p>共有 2026 名职工使用 WPS Office，增长12.5%</p>") == 9 + 4
    )  # 共有 名职工使用 增长 + 2026 WPS Office 12.5


def test_it_ignores_markup_and_decodes_entities():
    assert word_count('<p class="text-align-center"><strong>工会</strong>&amp;<a href="/x">职工</a></p>') == 4


def test_an_empty_body_counts_zero():
    assert word_count("") == 0
    assert word_count(None) == 0


def test_plain_text_keeps_one_line_per_block():
    assert plain_text("<h2>标题</h2><p>第一段</p><ul><li>一</li><li>二</li></ul>") == "标题\n第一段\n一\n二"


def test_body_blocks_are_the_top_level_elements():
    from articles.text import body_blocks

    body = '<p>第一段<strong>加粗</strong></p>\n<h3>小标题</h3><figure class="image"><img src="/media/a.png"></figure><p>末段&amp;</p>'
    assert body_blocks(body) == [
        "<p>第一段<strong>加粗</strong></p>",
        "<h3>小标题</h3>",
        '<figure class="image"><img src="/media/a.png"></figure>',
        "<p>末段&amp;</p>",
    ]
    assert body_blocks("") == []
    assert body_blocks("只有文字") == ["只有文字"]
    assert body_blocks("<ul><li>一<ul><li>二</li></ul></li></ul><br>") == [
        "<ul><li>一<ul><li>二</li></ul></li></ul>",
        "<br>",
    ]
