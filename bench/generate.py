"""A deterministic synthetic city: N budget units × M years of contract-format workbooks.

Every unit-year is drawn from its own `random.Random(f"{seed}:{unit}:{year}")`, so a smaller run
(`--units 2 --years 5`) holds exactly the same workbooks as the first units / last years of the
full city. Files are written with `perfeval.template.write_workbook` (the app's own writer) and
cached under `bench/out/city/seed<S>-u<N>-y<M>/`; a `manifest.json` written last marks a complete
set, so reruns reuse it. `python -m bench.generate --units 100 --years 10` writes the full city.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from perfeval.schema import (
    ACTUAL,
    BUDGET,
    BUDGET_INITIAL,
    CAT_BASIC,
    CAT_PROJECT,
    CATEGORY,
    DIR_EQ,
    DIR_GE,
    DIR_LE,
    DIR_QUAL,
    DIRECTION,
    FUND,
    FUND_GENERAL,
    FUND_GOV,
    FUND_SOE,
    INCOME,
    INCOME_ITEM,
    INFO_AFFILIATES,
    INFO_DEPARTMENT,
    INFO_DIVISIONS,
    INFO_NATURE,
    INFO_RETIRED,
    INFO_RETIRED_EARLY,
    INFO_STAFF,
    INFO_STAFF_QUOTA,
    INFO_UNIT,
    INFO_UNIT_TYPE,
    INFO_YEAR,
    ITEM,
    ITEM_PERSONNEL,
    ITEM_PUBLIC,
    KPI_NAME,
    KPI_UNIT,
    L1,
    L1_COST,
    L1_OUTCOME,
    L1_OUTPUT,
    L1_SATISFACTION,
    L2,
    LIST_SEPARATOR,
    NOTE,
    PREV_RESULT,
    QUAL_LEVELS,
    REASON,
    RESULT,
    SEC_FUNCTIONS,
    SEC_MEASURES,
    SEC_OTHER,
    SEC_PROBLEMS,
    SEC_WORK,
    TARGET,
    UNIT_TYPE_ADMIN,
    UNIT_TYPE_PUBLIC,
    WEIGHT,
)

GENERATOR_VERSION = 2  # bump when the output changes: part of the cache key
DEFAULT_SEED = 20250101
DEFAULT_UNITS = 100
DEFAULT_YEARS = 10
LAST_YEAR = 2024
OUT_DIR = Path(__file__).resolve().parent / "out" / "city"
MANIFEST = "manifest.json"
CENT = Decimal("0.01")

CITY = "临江市"
BUREAUS = (
    "教育局",
    "科技和工业信息化局",
    "公安局",
    "民政局",
    "司法局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "商务局",
    "文化旅游广电体育局",
    "卫生健康局",
    "退役军人事务局",
    "应急管理局",
    "审计局",
    "市场监督管理局",
    "统计局",
    "医疗保障局",
    "林业局",
    "城市管理和综合执法局",
    "信访局",
    "机关事务管理局",
    "粮食和物资储备局",
    "人民防空办公室",
    "发展和改革局",
    "行政审批服务局",
    "档案馆",
    "地方金融监督管理局",
    "乡村振兴局",
    "数据资源局",
    "供销合作社联合社",
    "总工会",
    "妇女联合会",
    "共青团委员会",
    "科学技术协会",
    "残疾人联合会",
)
AGENCIES = (
    "第一中学",
    "第二中学",
    "第三中学",
    "职业中专学校",
    "实验小学",
    "人民医院",
    "中医医院",
    "妇幼保健院",
    "疾病预防控制中心",
    "社会福利院",
    "殡仪馆",
    "公共资源交易中心",
    "不动产登记中心",
    "住房公积金管理中心",
    "城市建设投资服务中心",
    "水文水资源勘测站",
    "农业技术推广中心",
    "动物疫病预防控制中心",
    "林业调查规划设计队",
    "图书馆",
    "文化馆",
    "博物馆",
    "体育运动学校",
    "广播电视台",
    "融媒体中心",
    "政务服务中心",
    "就业服务中心",
    "社会保险事业中心",
    "医疗保险服务中心",
    "退役军人服务中心",
    "应急救援指挥中心",
    "市场监管综合执法大队",
    "产品质量监督检验所",
    "环境监测站",
    "城市管理综合执法大队",
    "园林绿化中心",
    "环境卫生管理处",
    "公路建设养护中心",
    "港航事务中心",
    "水库管理所",
    "防汛抗旱服务中心",
    "气象服务中心",
    "地震监测中心",
    "机关幼儿园",
    "老年大学",
    "党校",
    "接待服务中心",
    "信息中心",
    "统计调查队",
    "经济开发区管理委员会",
    "高新技术产业园区服务中心",
    "物流园区服务中心",
    "粮食储备库",
    "救助管理站",
    "康复医院",
    "血站",
    "精神卫生中心",
    "急救中心",
    "档案技术服务中心",
    "会计核算中心",
)
DIVISION_NAMES = (
    "办公室",
    "财务股",
    "人事股",
    "政策法规股",
    "规划股",
    "综合业务股",
    "监督检查股",
    "信访室",
    "宣传股",
    "安全生产股",
    "项目管理股",
    "信息化股",
    "审批服务股",
    "执法监督股",
)
TOPICS = (
    "教育信息化",
    "农村道路养护",
    "城区污水管网改造",
    "老旧小区改造",
    "高标准农田建设",
    "义务教育营养改善",
    "公共文化服务",
    "基层医疗卫生服务",
    "疫情防控",
    "森林防火",
    "防汛抗旱",
    "安全生产监管",
    "食品安全抽检",
    "市场主体培育",
    "科技创新平台建设",
    "中小企业发展",
    "招商引资",
    "就业创业",
    "职业技能培训",
    "养老服务",
    "困难群众救助",
    "残疾人康复",
    "退役军人优抚",
    "社区治理",
    "平安建设",
    "法律援助",
    "普法宣传",
    "生态环境监测",
    "大气污染防治",
    "河长制",
    "水土保持",
    "农村饮水安全",
    "乡村振兴衔接",
    "农村人居环境整治",
    "动物防疫",
    "农产品质量安全",
    "种业振兴",
    "数字政府建设",
    "政务数据共享",
    "档案数字化",
    "统计调查",
    "审计监督",
    "不动产登记",
    "国土空间规划",
    "耕地保护",
    "城市绿化",
    "环卫保洁",
    "路灯维护",
    "公共交通补贴",
    "体育场馆运行",
    "全民健身",
    "文物保护",
    "非遗传承",
    "图书购置",
    "校舍维修",
    "学生资助",
    "教师培训",
    "妇幼健康",
    "慢性病防控",
    "应急物资储备",
)
KINDS = (
    "专项资金",
    "补助经费",
    "工作经费",
    "建设项目",
    "奖补资金",
    "运行维护经费",
    "购买服务经费",
    "设备购置",
    "专项业务费",
    "以奖代补资金",
    "配套资金",
    "能力提升经费",
)
QUALIFIERS = ("", "", "城区", "农村", "重点", "市级")

# (一级指标, 二级指标, 三级指标, 计量单位, kind): kind ge/le/eq/pct/qual picks the direction.
KPI_TEMPLATES = (
    (L1_OUTPUT, "数量指标", "完成项目个数", "个", "ge"),
    (L1_OUTPUT, "数量指标", "服务对象人次", "人次", "ge"),
    (L1_OUTPUT, "数量指标", "培训人数", "人", "ge"),
    (L1_OUTPUT, "数量指标", "检查企业数", "家", "ge"),
    (L1_OUTPUT, "数量指标", "新建改建里程", "公里", "ge"),
    (L1_OUTPUT, "数量指标", "举办活动场次", "场", "ge"),
    (L1_OUTPUT, "数量指标", "办理事项数", "件", "ge"),
    (L1_OUTPUT, "数量指标", "覆盖乡镇数", "个", "ge"),
    (L1_OUTPUT, "质量指标", "项目验收合格率", "%", "pct"),
    (L1_OUTPUT, "质量指标", "资金拨付准确率", "%", "eq"),
    (L1_OUTPUT, "质量指标", "抽检合格率", "%", "pct"),
    (L1_OUTPUT, "质量指标", "信访事项回复率", "%", "eq"),
    (L1_OUTPUT, "时效指标", "资金拨付及时率", "%", "pct"),
    (L1_OUTPUT, "时效指标", "项目完成及时率", "%", "pct"),
    (L1_OUTPUT, "时效指标", "平均办结时间", "天", "le"),
    (L1_COST, "成本指标", "单位运行成本", "万元", "le"),
    (L1_COST, "成本指标", "“三公”经费控制率", "%", "le"),
    (L1_OUTCOME, "经济效益指标", "带动社会投资", "万元", "ge"),
    (L1_OUTCOME, "经济效益指标", "新增就业岗位", "个", "ge"),
    (L1_OUTCOME, "社会效益指标", "群众知晓率", "%", "pct"),
    (L1_OUTCOME, "社会效益指标", "公共服务水平", None, "qual"),
    (L1_OUTCOME, "社会效益指标", "安全事故发生率", "%", "le"),
    (L1_OUTCOME, "生态效益指标", "空气质量优良天数比例", "%", "pct"),
    (L1_OUTCOME, "生态效益指标", "生态环境改善情况", None, "qual"),
    (L1_OUTCOME, "可持续影响指标", "长效管理机制", None, "qual"),
    (L1_OUTCOME, "可持续影响指标", "设施持续使用年限", "年", "ge"),
    (L1_SATISFACTION, "服务对象满意度指标", "服务对象满意度", "%", "pct"),
    (L1_SATISFACTION, "服务对象满意度指标", "群众满意度", "%", "pct"),
)
REASONS = (
    "受上级资金下达较晚影响，部分项目未能按期完成。",
    "项目前期手续办理时间较长，进度滞后。",
    "受天气影响，施工期缩短。",
    "政策调整，部分任务顺延至下年度。",
)
WORK_PHRASES = (
    "认真贯彻落实市委、市政府决策部署，",
    "围绕年度重点工作任务，",
    "强化预算执行管理，",
    "坚持以人民为中心的发展思想，",
    "持续优化营商环境，",
    "扎实推进各项民生实事，",
)
PROBLEM_PHRASES = (
    "年初预算绩效目标指标不够细化、量化。",
    "部分项目预算执行进度偏慢。",
    "绩效自评工作质量有待提高。",
    "项目资金使用效益评价机制尚不健全。",
)
MEASURE_PHRASES = (
    "加强绩效管理理念，将资金预算安排与绩效目标相结合。",
    "细化、量化年初绩效目标，并将绩效目标与资金分配挂钩。",
    "加快预算执行进度，提高资金使用效益。",
    "健全内部控制制度，规范资金管理。",
)


def unit_names(count: int) -> list[str]:
    """`count` distinct unit names of the city: the bureaus first, then their agencies."""
    names = [CITY + b for b in BUREAUS] + [CITY + a for a in AGENCIES]
    k = 2
    while len(names) < count:  # beyond 100: numbered branches, still distinct
        names += [f"{CITY}{a}第{k}分部" for a in AGENCIES]
        k += 1
    return names[:count]


def years_for(count: int) -> list[int]:
    """The last `count` years up to 2024."""
    return list(range(LAST_YEAR - count + 1, LAST_YEAR + 1))


def _money(value: float) -> Decimal:
    return Decimal(str(round(max(value, 0.01), 2))).quantize(CENT)


@dataclass(frozen=True)
class _Profile:
    """What stays the same for a unit across years."""

    name: str
    nature: str
    staff: int
    lines: int  # project lines in a typical year
    kpis: int
    projects: tuple[str, ...]
    project_scale: float
    gov_fund: bool
    weights: bool
    divisions: tuple[str, ...]


def _profile(seed: int, index: int, name: str) -> _Profile:
    rng = random.Random(f"{seed}:unit:{index}")
    lines = rng.randint(18, 196)
    pool: set[str] = set()
    while len(pool) < int(lines * 1.4) + 5:
        pool.add(rng.choice(QUALIFIERS) + rng.choice(TOPICS) + rng.choice(KINDS))
    nature = (
        "行政单位" if index < len(BUREAUS) else rng.choice(("公益一类事业单位", "公益二类事业单位"))
    )
    return _Profile(
        name=name,
        nature=nature,
        staff=rng.randint(15, 400),
        lines=lines,
        kpis=rng.randint(5, 40),
        projects=tuple(sorted(pool)),
        project_scale=rng.uniform(10, 120),
        gov_fund=rng.random() < 0.3,
        weights=rng.random() < 0.3,
        divisions=tuple(rng.sample(DIVISION_NAMES, rng.randint(3, 10))),
    )


def _spending(rng: random.Random, p: _Profile, growth: float) -> list[dict[str, Any]]:
    staff = max(5, int(p.staff * growth))
    rows: list[dict[str, Any]] = []

    def line(fund: str, category: str, item: str | None, budget: float) -> None:
        b = _money(budget)
        initial = _money(budget * rng.uniform(0.8, 1.0))
        rate = 1.0 if rng.random() < 0.35 else rng.uniform(0.55, 1.0)
        rec = {
            FUND: fund,
            CATEGORY: category,
            ITEM: item,
            BUDGET_INITIAL: initial,
            BUDGET: b,
            ACTUAL: _money(budget * rate),
        }
        if rng.random() < 0.05:
            rec[NOTE] = "年中追加预算"
        rows.append(rec)

    line(FUND_GENERAL, CAT_BASIC, ITEM_PERSONNEL, staff * rng.uniform(14, 24))
    line(FUND_GENERAL, CAT_BASIC, ITEM_PUBLIC, staff * rng.uniform(1.5, 4))
    count = max(18, min(198, int(p.lines * rng.uniform(0.9, 1.1))))
    count = min(count, len(p.projects))
    for item in rng.sample(p.projects, count):
        fund = FUND_GENERAL
        roll = rng.random()
        if p.gov_fund and roll < 0.15:
            fund = FUND_GOV
        elif roll > 0.995:
            fund = FUND_SOE
        line(fund, CAT_PROJECT, item, rng.lognormvariate(0, 1.1) * p.project_scale * growth)
    return rows


def _income(rng: random.Random, spending: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by_fund: dict[str, Decimal] = {}
    for rec in spending:
        by_fund[rec[FUND]] = by_fund.get(rec[FUND], Decimal(0)) + rec[ACTUAL]
    rows = []
    general = by_fund.pop(FUND_GENERAL, Decimal(0))
    other = (general * Decimal(str(round(rng.uniform(0, 0.08), 3)))).quantize(CENT)
    rows.append({FUND: FUND_GENERAL, INCOME_ITEM: "财政拨款收入", INCOME: general - other})
    if other:
        rows.append(
            {FUND: FUND_GENERAL, INCOME_ITEM: rng.choice(("事业收入", "其他收入")), INCOME: other}
        )
    for fund, amount in by_fund.items():
        rows.append({FUND: fund, INCOME_ITEM: "财政拨款收入", INCOME: amount})
    return rows


def _indicator(rng: random.Random, template: tuple, weight: Decimal | None) -> dict[str, Any]:
    l1, l2, name, unit, kind = template
    rec: dict[str, Any] = {L1: l1, L2: l2, KPI_NAME: name, KPI_UNIT: unit}
    if weight is not None:
        rec[WEIGHT] = weight
    if kind == "qual":
        level = rng.choices(QUAL_LEVELS, weights=(8, 2, 1))[0]
        rec.update({DIRECTION: DIR_QUAL, TARGET: "明显提升", RESULT: level})
        if level != QUAL_LEVELS[0] and rng.random() < 0.5:
            rec[REASON] = rng.choice(REASONS)
        return rec
    unquantified = rng.random() < 0.12
    if kind == "ge":
        target = rng.choice((10, 20, 50, 100, 120, 200, 500, 560, 1000, 3000))
        result = round(target * rng.uniform(0.8, 1.35))
        direction = DIR_GE
    elif kind == "pct":
        target = rng.choice((80, 85, 90, 95, 98))
        result = round(min(100.0, target * rng.uniform(0.9, 1.12)), 1)
        direction = DIR_GE
    elif kind == "le":
        target = rng.choice((3, 5, 10, 15, 30, 100))
        result = round(target * rng.uniform(0.7, 1.15), 1)
        direction = DIR_LE
    else:  # eq
        target, result, direction = 100, rng.choice((100, 100, 100, 98, 99.5)), DIR_EQ
    missed = (direction == DIR_LE and result > target) or (direction != DIR_LE and result < target)
    rec[DIRECTION] = direction
    rec[RESULT] = Decimal(str(result))
    if not unquantified:
        rec[TARGET] = f"{direction}{target}{unit}"
    if rng.random() < 0.4:
        rec[PREV_RESULT] = Decimal(str(round(result * rng.uniform(0.85, 1.05), 1)))
    if missed and rng.random() < 0.6:
        rec[REASON] = rng.choice(REASONS)
    return rec


def _indicators(rng: random.Random, p: _Profile) -> list[dict[str, Any]]:
    count = max(5, min(40, p.kpis + rng.randint(-2, 2)))
    templates = [rng.choice(KPI_TEMPLATES) for _ in range(count)]
    weights: list[Decimal | None] = [None] * count
    if p.weights:
        share = Decimal(90) / count
        weights = [share.quantize(Decimal("0.1")) for _ in range(count)]
    rows = [_indicator(rng, t, w) for t, w in zip(templates, weights, strict=True)]
    seen: dict[str, int] = {}
    for rec in rows:  # repeated templates get numbered names, as real sheets do
        n = seen[rec[KPI_NAME]] = seen.get(rec[KPI_NAME], 0) + 1
        if n > 1:
            rec[KPI_NAME] = f"{rec[KPI_NAME]}（{n}）"
    return rows


def _texts(rng: random.Random, p: _Profile, year: int) -> dict[str, str]:
    functions = "\n".join(
        f"{i}、负责{rng.choice(TOPICS)}、{rng.choice(TOPICS)}等相关工作，拟订并组织实施有关政策措施。"
        for i in range(1, rng.randint(4, 12))
    )
    work = "\n".join(
        f"{i}、{rng.choice(WORK_PHRASES)}全年完成{rng.choice(TOPICS)}等工作{rng.randint(3, 60)}项，"
        f"{rng.choice(TOPICS)}取得明显成效。"
        for i in range(1, rng.randint(3, 9))
    )
    return {
        SEC_FUNCTIONS: functions,
        SEC_WORK: work,
        SEC_PROBLEMS: "".join(rng.sample(PROBLEM_PHRASES, rng.randint(1, 3))),
        SEC_MEASURES: "".join(rng.sample(MEASURE_PHRASES, rng.randint(1, 3))),
        SEC_OTHER: "无" if rng.random() < 0.7 else f"{year}年度机构改革，职能有所调整。",
    }


def _belongs(seed: int, index: int) -> dict[str, str]:
    """单位类型 and 主管部门 (version 2): bureaus answer to the city government, each agency to a
    bureau. Its own RNG, so every other figure of the city is what version 1 drew."""
    if index < len(BUREAUS):
        return {INFO_UNIT_TYPE: UNIT_TYPE_ADMIN, INFO_DEPARTMENT: f"{CITY}人民政府"}
    rng = random.Random(f"{seed}:department:{index}")
    return {INFO_UNIT_TYPE: UNIT_TYPE_PUBLIC, INFO_DEPARTMENT: CITY + rng.choice(BUREAUS[:12])}


def unit_year(seed: int, index: int, year: int, name: str | None = None) -> dict[str, Any]:
    """The keyword arguments of `write_workbook` for one unit-year (deterministic)."""
    name = name or unit_names(index + 1)[index]
    p = _profile(seed, index, name)
    rng = random.Random(f"{seed}:{index}:{year}")
    growth = 1.04 ** (year - LAST_YEAR) * rng.uniform(0.95, 1.05)
    staff = max(5, int(p.staff * growth))
    info = {
        INFO_UNIT: name,
        INFO_YEAR: year,
        INFO_NATURE: p.nature,
        INFO_STAFF_QUOTA: staff + rng.randint(-5, 5),
        INFO_STAFF: staff,
        INFO_RETIRED_EARLY: rng.randint(0, 2),
        INFO_RETIRED: rng.randint(0, staff * 2),
        INFO_DIVISIONS: LIST_SEPARATOR.join(p.divisions),
    }
    info.update(_belongs(seed, index))
    if rng.random() < 0.3:
        info[INFO_AFFILIATES] = LIST_SEPARATOR.join(rng.sample(AGENCIES, 2))
    spending = _spending(rng, p, growth)
    return {
        "info": info,
        "spending": spending,
        "income": _income(rng, spending),
        "indicators": _indicators(rng, p),
        "texts": _texts(rng, p, year),
    }


def file_name(index: int, year: int) -> str:
    return f"u{index:03d}-{year}.xlsx"


def _write_one(job: tuple[int, int, int, str, str]) -> tuple[str, int, int]:
    from perfeval.template import write_workbook

    seed, index, year, name, folder = job
    data = unit_year(seed, index, year, name)
    path = Path(folder) / file_name(index, year)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(write_workbook(**data))
    os.replace(tmp, path)
    return path.name, len(data["spending"]), len(data["indicators"])


def city_dir(seed: int, units: int, years: int, root: Path = OUT_DIR) -> Path:
    return root / f"seed{seed}-u{units}-y{years}-g{GENERATOR_VERSION}"


def generate(
    seed: int = DEFAULT_SEED,
    units: int = DEFAULT_UNITS,
    years: int = DEFAULT_YEARS,
    root: Path = OUT_DIR,
    workers: int | None = None,
    log=None,
) -> tuple[Path, dict[str, Any]]:
    """Write (or reuse) the city; returns its folder and manifest."""
    folder = city_dir(seed, units, years, root)
    manifest_path = folder / MANIFEST
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if all((folder / f).exists() for f in manifest["files"]):
            if log:
                log(f"reusing {len(manifest['files'])} workbooks in {folder}")
            return folder, manifest
    folder.mkdir(parents=True, exist_ok=True)
    names = unit_names(units)
    jobs = [(seed, i, y, names[i], str(folder)) for i in range(units) for y in years_for(years)]
    workers = workers or min(len(jobs), os.cpu_count() or 1)
    start = time.perf_counter()
    if workers > 1 and len(jobs) > 4:
        with ProcessPoolExecutor(workers) as pool:
            done = list(pool.map(_write_one, jobs, chunksize=8))
    else:
        done = [_write_one(j) for j in jobs]
    manifest = {
        "seed": seed,
        "units": units,
        "years": years_for(years),
        "generator": GENERATOR_VERSION,
        "files": [name for name, _, _ in done],
        "spending_lines": sum(n for _, n, _ in done),
        "indicators": sum(n for _, _, n in done),
        "bytes": sum((folder / name).stat().st_size for name, _, _ in done),
        "seconds": round(time.perf_counter() - start, 1),
    }
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    if log:
        log(f"wrote {len(done)} workbooks to {folder} in {manifest['seconds']} s")
    return folder, manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--units", type=int, default=DEFAULT_UNITS)
    parser.add_argument("--years", type=int, default=DEFAULT_YEARS)
    args = parser.parse_args(argv)
    folder, manifest = generate(args.seed, args.units, args.years, log=print)
    print(folder, len(manifest["files"]), "files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
