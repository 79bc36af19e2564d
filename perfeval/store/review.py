"""The review of a unit-year (报送 → 审核 → 退回 or 通过 → 定稿): states, transitions, who may act,
the checks of a comment and a 复核得分, and every refusal's Chinese text. Pure: no SQL here."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from perfeval.store.access import ADMIN, EDITOR, REVIEWER

# States as stored (English codes) and as shown.
DRAFT, SUBMITTED, RETURNED, APPROVED, FINAL = "draft", "submitted", "returned", "approved", "final"
STATES = (DRAFT, SUBMITTED, RETURNED, APPROVED, FINAL)
STATE_NAMES = {
    DRAFT: "填报中",
    SUBMITTED: "已报送",
    RETURNED: "已退回",
    APPROVED: "已审核",
    FINAL: "已定稿",
}
# While submitted, approved or final, the unit-year's content is what was reviewed: no upload,
# restore, delete or undelete until it is returned (or reopened).
LOCKED = frozenset({SUBMITTED, APPROVED, FINAL})

SUBMIT, RETURN, APPROVE, FINALIZE, REOPEN = "submit", "return", "approve", "finalize", "reopen"
ACTIONS = (SUBMIT, RETURN, APPROVE, FINALIZE, REOPEN)
ACTION_NAMES = {
    SUBMIT: "报送",
    RETURN: "退回修改",
    APPROVE: "审核通过",
    FINALIZE: "定稿",
    REOPEN: "重新打开",
}
# The activity trail's action codes for the transitions.
TRAIL_ACTIONS = {a: f"review_{a}" for a in ACTIONS}


@dataclass(frozen=True)
class Transition:
    sources: tuple[str, ...]
    target: str
    role: str  # the role needed on the unit (an admin holds every role)
    actor_text: str  # who may, as the refusal names them


TRANSITIONS: dict[str, Transition] = {
    SUBMIT: Transition((DRAFT, RETURNED), SUBMITTED, EDITOR, "该单位的编辑人员或管理员"),
    RETURN: Transition((SUBMITTED, APPROVED), RETURNED, REVIEWER, "该单位的审核人或管理员"),
    APPROVE: Transition((SUBMITTED,), APPROVED, REVIEWER, "该单位的审核人或管理员"),
    FINALIZE: Transition((APPROVED,), FINAL, ADMIN, "管理员"),
    REOPEN: Transition((FINAL,), RETURNED, ADMIN, "管理员"),
}
# What can happen next in each state, and by whom (every refusal names it).
NEXT_STEP = {
    DRAFT: "该单位的编辑人员上传数据后可以报送",
    SUBMITTED: "等待审核：该单位的审核人或管理员可以退回修改或审核通过",
    RETURNED: "该单位的编辑人员修改、重新上传后可以再次报送",
    APPROVED: "等待定稿：管理员可以定稿，审核人可以退回修改",
    FINAL: "已经定稿：只有管理员可以重新打开（须说明原因）",
}
NEEDS_COMMENT = {RETURN: "退回修改必须填写意见：请写明需要修改的内容。",
                 REOPEN: "重新打开必须填写原因：请写明为什么要修改已定稿的结果。"}  # fmt: skip
NOTES_ALLOWED = frozenset({RETURN, APPROVE})
SCORE_MIN, SCORE_MAX = Decimal(0), Decimal(100)


def state_name(state: str) -> str:
    return STATE_NAMES.get(state, state)


def unit_year_text(unit: str, year: int) -> str:
    return f"「{unit}」{year}年度"


def state_refusal(action: str, unit: str, year: int, state: str) -> str:
    """A transition the state does not allow: names the state and who may act now."""
    t = TRANSITIONS[action]
    allowed = "或".join(f"「{state_name(s)}」" for s in t.sources)
    return (
        f"{unit_year_text(unit, year)}当前为「{state_name(state)}」，不能{ACTION_NAMES[action]}"
        f"（只有{allowed}的单位年度可以{ACTION_NAMES[action]}）。{NEXT_STEP[state]}。"
    )


def rights_refusal(action: str, unit: str, year: int, state: str) -> str:
    """A transition the person's role does not allow: names who may, and the state."""
    t = TRANSITIONS[action]
    return (
        f"无权{ACTION_NAMES[action]}{unit_year_text(unit, year)}（当前为「{state_name(state)}」）："
        f"只有{t.actor_text}可以{ACTION_NAMES[action]}。请联系管理员授权。"
    )


def lock_text(unit: str, year: int, state: str) -> str:
    """An upload or version change refused by the state (store and pages say the same)."""
    return (
        f"{unit_year_text(unit, year)}{state_name(state)}，不能上传或更换版本。{NEXT_STEP[state]}。"
    )


def no_version_text(unit: str, year: int) -> str:
    return f"{unit_year_text(unit, year)}没有可报送的数据：请先上传该单位该年度的工作簿，再报送。"


def parse_score(value: object) -> Decimal | None:
    """A 复核得分: None (not given), else a Decimal in 0–100 with at most two decimals.
    Raises ValueError with the Chinese reason."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool | float):
        value = str(value)
    try:
        score = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError(
            f"复核得分「{value}」不是数字：请填写0到100之间的分数，例如 85.5。"
        ) from None
    if not score.is_finite() or not SCORE_MIN <= score <= SCORE_MAX:
        raise ValueError(f"复核得分应在0到100之间，收到「{value}」。")
    if score != score.quantize(Decimal("0.01")):
        raise ValueError(f"复核得分最多保留两位小数，收到「{value}」。")
    return score


@dataclass(frozen=True)
class Note:
    """A reviewer's comment on one finding: its stable key, its text when commented, the comment."""

    finding_key: str
    finding: str
    comment: str


def check_request(
    action: str, comment: str, score: Decimal | None, notes: tuple[Note, ...]
) -> str | None:
    """What is wrong with a request before any state is read (None: nothing)."""
    if action not in TRANSITIONS:
        return f"没有「{action}」这一操作：可用 {'、'.join(ACTIONS)}。"
    if action in NEEDS_COMMENT and not comment.strip():
        return NEEDS_COMMENT[action]
    if score is not None and action != APPROVE:
        return "只有审核通过时可以给出复核得分。"
    if notes and action not in NOTES_ALLOWED:
        return "只有退回修改或审核通过时可以对单条发现问题写意见。"
    for note in notes:
        if not note.finding_key or not note.comment.strip():
            return "对发现问题的意见不能为空：请填写意见，或删去这一条。"
    return None


@dataclass(frozen=True)
class Event:
    """One transition of a unit-year's review, with its comments on single findings."""

    id: int
    unit: str
    year: int
    step: int
    action: str
    from_state: str
    to_state: str
    version: int | None
    score: Decimal | None
    comment: str
    subject: str
    name: str
    at: str  # ISO 8601 UTC
    notes: tuple[Note, ...] = ()

    @property
    def who(self) -> str:
        return f"{self.name}（{self.subject}）" if self.name else self.subject


@dataclass(frozen=True)
class Review:
    """Where a unit-year stands: its state, the version the last step concerned, the 复核得分
    while it stands (approved or final), and the last step (its comment and notes)."""

    unit: str
    year: int
    state: str = DRAFT
    version: int | None = None
    score: Decimal | None = None
    step: int = 0
    last: Event | None = None
    events: tuple[Event, ...] = field(default=(), repr=False)

    @property
    def state_name(self) -> str:
        return state_name(self.state)

    @property
    def locked(self) -> bool:
        return self.state in LOCKED

    @property
    def open_comments(self) -> Event | None:
        """The return (or reopen) the unit must answer: shown until it submits again."""
        if self.state == RETURNED and self.last is not None:
            return self.last
        return None

    def allowed(self, action: str) -> bool:
        return self.state in TRANSITIONS[action].sources
