"""What users see, written to a folder so two checkouts can be compared byte for byte:
`python scripts/outputs.py DIR` then `diff -r BEFORE AFTER`.

The samples' reports and 摘要 (both years, the template and the forms), the samples' check
messages, and a generated city (bench/generate.py: --units/--years) ingested into a fresh store:
every unit's 报告 and 摘要 per year, the 全市汇总 table as text, and the city page's figures and
every unit's charts as plotly JSON (the geometry drawn, not only the labels).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

SAMPLES = sorted(str(p) for p in (REPO / "data" / "samples").glob("*.xlsx"))
FORMS = sorted(str(p) for p in (REPO / "data" / "samples" / "forms").glob("*.xlsx"))
FORMS_UNIT = "常宁市科技和工业信息化局"
CHARTS = (
    "composition",
    "yoy_waterfall",
    "trend",
    "projects_ranked",
    "execution",
    "kpi_progress",
    "score_parts",
)


def cli(out: Path, name: str, *args: str) -> None:
    """One `python -m perfeval` call: stdout to NAME, stderr and the exit code to NAME.err."""
    done = subprocess.run(
        [sys.executable, "-m", "perfeval", *args], cwd=REPO, capture_output=True, text=True
    )
    (out / name).write_text(done.stdout, encoding="utf-8")
    (out / f"{name}.err").write_text(f"exit {done.returncode}\n{done.stderr}", encoding="utf-8")


def samples(out: Path) -> None:
    for year in (2023, 2024):
        cli(out, f"samples-{year}.md", "summary", *SAMPLES, "--year", str(year))
        cli(out, f"samples-{year}-brief.md", "summary", *SAMPLES, "--year", str(year), "--brief")
    cli(out, "samples-check.txt", "check", *SAMPLES)
    cli(out, "forms.md", "summary", *FORMS, "--unit", FORMS_UNIT)
    cli(out, "forms-brief.md", "summary", *FORMS, "--unit", FORMS_UNIT, "--brief")
    cli(out, "forms-check.txt", "check", *FORMS)


def figure_json(fig) -> object:
    return json.loads(fig.to_json())


def city(out: Path, units: int, years: int) -> None:
    from bench import generate
    from perfeval import charts, pipeline
    from perfeval.city import charts as city_charts
    from perfeval.city import table as city_table
    from perfeval.city.rows import build_city
    from perfeval.store.core import Store

    folder, manifest = generate.generate(generate.DEFAULT_SEED, units, years)
    files = [str(folder / f) for f in manifest["files"]]
    store_dir = Path(tempfile.mkdtemp(prefix="outputs-store-"))
    cli(out, "city-ingest.txt", "ingest", *files, "--store", str(store_dir))
    store = Store(store_dir)
    for year in manifest["years"]:
        reports = out / f"city-{year}"
        cli(out, f"city-{year}.txt", "summary", "--all", "--year", str(year), "-o", str(reports),
            "--store", str(store_dir))  # fmt: skip
        the_city = build_city(store, year)
        table = [{k: str(v) for k, v in row.items()} for row in city_table.rows(the_city)]
        (out / f"city-{year}-table.json").write_text(
            json.dumps(table, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        pictures = {
            name: figure_json(getattr(city_charts, name)(the_city))
            for name in ("ranked", "exec_vs_score", "grades", "by_year")
        }
        for model in pipeline.city_models(store, [r.unit for r in the_city.rows], year):
            for name in CHARTS:
                pictures[f"{model.unit}/{name}"] = figure_json(getattr(charts, name)(model))
        (out / f"city-{year}-charts.json").write_text(
            json.dumps(pictures, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python scripts/outputs.py", description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--units", type=int, default=12)
    parser.add_argument("--years", type=int, default=3)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    samples(args.out)
    city(args.out, args.units, args.years)
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
