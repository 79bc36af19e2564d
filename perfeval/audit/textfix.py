"""Text from PDF text layers made readable: look-alike code points back to the characters they draw
(Kangxi radicals by NFKC, the CJK radicals supplement by a table: ⻓ → 长), one character for one."""

from __future__ import annotations

import unicodedata

# CJK Radicals Supplement (U+2E80–U+2EFF) has no decomposition; PDF fonts map common characters
# to these glyphs (⻔ for 门, ⻓ for 长). The unified ideograph each one draws (Unicode's
# EquivalentUnifiedIdeograph), for the radicals that stand for whole characters.
RADICALS_SUPPLEMENT = dict(
    zip(
        "⺁⺅⺆⺇⺊⺌⺍⺎⺐⺒⺓⺕⺖⺘⺙⺛⺜⺝⺟⺠⺡⺢⺣⺤⺥⺦⺧⺨⺩⺪⺫⺬⺭⺮⺯⺰⺱⺲⺶⺷⺹⺺⺻⺼⺽⺾⺿⻀"
        "⻁⻂⻄⻅⻆⻇⻈⻉⻋⻌⻍⻎⻏⻐⻑⻓⻔⻖⻗⻘⻙⻚⻛⻜⻝⻟⻠⻢⻣⻤⻥⻦⻧⻨⻩⻪⻬⻮⻰⻳",
        "厂亻冂几卜小小兀尢巳幺彐忄扌攵旡日月母民氵氺灬爫爫丬牛犭王疋罒示礻竹糸纟网罒羊羊耂聿肀月臼艹艹艹"
        "虎衤西见角角讠贝车辶辶辶阝钅長长门阝雨青韦页风飞食飠饣马骨鬼鱼鸟卤麦黄黾齐齿龙龟",
        strict=True,
    )
)
_KANGXI = range(0x2F00, 0x2FE0)  # Kangxi Radicals: NFKC folds each to its unified ideograph


def _fold(ch: str) -> str:
    if ord(ch) in _KANGXI:
        folded = unicodedata.normalize("NFKC", ch)
        return folded if len(folded) == 1 else ch
    return RADICALS_SUPPLEMENT.get(ch, ch)


_TABLE = {ord(ch): _fold(ch) for ch in RADICALS_SUPPLEMENT} | {
    code: _fold(chr(code)) for code in _KANGXI
}


def look_alikes(text: str) -> str:
    """Every look-alike radical replaced by the character it draws; the length is unchanged, so
    positions found in the result are positions in the text as extracted."""
    return text.translate(_TABLE)
