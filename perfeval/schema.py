"""The names every layer shares: sheets, columns and enumerations of the workbook contract.
Pandas code names columns with these constants, never with scattered string literals."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # pandas loads when a table is made, not when a name is looked up (the CLI)
    import pandas as pd

CONTRACT_VERSION = 1

# ---------------------------------------------------------------- sheets
SHEET_INFO = "基本信息"
SHEET_SPENDING = "支出"
SHEET_INCOME = "收入"
SHEET_KPI = "绩效指标"
SHEET_TEXT = "文字说明"
EXAMPLE_PREFIX = "示例-"  # the template's worked-example sheets: 示例-支出 …
SHEET_GUIDE = "填写说明"
REQUIRED_SHEETS = (SHEET_INFO, SHEET_SPENDING)
DATA_SHEETS = (SHEET_INFO, SHEET_SPENDING, SHEET_INCOME, SHEET_KPI, SHEET_TEXT)

# ---------------------------------------------------------------- 基本信息
INFO_KEY = "项目"
INFO_VALUE = "内容"
INFO_UNIT = "单位名称"
INFO_YEAR = "年度"
INFO_NATURE = "单位性质"
INFO_DEPARTMENT = "主管部门"  # optional: the 主管部门 a unit reports through (city page filter)
INFO_UNIT_TYPE = "单位类型"  # optional: one of UNIT_TYPES
INFO_STAFF_QUOTA = "编制数"
INFO_STAFF = "在职人数"
INFO_RETIRED_EARLY = "离休人数"
INFO_RETIRED = "退休人数"
INFO_RETIRED_ALL = "离退休人数"  # optional: given instead of (or beside) 离休人数 + 退休人数
INFO_DIVISIONS = "内设机构"
INFO_AFFILIATES = "所属事业单位"
INFO_KEYS = (
    INFO_UNIT,
    INFO_YEAR,
    INFO_NATURE,
    INFO_DEPARTMENT,
    INFO_UNIT_TYPE,
    INFO_STAFF_QUOTA,
    INFO_STAFF,
    INFO_RETIRED_ALL,
    INFO_RETIRED_EARLY,
    INFO_RETIRED,
    INFO_DIVISIONS,
    INFO_AFFILIATES,
)
INFO_REQUIRED = (INFO_UNIT, INFO_YEAR)
UNIT_TYPE_ADMIN = "行政"
UNIT_TYPE_PUBLIC = "事业"
UNIT_TYPES = (UNIT_TYPE_ADMIN, UNIT_TYPE_PUBLIC)
# 基本信息 rows holding a head count: whole numbers, never negative.
INFO_STAFF_KEYS = (INFO_STAFF_QUOTA, INFO_STAFF, INFO_RETIRED_ALL, INFO_RETIRED_EARLY, INFO_RETIRED)
LIST_SEPARATOR = "、"

# ---------------------------------------------------------------- 支出 / 收入
ROW = "行号"  # the Excel row a record came from (1-based, as Excel numbers it)
FUND = "资金性质"
CATEGORY = "支出类别"
ITEM = "明细"
BUDGET_INITIAL = "年初预算数"
BUDGET = "全年预算数"
ACTUAL = "全年执行数"
NOTE = "备注"
INCOME_ITEM = "收入项目"
INCOME = "全年收入数"

FUND_GENERAL = "一般公共预算"
FUND_GOV = "政府性基金预算"
FUND_SOE = "国有资本经营预算"
FUND_SOCIAL = "社会保险基金预算"
FUNDS = (FUND_GENERAL, FUND_GOV, FUND_SOE, FUND_SOCIAL)

CAT_BASIC = "基本支出"
CAT_PROJECT = "项目支出"
CATEGORIES = (CAT_BASIC, CAT_PROJECT)
ITEM_PERSONNEL = "人员经费"
ITEM_PUBLIC = "公用经费"
BASIC_ITEMS = (ITEM_PERSONNEL, ITEM_PUBLIC)
SUBTOTAL_MARKERS = ("合计", "总计", "小计")

SPENDING_COLUMNS = (FUND, CATEGORY, ITEM, BUDGET_INITIAL, BUDGET, ACTUAL, NOTE)
SPENDING_REQUIRED = (CATEGORY, ACTUAL)
INCOME_COLUMNS = (FUND, INCOME_ITEM, INCOME)
INCOME_REQUIRED = (INCOME_ITEM, INCOME)

# ---------------------------------------------------------------- 绩效指标
L1 = "一级指标"
L2 = "二级指标"
KPI_NAME = "三级指标"
KPI_UNIT = "计量单位"
DIRECTION = "指标方向"
TARGET = "年度指标值"
RESULT = "实际完成值"
PREV_RESULT = "上年完成值"
WEIGHT = "分值"
REASON = "偏差原因"
# Derived by the reader, not columns of the sheet:
TARGET_TEXT = "年度指标值原文"  # the target as written (e.g. "≥560家"), for display
RESULT_TEXT = "实际完成值原文"  # the result as written
RESULT_LEVEL = "定性结果"  # 达成 / 部分达成 / 未达成 for 定性 rows, else None

L1_OUTPUT = "产出指标"
L1_OUTCOME = "效益指标"
L1_SATISFACTION = "满意度指标"
L1_COST = "成本指标"
L1_VALUES = (L1_OUTPUT, L1_OUTCOME, L1_SATISFACTION, L1_COST)
L2_VALUES = (
    "数量指标",
    "质量指标",
    "时效指标",
    "成本指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "可持续影响指标",
    "服务对象满意度指标",
)
DIR_GE = "≥"
DIR_LE = "≤"
DIR_EQ = "="
DIR_QUAL = "定性"
DIRECTIONS = (DIR_GE, DIR_LE, DIR_EQ, DIR_QUAL)
QUAL_MET = "达成"
QUAL_PARTIAL = "部分达成"
QUAL_MISSED = "未达成"
QUAL_LEVELS = (QUAL_MET, QUAL_PARTIAL, QUAL_MISSED)
QUAL_LONG_FORMS = {
    "达成年度指标": QUAL_MET,
    "部分达成年度指标并具有一定效果": QUAL_PARTIAL,
    "未达成年度指标且效果较差": QUAL_MISSED,
}

KPI_SHEET_COLUMNS = (
    L1,
    L2,
    KPI_NAME,
    KPI_UNIT,
    DIRECTION,
    TARGET,
    RESULT,
    PREV_RESULT,
    WEIGHT,
    REASON,
)
KPI_REQUIRED = (L1, KPI_NAME, RESULT)
KPI_COLUMNS = (*KPI_SHEET_COLUMNS, TARGET_TEXT, RESULT_TEXT, RESULT_LEVEL)

# ---------------------------------------------------------------- 文字说明
SECTION = "章节"
CONTENT = "内容"
SEC_FUNCTIONS = "主要职能"
SEC_WORK = "主要工作完成情况"
SEC_PROBLEMS = "存在的问题"
SEC_MEASURES = "改进措施"
SEC_OTHER = "其他说明"
SECTIONS = (SEC_FUNCTIONS, SEC_WORK, SEC_PROBLEMS, SEC_MEASURES, SEC_OTHER)

# ---------------------------------------------------------------- funding rows and project evaluations
# The 自评表 forms state funding as a 年度资金总额 row and its 其中 rows; a 项目支出绩效自评表 is one
# project evaluation. PROJECT_ID links a project's rows across the tables ("" for the unit's own).
PROJECT_ID = "项目序号"
PROJECT = "项目名称"
PROJECT_CODE = "项目编码"
PROJECT_DEPT = "主管部门"
PROJECT_UNIT = "实施单位"
SOURCE_SHEET = "工作表"
FUND_LINE = "资金来源"  # 年度资金总额, or one of its 其中 rows as the form writes it
FUND_TOTAL = "年度资金总额"
EXEC_WEIGHT = "执行率分值"  # the points the form gives 预算执行率 (10 in the national forms)
GOAL = "预期目标"
OUTCOME = "实际完成情况"
FUNDING_COLUMNS = (PROJECT_ID, FUND_LINE, BUDGET_INITIAL, BUDGET, ACTUAL)
PROJECT_COLUMNS = (
    PROJECT_ID,
    SOURCE_SHEET,
    PROJECT,
    PROJECT_CODE,
    PROJECT_DEPT,
    PROJECT_UNIT,
    EXEC_WEIGHT,
    GOAL,
    OUTCOME,
)
PROJECT_KPI_COLUMNS = (PROJECT_ID, *KPI_COLUMNS)

# ---------------------------------------------------------------- derived by the model / scoring
SHARE = "占比"  # ratio of a line to its category total (Decimal)
PREV_ACTUAL = "上年执行数"
DELTA = "增减额"
CHANGE_RATE = "增减率"  # ratio, Decimal; None where last year is zero or missing
EXEC_RATE = "执行率"  # 全年执行数 / 全年预算数, ratio
COMPLETION = "完成率"  # ratio shown for an indicator (B/A or A/B, scoring.md)
ASSIGNED_WEIGHT = "分配分值"  # the weight an indicator carries after splitting / redistribution
SCORE = "得分"
STATUS = "状态"
PART = "评分部分"  # 预算执行率 / 产出指标 / 效益指标 / 满意度指标
PART_EXECUTION = "预算执行率"
STATUS_MET = "达标"
STATUS_MISSED = "未达标"
STATUS_UNQUANTIFIED = "未量化"
STATUS_QUAL = "定性"
STATUSES = (STATUS_MET, STATUS_MISSED, STATUS_UNQUANTIFIED, STATUS_QUAL)

# Columns holding exact Decimal values (None when blank), per table.
DECIMAL_COLUMNS = {
    "spending": (BUDGET_INITIAL, BUDGET, ACTUAL),
    "income": (INCOME,),
    "indicators": (TARGET, RESULT, PREV_RESULT, WEIGHT),
    "funding": (BUDGET_INITIAL, BUDGET, ACTUAL),
    "projects": (EXEC_WEIGHT,),
    "project_indicators": (TARGET, RESULT, PREV_RESULT, WEIGHT),
}
TABLE_COLUMNS = {
    "spending": (ROW, *SPENDING_COLUMNS),
    "income": (ROW, *INCOME_COLUMNS),
    "indicators": (ROW, *KPI_COLUMNS),
    "funding": (ROW, *FUNDING_COLUMNS),  # the 自评表's 年度资金总额 and 其中 rows
    "projects": (ROW, *PROJECT_COLUMNS),  # one row per 项目支出绩效自评表
    "project_indicators": (ROW, *PROJECT_KPI_COLUMNS),
}


def make_table(records: list[dict[str, Any]], columns: tuple[str, ...]) -> pd.DataFrame:
    """A DataFrame of object dtype (Decimals and None kept as they are) with exactly `columns`."""
    import pandas as pd

    rows = [[rec.get(col) for col in columns] for rec in records]
    return pd.DataFrame(rows, columns=list(columns), dtype=object)


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of a small object-dtype frame as dicts, values as stored (Decimal, None).

    Several times faster than `DataFrame.to_dict("records")`, which boxes every value through
    pandas' own machinery; the model, the report and the store call this on every row.
    """
    columns = list(frame.columns)
    return (
        [
            dict(zip(columns, row, strict=True))
            for row in zip(*(frame[c].tolist() for c in columns), strict=True)
        ]
        if columns
        else []
    )


# ---------------------------------------------------------------- problems
Level = Literal["error", "warning", "note"]


LEVEL_ERROR = "error"  # the file cannot be stored
LEVEL_WARNING = "warning"
LEVEL_NOTE = "note"
LEVELS = (LEVEL_ERROR, LEVEL_WARNING, LEVEL_NOTE)  # most severe first
LEVEL_LABELS = {LEVEL_ERROR: "错误", LEVEL_WARNING: "警告", LEVEL_NOTE: "提示"}

# Problem codes read in more than one layer (the reader raises them, the model's appendix checks
# list them, the audit or the scoring raises them too). Codes used only where they are raised
# stay there.
CODE_REPEATED_HEADER = "repeated_header"
CODE_HIDDEN_SHEET = "hidden_sheet"
CODE_CONTROL_CHARS = "control_chars"
CODE_LONG_TEXT = "long_text"
CODE_UNKNOWN_COLUMN = "unknown_column"
CODE_MACROS = "macros"
CODE_SUBTOTAL_MISMATCH = "subtotal_mismatch"
CODE_UNIT_SLIP = "unit_slip"
CODE_NO_BUDGET = "no_budget"
CODE_TEXT_MISMATCH = "text_mismatch"
CODE_TEXT_DOUBT = "text_doubt"
CODE_TEXT_UNIT = "text_unit_slip"


@dataclass(frozen=True)
class Problem:
    """One thing wrong or worth saying about input or figures, located like Excel does."""

    level: Level
    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    code: str = ""

    def location(self) -> str:
        parts = []
        if self.sheet:
            parts.append(self.sheet)
        if self.row is not None:
            parts.append(f"第{self.row}行")
        loc = " ".join(parts)
        if self.column:
            loc += f"「{self.column}」"
        return loc

    def __str__(self) -> str:
        loc = self.location()
        return f"{loc}：{self.message}" if loc else self.message

    def to_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "message": self.message,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "code": self.code,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Problem:
        return cls(**data)


def has_errors(problems: list[Problem]) -> bool:
    return any(p.level == "error" for p in problems)


# ---------------------------------------------------------------- one workbook
@dataclass
class Workbook:
    """The checked content of one workbook: one unit, one year. Tables use the constants above."""

    unit: str
    year: int
    info: dict[str, str]
    spending: pd.DataFrame
    income: pd.DataFrame = field(default_factory=lambda: make_table([], TABLE_COLUMNS["income"]))
    indicators: pd.DataFrame = field(
        default_factory=lambda: make_table([], TABLE_COLUMNS["indicators"])
    )
    texts: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  # warnings and notes kept with the data
    funding: pd.DataFrame = field(default_factory=lambda: make_table([], TABLE_COLUMNS["funding"]))
    projects: pd.DataFrame = field(
        default_factory=lambda: make_table([], TABLE_COLUMNS["projects"])
    )
    project_indicators: pd.DataFrame = field(
        default_factory=lambda: make_table([], TABLE_COLUMNS["project_indicators"])
    )

    def to_dict(self) -> dict[str, Any]:
        tables = {}
        for name in TABLE_COLUMNS:
            frame: pd.DataFrame = getattr(self, name)
            decimals = DECIMAL_COLUMNS[name]
            rows = []
            for rec in records(frame):
                rows.append(
                    {k: (str(v) if k in decimals and v is not None else v) for k, v in rec.items()}
                )
            tables[name] = rows
        return {
            "contract": CONTRACT_VERSION,
            "unit": self.unit,
            "year": self.year,
            "info": dict(self.info),
            "texts": dict(self.texts),
            "problems": [p.to_dict() for p in self.problems],
            **tables,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Workbook:
        tables = {}
        for name, columns in TABLE_COLUMNS.items():
            decimals = DECIMAL_COLUMNS[name]
            rows = [
                {k: (Decimal(v) if k in decimals and v is not None else v) for k, v in rec.items()}
                for rec in data.get(name, [])
            ]
            tables[name] = make_table(rows, columns)
        return cls(
            unit=data["unit"],
            year=int(data["year"]),
            info=dict(data.get("info", {})),
            texts=dict(data.get("texts", {})),
            problems=[Problem.from_dict(p) for p in data.get("problems", [])],
            **tables,
        )

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Workbook:
        return cls.from_dict(json.loads(text))


@dataclass
class ReadResult:
    """What the reader returns: the workbook (None when it could not be read) and every problem."""

    source: str
    workbook: Workbook | None
    problems: list[Problem]
    # what the reader recognised, for the upload preview: "部门整体支出绩效自评表（2024年度，XX局）"
    recognised: list[str] = field(default_factory=list)
    # The recognised forms the workbook was made from (perfeval.combine.Part), so that files of
    # one unit-year given together can be combined; empty: the workbook is one part of itself.
    parts: list[Any] = field(default_factory=list)
    # When the reader is not sure which column plays a role, it reads nothing and proposes a
    # mapping per sheet (perfeval.readers.mapping.MappingProposal) for the clerk to confirm.
    proposals: list[Any] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.workbook is not None and not has_errors(self.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "warning"]
