"""The audit log's detail, as the admin shows it: keys and codes in the user's words, values escaped."""

from infowork.log import detail_html


def test_it_names_keys_and_codes_in_chinese():
    html = detail_html({"level": "province", "before": {"active": True, "points": "5.00"}, "event": "brief"})
    assert "级别：省级" in html
    assert "修改前：<ul><li>启用：是</li><li>积分：5.00</li></ul>" in html
    assert "本刊采用（简讯）" in html


def test_it_escapes_what_people_typed():
    html = detail_html({"note": "<script>alert(1)</script>", "units": ["甲<b>", "乙"]})
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "甲&lt;b&gt;、乙" in html


def test_an_empty_detail_is_a_dash():
    assert detail_html({}) == "—"


def test_a_deleted_instructions_feedback_reads_in_chinese():
    html = detail_html({"feedback": [{"text": "已落实", "done_on": "2026-11-30", "reported_by": "王晓梅"}]})
    assert "反馈人：王晓梅" in html
    assert "reported_by" not in html
