"""markdown: workbook text cannot become links, images, HTML, headings, lists or table breaks."""

import pytest

from perfeval import markdown

HOSTILE = [
    ("[点我](http://evil.example)", r"\[点我\](http\://evil.example)"),
    ("![img](http://x/y.png)", r"\!\[img\](http\://x/y.png)"),
    ("<script>alert(1)</script>", r"\<script\>alert(1)\</script\>"),
    ("# 标题", r"\# 标题"),
    ("- 列表", r"\- 列表"),
    ("1. 列表", r"1\. 列表"),
    ("a | b", r"a \| b"),
    ("第一行\n# 第二行", "第一行 # 第二行"),
    ("$x^2$", r"\$x^2\$"),
    (":red[红字]", r"\:red\[红字\]"),
    ("www.evil.com", r"www\.evil.com"),
    ("&lt;b&gt;", r"\&lt;b\&gt;"),
    ("**粗体**", r"\*\*粗体\*\*"),
]


@pytest.mark.parametrize(("text", "escaped"), HOSTILE)
def test_inline_escapes(text, escaped):
    assert markdown.inline(text) == escaped


def test_ordinary_text_stays_readable():
    text = "常宁市1-11月累计上云588家，R&D投入13亿元（39.32亿元）"
    assert markdown.inline(text) == text


def test_control_characters_dropped_and_paragraphs_split():
    assert markdown.inline("a\x00b\u202ec") == "abc"
    assert markdown.paragraphs("一\n\n二\r\n# 三") == ["一", "二", r"\# 三"]
    assert markdown.paragraphs(None) == []
