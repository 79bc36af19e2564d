"""The benchmark in miniature (2 units × 5 years = 10 workbooks, one run per figure): the same code
paths as `python -m bench`, end to end, for CI. It checks that every figure is produced and sane,
never how fast anything is. `python -m bench.smoke [OUT_DIR]`."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from bench import run

SMOKE_UNITS = 2
SMOKE_YEARS = 5
EXPECTED_ROWS = {
    "1 ingest": 11,  # ours, read, save, CLI, openpyxl, calamine, 2 ratios, read ratio, 2 CLI ratios
    "2 summary": 3,  # median, p95, whole city
    "3 dashboard": 3 * len(run.PAGES),  # first run, new year, cached year per page
    "4 memory": 1,
    "5 city": 5,  # first run, cached rerun, rerun after a write, rollup, summary --all
}


def smoke(out: Path) -> tuple[run.Results, str]:
    args = run.parse(
        [
            "--units",
            str(SMOKE_UNITS),
            "--years",
            str(SMOKE_YEARS),
            "--repeats",
            "1",
            "--openpyxl-files",
            "3",
            "--summary-sample",
            "10",
            "--memory",
            "apptest",
            "--out",
            str(out),
        ]
    )
    return run.run(args)


def check(res: run.Results, text: str) -> None:
    """Raise AssertionError unless every row is there, in the table, with a positive figure."""
    counts: dict[str, int] = {}
    for fig in res.figures:
        counts[fig.section] = counts.get(fig.section, 0) + 1
    assert counts == EXPECTED_ROWS, counts
    for fig in res.figures:
        assert fig.value and fig.value[0].isdigit(), fig
        assert float(fig.value.split()[0].rstrip("×").replace(",", "")) > 0, fig
        escaped = fig.name.replace("|", "\\|")
        assert f"| {escaped} |" in text, fig.name
    ingest = res.raw["ingest"]
    assert ingest["files"] == SMOKE_UNITS * SMOKE_YEARS
    assert ingest["rows"] > 0
    assert all(t > 0 for r in ingest["runs"] for t in r[:3])
    assert ingest["cli"] > 0 and all(t > 0 for t in ingest["calamine"])
    assert len(res.raw["summary"]["times"]) == 10
    assert all(0 < t < 60 for t in res.raw["summary"]["times"])
    assert 0 < res.raw["memory"]["peak_rss_mb"] < 100_000
    for line in ("Reproduce: `python -m bench", "Machine: nproc", "| # | Figure |"):
        assert line in text, line


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv:
        res, text = smoke(Path(argv[0]))
    else:
        with tempfile.TemporaryDirectory(prefix="bench-smoke-") as tmp:
            res, text = smoke(Path(tmp))
    sys.stdout.write(text)
    check(res, text)
    print("smoke OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
