"""CLI start-up: wall and CPU time of `python -m perfeval <command>` (median of N runs) beside a
bare `python -c pass`, and which heavy libraries each command imports. CPU time (user + system of
the child) is what the start costs; on a shared, loaded machine the wall clock is a multiple of
it. `python -m bench.cli_start [--runs N]`."""

from __future__ import annotations

import argparse
import resource
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


def timed(args: list[str], runs: int) -> tuple[float, float]:
    """Median wall and median CPU seconds of `runs` runs of `python <args>`."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([sys.executable, *args], cwd=REPO, capture_output=True, check=False)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


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
        ingest = [sys.executable, "-m", "perfeval", "ingest", *SAMPLES, "--store", store]
        subprocess.run(ingest, cwd=REPO, capture_output=True, check=True)  # list has lines to list
        cmds = commands(store)
        bare_wall, bare_cpu = timed(cmds["python -c pass"], args.runs)
        print(
            f"| command | wall, median of {args.runs} | CPU | CPU × bare Python | heavy imports |"
        )
        print("|---|---:|---:|---:|---|")
        for name, cmd in cmds.items():
            wall, cpu = (bare_wall, bare_cpu) if name == "python -c pass" else timed(cmd, args.runs)
            loaded = ", ".join(heavy_imports(cmd)) or "—"
            print(
                f"| `{name}` | {wall * 1000:.0f} ms | {cpu * 1000:.0f} ms | "
                f"{cpu / bare_cpu:.1f}× | {loaded} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
