"""`audit --store DIR --year Y REPORTS... | FOLDER`: each report matched to its stored unit by the
name in its text or its file name, one table per unit, then the summary; exit 1 on any finding."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from perfeval import audit, pipeline
from perfeval.audit import limits
from perfeval.audit.batch import Audited, match_unit, summary_markdown

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2


def report_files(paths: list[str]) -> list[Path]:
    """The report files given, a folder standing for the reports directly inside it."""
    out: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            out += sorted(
                p
                for p in path.iterdir()
                if p.is_file() and p.suffix.lower() in audit.documents.SUFFIXES
            )
        else:
            out.append(path)
    return out


def audit_one(path: Path, units: list[str], store, year: int | None) -> Audited:
    """Read, match and audit one report, within the same limits as a single report."""
    try:
        refusal = limits.size_problem(path.stat().st_size, path.name)
        data = b"" if refusal else path.read_bytes()
    except OSError:
        return Audited(path.name, None, problem="找不到或无法打开该文件")
    if refusal is not None:
        return Audited(path.name, None, problem=refusal.message)
    deadline = limits.Deadline()
    document = audit.read_document(data, path.name, deadline)
    if not document.ok:
        return Audited(path.name, None, problem="；".join(p.message for p in document.problems))
    unit, why = match_unit(document.paragraphs, path.name, units)
    if unit is None:
        return Audited(path.name, None, problem=why)
    try:
        model = pipeline.model_for(pipeline.history_from_store(store, unit), year)
        rows = audit.audit(document.paragraphs, audit.facts_from_model(model), deadline)
    except pipeline.SelectionError as exc:
        return Audited(path.name, unit, problem=str(exc))
    except limits.LimitExceeded as exc:
        return Audited(path.name, unit, problem=exc.problem.message)
    return Audited(path.name, unit, rows)


def run(paths: list[str], store, year: int | None, err: Callable[[str], None]) -> int:
    """Every report against its unit: 2 when one could not be read or matched, else 1 when any
    figure is 不一致 or 存疑, else 0."""
    files = report_files(paths)
    if not files:
        err("文件夹中没有可核对的报告（.docx、.pdf、.md、.txt）。")
        return EXIT_INPUT
    units = store.units()
    if not units:
        err("数据库中还没有任何单位：请先用 ingest 导入各单位的工作簿。")
        return EXIT_INPUT
    results = [audit_one(path, units, store, year) for path in files]
    out = sys.stdout
    for result in results:
        if result.problem:
            err(f"{result.source}: {result.problem}")
            continue
        out.write(f"\n## {result.unit}（{result.source}）\n\n")
        out.write(audit.markdown_table(audit.flagged_first(result.rows)))
    out.write("\n## 汇总\n\n")
    out.write(summary_markdown(results))
    if any(r.problem for r in results):
        return EXIT_INPUT
    return EXIT_FINDINGS if any(r.flagged for r in results) else EXIT_OK
