"""CLI start-up: wall time of `python -m perfeval <command>` (median of N runs) beside a bare
`python -c pass`, and which heavy libraries each command imports. `python -m bench.cli_start`."""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLES = sorted(str(p) for p in (REPO / "data" / "samples").glob("*.xlsx"))
HEAVY = ("pandas", "numpy", "plotly", "jinja2", "openpyxl", "docx", "python_calamine")


def commands(store: str) -> dict[str, list[str]]:
    return {
        "python -c pass": ["-c", "pass"],
        "--help": ["-m", "perfeval", "--help"],
        "list": ["-m", "perfeval", "list", "--store", store],
        "versions": ["-m", "perfeval", "versions", "--store", store],
        "check (2 samples)": ["-m", "perfeval", "check", *SAMPLES],
    }


def wall(args: list[str], runs: int) -> float:
    """Median seconds of `runs` runs of `python <args>`."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, *args], cwd=REPO, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def heavy_imports(args: list[str]) -> list[str]:
    """The heavy top-level libraries a command imports (from `python -X importtime`)."""
    if args[0] == "-c":
        return []
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *args], cwd=REPO, capture_output=True, text=True
    )
    names = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()}
    return [h for h in HEAVY if h in names]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as store:
        cmds = commands(store)
        bare = wall(cmds["python -c pass"], args.runs)
        print(f"| command | median of {args.runs} | × bare Python | heavy imports |")
        print("|---|---:|---:|---|")
        for name, cmd in cmds.items():
            seconds = bare if name == "python -c pass" else wall(cmd, args.runs)
            loaded = ", ".join(heavy_imports(cmd)) or "—"
            print(f"| `{name}` | {seconds * 1000:.0f} ms | {seconds / bare:.1f}× | {loaded} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
