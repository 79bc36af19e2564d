"""The command line: the same pipeline as the dashboard, without a browser.
`python -m perfeval check|ingest|list|summary|template|versions|restore|delete|undelete …`"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from perfeval import pipeline
from perfeval.schema import Problem, ReadResult
from perfeval.store import Store, store_path

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_INPUT = 2
LEVEL_NAMES = {"error": "错误", "warning": "警告", "note": "提示"}


def _out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")


def _problem_line(source: str, problem: Problem) -> str:
    return f"{source}: [{LEVEL_NAMES.get(problem.level, problem.level)}] {problem}"


def _report_problems(
    results: Sequence[ReadResult | pipeline.CheckedFile], *, quiet_ok: bool = False
) -> None:
    for result in results:
        for problem in result.problems:
            _err(_problem_line(result.source, problem))
        if not quiet_ok:
            state = "可以入库" if result.ok else "有错误，不能入库"
            _err(
                f"{result.source}: {state}（错误{len(result.errors)}个，警告{len(result.warnings)}个）"
            )


def _report_groups(groups: Sequence[pipeline.UnitYearFiles]) -> None:
    """What was recognised in each file and which files became one unit-year (forms only)."""
    for group in groups:
        if not group.has_forms and not group.problems:
            continue
        files = "、".join(f"{name}：{label}" for name, label in group.labels())
        _err(f"{group.unit} {group.year}年度：{files}")
        for problem in group.problems:
            _err(f"{group.unit} {group.year}年度: [{LEVEL_NAMES[problem.level]}] {problem}")


def _check_and_combine(
    args: argparse.Namespace,
) -> tuple[list[pipeline.CheckedFile], list[pipeline.UnitYearFiles]]:
    """Every file checked, then the files of one unit-year combined (as the upload page does)."""
    checked = pipeline.check_files(args.workbooks, unit=args.unit, year=args.year)
    _report_problems(checked)
    groups = pipeline.combine_checked(checked)
    _report_groups(groups)
    return checked, groups


def cmd_check(args: argparse.Namespace) -> int:
    checked, groups = _check_and_combine(args)
    return EXIT_OK if all(c.ok for c in checked) and all(g.ok for g in groups) else EXIT_INPUT


def cmd_ingest(args: argparse.Namespace) -> int:
    store = Store(args.store)
    checked, groups = _check_and_combine(args)
    versions = store.save_prepared([g.upload for g in groups if g.ok])
    for v in versions:
        _out(f"已入库：{v.unit} {v.year}年度 第{v.version}版（{v.filename}）")
    bad = sum(not c.ok for c in checked)
    disagreeing = sum(not g.ok for g in groups)
    if bad or disagreeing:
        _err(
            f"{bad}个工作簿有错误、{disagreeing}个单位年度的文件互相矛盾，未入库；"
            f"其余{len(versions)}个已入库。"
        )
        return EXIT_INPUT
    return EXIT_OK


def cmd_convert(args: argparse.Namespace) -> int:
    """What was read from the forms, written as a workbook in the template's contract."""
    checked, groups = _check_and_combine(args)
    if not all(c.ok for c in checked) or not all(g.ok for g in groups):
        return EXIT_INPUT
    if len(groups) != 1:
        found = "、".join(f"{g.unit} {g.year}年度" for g in groups)
        _err(f"这些文件属于{len(groups)}个单位年度（{found}），一次只能转换一个；请分别转换。")
        return EXIT_INPUT
    Path(args.output).write_bytes(pipeline.workbook_bytes(groups[0].workbook))
    _err(f"已写入 {args.output}（{groups[0].unit} {groups[0].year}年度，按填报模板格式）")
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    store = Store(args.store)
    if store.is_empty():
        _out(f"数据库为空：{store_path(args.store)}")
        return EXIT_OK
    for unit in store.units():
        for year in store.years(unit):
            v = store.current(unit, year)
            count = len(store.versions(unit, year, include_deleted=False))
            _out(f"{unit}\t{year}\t当前第{v.version}版\t共{count}版\t{v.filename}\t{v.uploaded_at}")
    return EXIT_OK


def cmd_versions(args: argparse.Namespace) -> int:
    store = Store(args.store)
    for v in store.versions(args.unit, args.year):
        flags = "当前" if v.current else ("已删除" if v.deleted else "")
        _out(
            f"{v.unit}\t{v.year}\t第{v.version}版\t{flags}\t{v.filename}\t{v.uploaded_at}\t{v.sha256[:12]}"
        )
    return EXIT_OK


def _version_action(args: argparse.Namespace, action: str) -> int:
    store = Store(args.store)
    try:
        v = getattr(store, action)(args.unit, args.year, args.version)
    except (KeyError, ValueError) as exc:
        _err(str(exc.args[0] if exc.args else exc))
        return EXIT_INPUT
    verb = {"restore": "已设为当前版本", "delete": "已删除（可恢复）", "undelete": "已恢复"}[action]
    _out(f"{v.unit} {v.year}年度 第{v.version}版{verb}")
    return EXIT_OK


def cmd_summary(args: argparse.Namespace) -> int:
    try:
        if args.workbooks:
            checked = pipeline.check_files(args.workbooks, unit=args.unit, year=args.year)
            groups = pipeline.combine_checked(checked)
            if not all(c.ok for c in checked) or not all(g.ok for g in groups):
                _report_problems([c for c in checked if not c.ok])
                _report_groups([g for g in groups if not g.ok])
                return EXIT_INPUT
            history = pipeline.history_from_workbooks([g.workbook for g in groups], args.unit)
        else:
            history = pipeline.history_from_store(Store(args.store), args.unit)
        model = pipeline.model_for(history, args.year)
    except pipeline.SelectionError as exc:
        _err(str(exc))
        return EXIT_INPUT
    text = pipeline.report_text(model)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        _err(f"已写入 {args.output}")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_template(args: argparse.Namespace) -> int:
    from perfeval.template import write_template

    Path(args.output).write_bytes(write_template(example=not args.no_example))
    _err(f"已写入模板 {args.output}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m perfeval",
        description="预算绩效自评：检查、入库工作簿，生成自评摘要。",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def with_store(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument(
            "--store", default=None, help="数据目录（默认取环境变量 PERFEVAL_STORE 或 data/store）"
        )
        return p

    def with_unit_year(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--unit", help="单位名称：表格标题行中没有单位名称时使用")
        p.add_argument("--year", type=int, help="年度：表格标题行中没有年度时使用")
        return p

    p = with_unit_year(
        sub.add_parser("check", help="检查工作簿或表格，列出问题；无错误时退出码为0，否则为2")
    )
    p.add_argument("workbooks", nargs="+", metavar="WORKBOOK")
    p.set_defaults(func=cmd_check)

    p = with_unit_year(
        with_store(sub.add_parser("ingest", help="检查并入库；有错误的工作簿不入库，退出码2"))
    )
    p.add_argument("workbooks", nargs="+", metavar="WORKBOOK")
    p.set_defaults(func=cmd_ingest)

    p = with_unit_year(
        sub.add_parser("convert", help="把自评表、决算表等读出的内容写成填报模板格式的工作簿")
    )
    p.add_argument("workbooks", nargs="+", metavar="FORM")
    p.add_argument("-o", "--output", required=True, metavar="WORKBOOK.xlsx")
    p.set_defaults(func=cmd_convert)

    p = with_store(sub.add_parser("list", help="列出已入库的单位、年度和版本"))
    p.set_defaults(func=cmd_list)

    p = with_store(sub.add_parser("summary", help="生成自评摘要（Markdown）"))
    p.add_argument("workbooks", nargs="*", metavar="WORKBOOK")
    p.add_argument("--unit", help="单位名称（多个单位时必填；表格中没有单位名称时也用它）")
    p.add_argument("--year", type=int, help="年度（默认最近一年；表格中没有年度时也用它）")
    p.add_argument("-o", "--output", help="写入文件，而不是标准输出")
    p.set_defaults(func=cmd_summary)

    p = sub.add_parser("template", help="写出空白填报模板")
    p.add_argument("output", metavar="OUT.xlsx")
    p.add_argument("--no-example", action="store_true", help="不附示例工作表")
    p.set_defaults(func=cmd_template)

    p = with_store(sub.add_parser("versions", help="列出各版本（含已删除）"))
    p.add_argument("--unit")
    p.add_argument("--year", type=int)
    p.set_defaults(func=cmd_versions)

    for name, help_text in (
        ("restore", "将某一版本设为当前版本"),
        ("delete", "删除某一版本（可恢复）"),
        ("undelete", "恢复已删除的版本"),
    ):
        p = with_store(sub.add_parser(name, help=help_text))
        p.add_argument("--unit", required=True)
        p.add_argument("--year", type=int, required=True)
        p.add_argument("--version", type=int, required=True)
        p.set_defaults(func=lambda a, action=name: _version_action(a, action))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
