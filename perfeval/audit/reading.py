"""How a written text is read before it is checked: sentences (。；), each figure with the words
before it, what that figure is (an amount, a change, a rate, a share) and the quantity it names."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from perfeval.audit.facts import EXEC_RATE, Facts, Quantity
from perfeval.audit.numbers import COUNT, MONEY, PERCENT, POINTS, Number, extract

CONSISTENT = "一致"
MISMATCH = "不一致"
DOUBT = "存疑"
UNCHECKED = "无法核对"
VERDICTS = (MISMATCH, DOUBT, CONSISTENT, UNCHECKED)
_RANK = {UNCHECKED: 0, CONSISTENT: 1, DOUBT: 2, MISMATCH: 3}

VALUE = "value"  # the amount of a quantity
PREV = "previous"  # last year's amount of a quantity
DELTA = "delta"  # 增加/减少 an amount
RATE = "rate"  # 增长/下降 a percentage
SHARE = "share"  # 占…的 a percentage
CHANGE_POINTS = "points"  # 上升/下降 …个百分点

_SENTENCE = re.compile(r"[^。；;！？!?\n]+[。；;！？!?]?")
_CLAUSE_BREAK = re.compile(r"[，,；;。：:]")
_UP = ("增加", "增长", "提高", "上升", "增幅", "增速", "增收", "增支", "多支", "增")
_DOWN = ("减少", "下降", "降低", "降幅", "减收", "减支", "下滑", "回落", "减", "降")
_TO = ("至", "到")
_LAST_YEAR = ("上年", "去年", "上一年", "上年度", "上年同期")
_SPACE = re.compile(r"\s+")
_ALIAS_GAP = 10  # characters allowed between a quantity's name and its figure
_LINE_WORDS = ("项目", "专项", "资金", "经费", "基本支出", "人员", "公用", "补助", "奖补")
_NAME_CUT = re.compile(r"[，,、：:；;。（）()“”\"]|为|是|其中|包括")
_NAME_LEAD = re.compile(
    r"^(?:[\d一二三四五六七八九十]+[.、．)）]|[（(][一二三四五六七八九十\d]+[)）])"
)
_NAME_YEAR = re.compile(r"^.*\d{4}年度?")
_NAME_FILLER = re.compile(r"(?:共计|合计|总计|达到|达|约|近|共|计|完成|实现|累计|分别)$")


@dataclass
class Paragraph:
    """One paragraph of a document (or one table cell), located as a person would find it."""

    location: str
    text: str


@dataclass(eq=False)
class Mention:
    """One figure in a sentence, what it is, and the verdict it gets."""

    number: Number
    paragraph: int
    sentence: tuple[int, int]
    label: str
    role: str
    sign: int
    quantity: Quantity | None
    name: str
    base: str | None = None
    budget: bool = False  # the words say 预算: a budget figure, not what was spent
    head: Mention | None = None
    index: int = 0  # position among the sentence's figures
    verdict: str = UNCHECKED
    basis: list[str] = field(default_factory=list)
    expected: str = ""
    rules: list[str] = field(default_factory=list)

    def mark(self, verdict: str, basis: str, expected: str = "", rule: str = "") -> None:
        """Keep the gravest verdict; a second reason of the same weight is added, not lost."""
        if _RANK[verdict] > _RANK[self.verdict]:
            self.verdict, self.basis, self.expected = verdict, [basis], expected
            self.rules = [rule] if rule else []
        elif verdict == self.verdict and basis not in self.basis:
            self.basis.append(basis)
            if rule:
                self.rules.append(rule)

    @property
    def reported(self) -> bool:
        """Counts are reported only where they name a quantity; amounts and rates always."""
        return self.number.kind != COUNT or self.quantity is not None


def sentences(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _SENTENCE.finditer(text)]


def _verb(tail: str) -> tuple[int, bool]:
    """(+1 / -1 / 0, True when the change is 'to' a level: 增长到, 降至)."""
    tail = tail.rstrip("了为约近达超过 ")
    to = tail.endswith(_TO)
    if to:
        tail = tail[:-1]
    best, sign = -1, 0
    for words, s in ((_UP, 1), (_DOWN, -1)):
        for word in words:
            at = tail.rfind(word)
            if at < 0 or (len(word) == 1 and at != len(tail) - 1):
                continue
            if at + len(word) > best:
                best, sign = at + len(word), s
    return sign, to


def _role(number: Number, label: str, year: int | None) -> tuple[str, int, str | None]:
    plain = _SPACE.sub("", label).replace("增加值", "")
    tail = plain[-10:]
    sign, to = _verb(tail)
    if number.kind == PERCENT and "占" in plain[-16:]:
        base = plain[plain.rfind("占") + 1 :]
        base = re.sub(r"(?:的比重|的比例|比重|比例|的|为|达)$", "", base)
        return SHARE, 0, None if not base or base.startswith("比") else base
    if sign and not to:
        if number.kind == POINTS:
            return CHANGE_POINTS, sign, None
        if number.kind == PERCENT:
            return RATE, sign, None
        if number.kind == MONEY:
            return DELTA, sign, None
    last_years = _LAST_YEAR + ((f"{year - 1}年",) if year else ())
    recent = plain[-12:].replace("上年结转", "").replace("上年结余", "")
    if number.kind == MONEY and any(y in recent for y in last_years):
        return PREV, 0, None
    return VALUE, 0, None


def _fits(q: Quantity, number: Number, role: str) -> bool:
    if role in (DELTA, RATE, SHARE):
        return q.kind in (MONEY, COUNT)
    if number.kind == COUNT:
        return q.kind == COUNT and (not q.unit or q.unit == number.unit)
    return q.kind == number.kind


def resolve(
    label: str, number: Number, role: str, facts: Facts, before: str = ""
) -> Quantity | None:
    """The quantity whose name ends nearest the figure (the longest name on a tie); `before` is
    the sentence up to the figure (a project named there owns a later 执行率)."""
    plain = _SPACE.sub("", label)
    sentence = _SPACE.sub("", before)
    best: tuple[int, int] | None = None
    found = None
    for q in facts.quantities:
        if not _fits(q, number, role):
            continue
        for alias in q.aliases:
            at = plain.rfind(alias)
            if at < 0:
                continue
            end = at + len(alias)
            gap = plain[end:]
            if len(gap) > _ALIAS_GAP or _CLAUSE_BREAK.search(gap):
                continue
            if len(alias) <= 2 and (number.kind != COUNT or len(gap) > 2):
                continue  # a two-character name only right before a count in its unit
            if plain[at - 1 : at] in ("其", "他") and not alias.startswith("其他"):
                continue  # 其他项目支出 is not 项目支出
            if q.key == EXEC_RATE and _names_a_line(sentence or plain[:at], facts):
                continue  # 项目支出执行率, 专项资金执行率: not the unit's 预算执行率
            score = (end, len(alias))
            if best is None or score > best:
                best, found = score, q
    return found


def _names_a_line(before: str, facts: Facts) -> bool:
    """The sentence names a project, a fund or a category before its 执行率: not the whole unit."""
    if any(word in before for word in _LINE_WORDS):
        return True
    lines = (q for q in facts.quantities if q.parent is not None)
    return any(a in before for q in lines for a in q.aliases if len(a) >= 4)


def label_name(label: str) -> str:
    """The words naming a figure: `（一）本单位2021年度总收入` → 总收入."""
    plain = _SPACE.sub("", label)
    parts = [p for p in _NAME_CUT.split(plain) if p]
    name = parts[-1] if parts else ""
    name = _NAME_YEAR.sub("", _NAME_LEAD.sub("", name))
    return _NAME_FILLER.sub("", name)


def read_paragraph(index: int, text: str, facts: Facts) -> list[list[Mention]]:
    """The figures of one paragraph, sentence by sentence, each with its role and quantity."""
    out: list[list[Mention]] = []
    head = None
    last_amount = None  # the previous sentence's last amount: the whole of a 「。其中：」 list
    for s_start, s_end in sentences(text):
        body = text[s_start:s_end]
        found = []
        previous_end = 0
        qizhong = body.find("其中")
        list_ends = body.find("其中", qizhong + 2) if qizhong >= 0 else -1  # a nested 其中
        runs_on = bool(out) and text[:s_start].rstrip().endswith(("；", ";"))
        if qizhong >= 0 or not runs_on:
            head = None  # a 其中 list runs on over 「；」, not past 「。」
        if qizhong >= 0 and body[:qizhong].strip(" （(一二三四五六七八九十0123456789.、)）") == "":
            head = last_amount  # 「…共计90万元。其中：30万元用于…」
        if qizhong < 0 and head is not None:
            qizhong = 0
        for i, n in enumerate(extract(body)):
            label = body[previous_end : n.start]
            previous_end = n.end
            role, sign, base = _role(n, label, facts.year)
            quantity = resolve(label, n, role, facts, body[: n.start])
            number = Number(
                n.start + s_start,
                n.end + s_start,
                n.text,
                n.value,
                n.unit,
                n.kind,
                n.decimals,
                n.approx,
            )
            name = quantity.key if quantity else label_name(label)
            mention = Mention(number, index, (s_start, s_end), label, role, sign, quantity, name)
            mention.base, mention.index = base, i
            clause_words = _CLAUSE_BREAK.split(_SPACE.sub("", label))[-1]
            mention.budget = n.kind == MONEY and "预算" in clause_words.replace("一般公共预算", "")
            if role == VALUE and n.kind == MONEY:
                if qizhong >= 0 and n.start < qizhong:
                    head = mention
                elif list_ends >= 0 and n.start > list_ends:
                    head = None  # parts of a part: not summed into the whole
                elif qizhong >= 0 and head is not None and not n.approx:
                    mention.head = head
                last_amount = mention
            found.append(mention)
        out.append(found)
    return out


def clause(text: str, mention: Mention) -> str:
    """The words a figure belongs to: its clause and the one before (at most 80 characters)."""
    s_start, s_end = mention.sentence
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, s_start, mention.number.start)]
    start = breaks[-2] if len(breaks) >= 2 else s_start
    after = _CLAUSE_BREAK.search(text, mention.number.end, s_end)
    end = after.start() if after else s_end
    piece = text[start:end].strip()
    if len(piece) > 80:
        piece = "…" + text[max(start, mention.number.start - 60) : end].strip()
    return piece.rstrip("。；;")
