"""How a written text is read before it is checked: sentences (。；), each figure with the words
before it, what that figure is (an amount, a change, a rate, a share) and the quantity it names."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from perfeval.audit.binding import Binding, bind
from perfeval.audit.facts import Facts, Quantity
from perfeval.audit.numbers import COUNT, MONEY, MONEY_UNITS, PERCENT, POINTS, Number, extract
from perfeval.audit.words import DOWN as _DOWN
from perfeval.audit.words import LAST_YEAR as _LAST_YEAR
from perfeval.audit.words import LIST_SEPARATORS, without_funds
from perfeval.audit.words import UP as _UP

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
_TO = ("至", "到")
_SPACE = re.compile(r"\s+")
_BARE = re.compile(r"^\s*(?P<sign>[-−])?\s*(?P<num>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*$")
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
    context: str = ""  # a table cell's words: its caption's qualifiers, row and column headers
    unit: str = ""  # a table cell's unit from its column header or caption, for a bare number


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
    unbound: str = ""  # why the words name no quantity the data holds (a qualifier it lacks)
    binding: Binding | None = None
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
        return self.number.kind != COUNT or self.quantity is not None or self.verdict != UNCHECKED


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
        if number.kind in (MONEY, COUNT):
            return DELTA, sign, None
    last_years = _LAST_YEAR + ((f"{year - 1}年",) if year else ())
    recent = plain[-12:].replace("上年结转", "").replace("上年结余", "")
    if number.kind == MONEY and any(y in recent for y in last_years):
        return PREV, 0, None
    return VALUE, 0, None


def _binding(
    label: str, number: Number, role: str, facts: Facts, before: str, paragraph: str
) -> Binding:
    """A share is bound by the words before its 占 (`基本支出占支出合计的40%`), never by its base:
    with no name there, its numerator is the clause's amount (checks.check_share)."""
    if role == SHARE:
        plain = _SPACE.sub("", label)
        words = plain[: plain.rfind("占")]
        return bind(words, number, True, facts, before, None, paragraph) if words else Binding(None)
    return bind(label, number, role in (DELTA, RATE), facts, before, None, paragraph)


def _narrow_to(part: Mention, head: Mention, facts: Facts, before: str) -> None:
    """A 其中 part has the qualifiers of its whole: under 一般公共预算财政拨款支出, 基本支出 is the
    财政拨款 part of it, not the unit's 基本支出."""
    scope = head.binding
    if scope is None or not (scope.qualifiers or scope.narrowed):
        return
    binding = bind(part.label, part.number, False, facts, before, scope)
    part.binding, part.quantity, part.unbound = binding, binding.quantity, binding.reason
    if binding.quantity is not None:
        part.name = binding.quantity.key


def label_name(label: str) -> str:
    """The words naming a figure: `（一）本单位2021年度总收入` → 总收入."""
    plain = _SPACE.sub("", label)
    parts = [p for p in _NAME_CUT.split(plain) if p]
    name = parts[-1] if parts else ""
    name = _NAME_YEAR.sub("", _NAME_LEAD.sub("", name))
    return _NAME_FILLER.sub("", name)


def _figures(body: str, unit: str) -> list[Number]:
    """The figures of a sentence; a table cell's bare number in the unit its column gives."""
    found = extract(body)
    if found or not unit:
        return found
    match = _BARE.match(body)
    if match is None:
        return []
    raw = match.group("num").replace(",", "")
    value = Decimal(raw)
    kind = MONEY if unit in MONEY_UNITS else PERCENT if unit == "%" else COUNT
    start, end = match.start("num"), match.end("num")
    decimals = len(raw.partition(".")[2])
    return [Number(start, end, body[start:end], value, unit, kind, decimals)]


def read_paragraph(
    index: int, text: str, facts: Facts, context: str = "", unit: str = ""
) -> list[list[Mention]]:
    """The figures of one paragraph, sentence by sentence, each with its role and quantity;
    `context` and `unit` are a table cell's words and unit (tables.py)."""
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
        for i, n in enumerate(_figures(body, unit)):
            label = (context if i == 0 else "") + body[previous_end : n.start]
            previous_end = n.end
            role, sign, base = _role(n, label, facts.year)
            if found and LIST_SEPARATORS.match(label) and found[-1].number.kind == n.kind:
                role, sign, base = found[-1].role, found[-1].sign, found[-1].base  # 各减少A、B万元
            binding = _binding(label, n, role, facts, body[: n.start], text[: s_start + n.start])
            quantity = binding.quantity
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
            mention.base, mention.index, mention.unbound = base, i, binding.reason
            mention.binding = binding
            clause_words = _CLAUSE_BREAK.split(_SPACE.sub("", label))[-1]
            mention.budget = n.kind == MONEY and "预算" in without_funds(clause_words)
            if role == VALUE and n.kind == MONEY:
                if qizhong >= 0 and n.start < qizhong:
                    head = mention
                elif list_ends >= 0 and n.start > list_ends:
                    head = None  # parts of a part: not summed into the whole
                elif qizhong >= 0 and head is not None and not n.approx:
                    mention.head = head
                    _narrow_to(mention, head, facts, body[: n.start])
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
