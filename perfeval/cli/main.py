"""The command line: the same pipeline as the dashboard, without a browser.
`python -m perfeval check|ingest|list|summary|rollup|audit|template|versions|restore|delete|undelete|users|activity`

Each command imports what it needs when it runs: `--help`, `list` and `versions` load neither
pandas nor the reader nor jinja2 (docs/performance.md, "Command line start-up")."""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from perfeval import fmt
from perfeval.cli import output
from perfeval.cli.text import ChineseArgumentParser
from perfeval.schema import LEVEL_LABELS

if TYPE_CHECKING:
    from perfeval import pipeline
    from perfeval.schema import Problem, ReadResult
    from perfeval.store.core import Store


def _store(root: str | None) -> Store:
    """The store (SQLAlchemy loads here, not for --help): --store DIR, else $PERFEVAL_DATABASE_URL,
    else $PERFEVAL_STORE."""
    from perfeval.store.core import Store

    return Store(root)


EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_INPUT = 2
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, as a shell reports a tool killed by it
DOCX_SUFFIX = ".docx"
XLSX_SUFFIXES = (".xlsx",)
SUMMARY_SUFFIXES = (".md", ".docx", ".txt")  # Markdown, Word; .txt holds the Markdown text


def _out(text: str = "") -> None:
    sys.stdout.write(fmt.printable_lines(text) + "\n")  # no ESC, CR or bidi from a file name


def _err(text: str) -> None:
    sys.stderr.write(fmt.printable_lines(text) + "\n")


def _problem_line(source: str, problem: Problem) -> str:
    return f"{source}: [{LEVEL_LABELS.get(problem.level, problem.level)}] {problem}"


def _report_problems(
    results: Sequence[ReadResult | pipeline.CheckedFile], *, quiet_ok: bool = False
) -> None:
    from perfeval import checking

    for result in results:
        for problem in result.problems:
            _err(_problem_line(result.source, problem))
        if not quiet_ok:
            state = "可以入库" if result.ok else "有错误，不能入库"
            _err(f"{result.source}: {state}（{checking.counts_text(result.problems)}）")


def _report_groups(groups: Sequence[pipeline.UnitYearFiles]) -> None:
    """What was recognised in each file and which files became one unit-year (forms only)."""
    for group in groups:
        if not group.has_forms and not group.problems:
            continue
        files = "、".join(f"{name}：{label}" for name, label in group.labels())
        _err(f"{group.unit} {group.year}年度：{files}")
        for problem in group.problems:
            _err(f"{group.unit} {group.year}年度: [{LEVEL_LABELS[problem.level]}] {problem}")


def _check_and_combine(
    args: argparse.Namespace,
) -> tuple[list[pipeline.CheckedFile], list[pipeline.UnitYearFiles]]:
    """Every file checked, then the files of one unit-year combined (as the upload page does)."""
    from perfeval import pipeline

    checked = pipeline.check_files(args.workbooks, unit=args.unit, year=args.year)
    _report_problems(checked)
    groups = pipeline.combine_checked(checked)
    _report_groups(groups)
    return checked, groups


def cmd_check(args: argparse.Namespace) -> int:
    checked, groups = _check_and_combine(args)
    return EXIT_OK if all(c.ok for c in checked) and all(g.ok for g in groups) else EXIT_INPUT


def cmd_ingest(args: argparse.Namespace) -> int:
    from perfeval import checking, pipeline

    store = _store(args.store)
    checked, groups = _check_and_combine(args)
    plan = checking.plan_save(pipeline.uploads_of(groups), store)
    for conflict in plan.conflicts:
        _err(f"[错误] {conflict.message}")
    for upload, current in plan.unchanged:
        _out(
            f"{upload.filename}：{upload.unit} {upload.year}年度{checking.same_as_text(current.version)}"
        )
    versions = store.save_prepared(plan.save)
    for v in versions:
        _out(f"已入库：{v.unit} {v.year}年度 第{v.version}版（{v.filename}）")
    _log_refusals(store, checked, groups, plan)
    bad = sum(not c.ok for c in checked)
    refused = sum(len(c.filenames) for c in plan.conflicts)
    disagreeing = sum(not g.ok for g in groups)
    if bad or refused or disagreeing:
        _err(
            f"{bad}个工作簿有错误、{refused}个因同一单位年度重复未入库、"
            f"{disagreeing}个单位年度的文件互相矛盾未入库；"
            f"其余{len(versions)}个已入库，{len(plan.unchanged)}个与当前版本相同。"
        )
        return EXIT_INPUT
    return EXIT_OK


def _log_refusals(store, checked, groups, plan) -> None:
    """Files not stored, in the trail with their reason (as the upload page records them)."""
    from perfeval.readers import MAX_UPLOAD_BYTES

    reasons: dict[str, tuple[str, str, int | None]] = {}  # file → (reason, unit, year)
    for c in checked:
        if not c.ok:
            errors = c.errors
            first = errors[0].message if errors else ""
            reasons[c.source] = (f"文件有{len(errors)}个错误，未入库：{first}", "", None)
    for g in groups:
        if not g.ok:
            first = g.problems[0].message if g.problems else ""
            why = f"与同一单位年度的其他文件不一致，未入库：{first}"
            for name, _ in g.files:
                reasons.setdefault(name, (why, g.unit, g.year))
    for conflict in plan.conflicts:
        for name in conflict.filenames:
            reasons.setdefault(name, (conflict.message, conflict.unit, conflict.year))
    for source, (reason, unit, year) in reasons.items():
        path = Path(source)
        sha = ""
        try:
            if path.is_file() and path.stat().st_size <= MAX_UPLOAD_BYTES:
                sha = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            pass
        store.record_refusal(None, reason, filename=path.name, sha256=sha, unit=unit, year=year)


def cmd_convert(args: argparse.Namespace) -> int:
    """What was read from the forms, written as a workbook in the template's contract."""
    from perfeval import pipeline

    out = output.check_file(args.output, XLSX_SUFFIXES, force=args.force)
    checked, groups = _check_and_combine(args)
    if not all(c.ok for c in checked) or not all(g.ok for g in groups):
        return EXIT_INPUT
    if len(groups) != 1:
        found = "、".join(f"{g.unit} {g.year}年度" for g in groups)
        _err(f"这些文件属于{len(groups)}个单位年度（{found}），一次只能转换一个；请分别转换。")
        return EXIT_INPUT
    output.write(out, pipeline.workbook_bytes(groups[0].workbook))
    _err(f"已写入 {out}（{groups[0].unit} {groups[0].year}年度，按填报模板格式）")
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    store = _store(args.store)
    if store.is_empty():
        _out(f"数据库为空：{store.location}")
        return EXIT_OK
    for unit in store.units():
        for year in store.years(unit):
            v = store.current(unit, year)
            versions = store.versions(unit, year)
            live = sum(not x.deleted for x in versions)
            deleted = len(versions) - live
            count = f"共{live}版" + (f"（另有{deleted}版已删除）" if deleted else "")
            when = f"{fmt.beijing_time(v.uploaded_at)}（北京时间）"
            _out(f"{unit}\t{year}\t当前第{v.version}版\t{count}\t{v.filename}\t{when}")
    return EXIT_OK


def cmd_versions(args: argparse.Namespace) -> int:
    store = _store(args.store)
    found = store.versions(args.unit, args.year)
    if not found:
        _err(_no_versions_text(store, args.unit, args.year))
        return EXIT_INPUT
    for v in found:
        flags = "当前" if v.current else ("已删除" if v.deleted else "历史")
        when = fmt.beijing_time(v.uploaded_at)
        _out(f"{v.unit}\t{v.year}\t第{v.version}版\t{flags}\t{v.filename}\t{when}\t{v.sha256[:12]}")
    return EXIT_OK


def _no_versions_text(store: Store, unit: str | None, year: int | None) -> str:
    units = sorted({v.unit for v in store.versions()})
    if not units:
        return f"数据库中还没有任何版本：{store.location}"
    if unit is not None and unit not in units:
        return f"没有单位“{unit}”的数据。现有单位：{'、'.join(units)}"
    years = sorted({v.year for v in store.versions(unit)})
    return f"{unit or '各单位'}没有{year}年度的版本。现有年度：{'、'.join(map(str, years))}"


def _version_action(args: argparse.Namespace, action: str) -> int:
    store = _store(args.store)
    try:
        v = getattr(store, action)(args.unit, args.year, args.version)
    except (KeyError, ValueError, PermissionError) as exc:
        _err(str(exc.args[0] if exc.args else exc))
        return EXIT_INPUT
    verb = {"restore": "已设为当前版本", "delete": "已删除（可恢复）", "undelete": "已恢复"}[action]
    _out(f"{v.unit} {v.year}年度 第{v.version}版{verb}")
    return EXIT_OK


def _city(args: argparse.Namespace):
    """The city of --year from the store; None (and a message) when no unit reported it."""
    from perfeval.city.rows import build_city

    store = _store(args.store)
    city = build_city(store, args.year, by_year=False)
    if not city.rows:
        years = "、".join(str(y) for y in city.years) or "无"
        _err(
            f"数据库中没有任何单位的{args.year}年度数据（现有年度：{years}）：请检查 --year 或 --store"
        )
        return store, None
    for m in city.missing:
        last = f"最近报送{m.last_year}年度" if m.last_year else f"首次报送于{m.first_year}年度"
        _err(f"未报送：{m.unit}（{last}）")
    return store, city


def cmd_rollup(args: argparse.Namespace) -> int:
    from perfeval.city import table as city_table

    out = output.check_file(args.output, XLSX_SUFFIXES, force=args.force)
    _, city = _city(args)
    if city is None:
        return EXIT_INPUT
    output.write(out, city_table.to_xlsx(city))
    _err(f"已写入 {out}：{len(city.rows)}个单位，未报送{len(city.missing)}个")
    return EXIT_OK


def cmd_summary_all(args: argparse.Namespace) -> int:
    from perfeval import pipeline
    from perfeval.report import bundle

    if args.workbooks or args.unit:
        _err("--all 从数据库生成全部单位的报告，不能同时给出工作簿文件或 --unit")
        return EXIT_INPUT
    if args.year is None or not args.output:
        _err("--all 需要 --year 年度 和 -o 输出目录，例如：summary --all --year 2024 -o reports/")
        return EXIT_INPUT
    out = output.check_folder(args.output)
    store, city = _city(args)
    if city is None:
        return EXIT_INPUT
    models = pipeline.city_models(store, [r.unit for r in city.rows], city.year)
    files = bundle.documents(models, word=args.word, pictures=not args.no_charts)
    if not args.force:
        output.refuse_existing(out, list(files))
    for name, data in files.items():
        output.write(out / name, data)
    _err(f"已写入 {out}：{len(city.rows)}个单位的{len(files)}个文件")
    return EXIT_OK


def cmd_summary(args: argparse.Namespace) -> int:
    from perfeval import pipeline
    from perfeval.readers import read_path
    from perfeval.report import unit_report

    if args.all:
        return cmd_summary_all(args)
    if args.word:
        _err("--word 只与 --all 同用；一个单位的 Word 报告请用 -o 文件名.docx")
        return EXIT_INPUT
    out = (
        output.check_file(args.output, SUMMARY_SUFFIXES, force=args.force) if args.output else None
    )
    try:
        if args.workbooks:
            results = [read_path(p, args.unit, args.year) for p in args.workbooks]
            if not all(r.ok for r in results):
                _report_problems([r for r in results if not r.ok])
                return EXIT_INPUT
            groups = pipeline.combine_results(results)
            if not all(g.ok for g in groups):
                _report_groups([g for g in groups if not g.ok])
                return EXIT_INPUT
            history = pipeline.history_from_workbooks([g.workbook for g in groups], args.unit)
        else:
            history = pipeline.history_from_store(_store(args.store), args.unit)
        model = pipeline.model_for(history, args.year)
    except pipeline.SelectionError as exc:
        _err(str(exc))
        return EXIT_INPUT
    if out is not None and out.suffix.lower() == DOCX_SUFFIX:
        from perfeval.report import word  # pandoc and python-docx only when a .docx is asked for

        data = (
            word.build_brief(model)
            if args.brief
            else word.build(model, pictures=not args.no_charts)
        )
        output.write(out, data)
        _err(f"已写入 {out}")
        return EXIT_OK
    text = unit_report.render_summary(model) if args.brief else pipeline.report_text(model)
    if out is not None:
        output.write(out, text.encode("utf-8"))
        _err(f"已写入 {out}")
    else:
        sys.stdout.write(fmt.printable_lines(text))
    return EXIT_OK


def _audit_history(args: argparse.Namespace, workbooks: list[str]) -> dict | None:
    """The unit's workbooks by year, from the files given or the store; None after an error."""
    from perfeval import pipeline
    from perfeval.readers import read_path

    if workbooks:
        results = [read_path(p) for p in workbooks]
        if not all(r.ok for r in results):
            _report_problems([r for r in results if not r.ok])
            return None
        return pipeline.history_from_results(results, args.unit)
    if args.store is None and args.unit is None:
        return {}
    return pipeline.history_from_store(_store(args.store), args.unit)


def cmd_audit(args: argparse.Namespace) -> int:
    from perfeval import audit, pipeline

    reports = [
        f
        for f in args.files
        if Path(f).suffix.lower() in audit.documents.SUFFIXES or Path(f).is_dir()
    ]
    workbooks = [f for f in args.files if f not in reports]
    if len(reports) > 1 or any(Path(f).is_dir() for f in reports):
        if workbooks or args.unit:
            _err("同时核对多份报告时，数据来自数据库（--store）：请不要再给工作簿或 --unit。")
            return EXIT_INPUT
        from perfeval.cli import audit_batch

        return audit_batch.run(reports, _store(args.store), args.year, _err)
    try:
        history = _audit_history(args, workbooks)
        if history is None:
            return EXIT_INPUT
        model = pipeline.model_for(history, args.year) if history else None
    except pipeline.SelectionError as exc:
        _err(str(exc))
        return EXIT_INPUT
    if reports:
        from perfeval.audit import limits

        path = Path(reports[0])
        try:
            refusal = limits.size_problem(path.stat().st_size, path.name)  # before reading it
            data = b"" if refusal else path.read_bytes()
        except OSError:
            _err(f"{path}: 找不到或无法打开该文件")
            return EXIT_INPUT
        if refusal is not None:
            _err(_problem_line(path.name, refusal))
            return EXIT_INPUT
        deadline = limits.Deadline()
        document = audit.read_document(data, path.name, deadline)
        for problem in document.problems:
            _err(_problem_line(path.name, problem))
        if not document.ok:
            return EXIT_INPUT
        facts = audit.facts_from_model(model) if model else audit.text_facts()
        if model is None:
            _err("未给出工作簿或数据库：只核对报告自身的算术和数量级。")
        try:
            rows = audit.audit(document.paragraphs, facts, deadline)
        except limits.LimitExceeded as exc:
            _err(_problem_line(path.name, exc.problem))
            return EXIT_INPUT
    elif model is not None:
        rows = audit.audit_model_texts(model)
    else:
        _err("请给出要核对的报告（.docx/.md/.txt）和/或工作簿。")
        return EXIT_INPUT
    sys.stdout.write(fmt.printable_lines(audit.markdown_table(rows)))  # a report's own text
    counts = audit.verdict_counts(rows)
    _err("核对" + f"{len(rows)}个数字：" + "，".join(f"{v}{n}个" for v, n in counts.items()))
    return audit.exit_code(rows)


def cmd_template(args: argparse.Namespace) -> int:
    from perfeval.template import write_template

    out = output.check_file(args.output, XLSX_SUFFIXES, force=args.force)
    output.write(out, write_template(example=not args.no_example))
    _err(f"已写入模板 {out}")
    return EXIT_OK


FORCE_HELP = "输出文件已存在时覆盖（默认不覆盖，退出码2）"


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(
        prog="python -m perfeval",
        description="预算绩效自评：检查、入库工作簿，生成自评摘要。",
    )
    sub = parser.add_subparsers(dest="command", required=True, title="命令", metavar="命令")

    def with_store(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument(
            "--store",
            default=None,
            metavar="目录",
            help="SQLite 数据目录（默认：环境变量 PERFEVAL_DATABASE_URL 指定的 PostgreSQL，"
            "否则 PERFEVAL_STORE 或 data/store）",
        )
        return p

    def with_unit_year(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--unit", metavar="单位", help="单位名称：表格标题行中没有单位名称时使用")
        p.add_argument("--year", type=int, metavar="年度", help="年度：表格标题行中没有年度时使用")
        return p

    p = with_unit_year(
        sub.add_parser("check", help="检查工作簿或表格，列出问题；无错误时退出码为0，否则为2")
    )
    p.add_argument("workbooks", nargs="+", metavar="工作簿")
    p.set_defaults(func=cmd_check)

    p = with_unit_year(
        with_store(sub.add_parser("ingest", help="检查并入库；有错误的工作簿不入库，退出码2"))
    )
    p.add_argument("workbooks", nargs="+", metavar="工作簿")
    p.set_defaults(func=cmd_ingest)

    p = with_unit_year(
        sub.add_parser("convert", help="把自评表、决算表等读出的内容写成填报模板格式的工作簿")
    )
    p.add_argument("workbooks", nargs="+", metavar="表格")
    p.add_argument("-o", "--output", required=True, metavar="工作簿.xlsx", help="写出的工作簿")
    p.add_argument("--force", action="store_true", help=FORCE_HELP)
    p.set_defaults(func=cmd_convert)

    p = with_store(sub.add_parser("list", help="列出已入库的单位、年度和版本"))
    p.set_defaults(func=cmd_list)

    p = with_store(
        sub.add_parser("summary", help="生成自评报告（Markdown；-o 文件名以 .docx 结尾时为 Word）")
    )
    p.add_argument("workbooks", nargs="*", metavar="工作簿")
    p.add_argument(
        "--unit", metavar="单位", help="单位名称（多个单位时必填；表格中没有单位名称时也用它）"
    )
    p.add_argument(
        "--year", type=int, metavar="年度", help="年度（默认最近一年；表格中没有年度时也用它）"
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="文件",
        help="写入文件，而不是标准输出；文件名以 .docx 结尾时写 Word 报告，其他写 Markdown"
        "（--all 时为文件夹）",
    )
    p.add_argument(
        "--brief", action="store_true", help="只写一页摘要（Markdown，或 -o 摘要.docx 为 Word）"
    )
    p.add_argument("--force", action="store_true", help=FORCE_HELP)
    p.add_argument("--no-charts", action="store_true", help="Word 报告不附图表（更快）")
    p.add_argument(
        "--all", action="store_true", help="数据库中该年度的全部单位，每个单位写出报告和摘要"
    )
    p.add_argument(
        "--word", action="store_true", help="与 --all 同用：另写每个单位的 Word 报告和摘要（较慢）"
    )
    p.set_defaults(func=cmd_summary)

    p = with_store(sub.add_parser("rollup", help="全市汇总表（Excel）：该年度每个单位一行"))
    p.add_argument("--year", type=int, required=True, metavar="年度", help="年度")
    p.add_argument("-o", "--output", required=True, metavar="汇总.xlsx", help="写出的文件")
    p.add_argument("--force", action="store_true", help=FORCE_HELP)
    p.set_defaults(func=cmd_rollup)

    p = with_store(
        sub.add_parser(
            "audit",
            help="核对报告（.docx/.pdf/.md/.txt）或工作簿文字说明中的数字；多份报告或一个文件夹："
            "按单位名称对应数据库中的单位，逐个核对并汇总；有不一致或存疑时退出码为1，无法读取为2",
        )
    )
    p.add_argument("files", nargs="+", metavar="REPORT|FOLDER|WORKBOOK")
    p.add_argument("--unit", help="单位名称（多个单位时必填）")
    p.add_argument("--year", type=int, help="年度（默认最近一年）")
    p.set_defaults(func=cmd_audit)

    p = sub.add_parser("template", help="写出空白填报模板")
    p.add_argument("output", metavar="模板.xlsx", help="写出的文件（文件夹须已存在）")
    p.add_argument("--no-example", action="store_true", help="不附示例工作表")
    p.add_argument("--force", action="store_true", help=FORCE_HELP)
    p.set_defaults(func=cmd_template)

    p = with_store(sub.add_parser("versions", help="列出各版本（含已删除）"))
    p.add_argument("--unit", metavar="单位", help="只列此单位")
    p.add_argument("--year", type=int, metavar="年度", help="只列此年度")
    p.set_defaults(func=cmd_versions)

    for name, help_text in (
        ("restore", "将某一版本设为当前版本"),
        ("delete", "删除某一版本（可恢复）"),
        ("undelete", "恢复已删除的版本"),
    ):
        p = with_store(sub.add_parser(name, help=help_text))
        p.add_argument("--unit", required=True, metavar="单位")
        p.add_argument("--year", type=int, required=True, metavar="年度")
        p.add_argument("--version", type=int, required=True, metavar="版本号")
        p.set_defaults(func=lambda a, action=name: _version_action(a, action))

    from perfeval.cli import users as cli_users

    cli_users.add_commands(sub, with_store)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except output.OutputError as exc:
        _err(str(exc))
        return EXIT_INPUT
    except BrokenPipeError:
        # `list | head`: the reader went away. Point stdout at /dev/null so that the flush at
        # exit cannot raise again, and end quietly as other Unix tools do (128 + SIGPIPE).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
