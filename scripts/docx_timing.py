"""Time the Word report for the seed department: with its five chart pictures, without them,
and the parts (chart export through Chromium, pandoc). `python scripts/docx_timing.py [-n 3]`."""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from perfeval import pipeline
from perfeval.findings import evaluate
from perfeval.report import chart_pictures, unit_report, word, word_style


def timed(label: str, runs: int, work: Callable[[], object]) -> None:
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        seconds.append(time.perf_counter() - start)
    print(
        f"{label:<34} median {statistics.median(seconds):6.2f} s  (runs: {runs}, "
        f"min {min(seconds):.2f}, max {max(seconds):.2f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", "--runs", type=int, default=3)
    runs = parser.parse_args().runs
    model = evaluate({wb.year: wb for wb in pipeline.sample_workbooks()})
    figs = word.figures(model)
    word_style.reference_docx()  # built once per process; not part of a request's time
    print(f"Chromium: {chart_pictures.browser_path()}; charts: {', '.join(figs)}")
    timed("chart export (5 PNG, 1 browser)", runs, lambda: chart_pictures.export(figs))
    with tempfile.TemporaryDirectory() as tmp:
        text = unit_report.render_report(model)
        timed("pandoc Markdown → .docx", runs, lambda: word._pandoc(text, Path(tmp)))
    timed(".docx without pictures", runs, lambda: word.build(model, pictures=False))
    timed(".docx with 5 pictures", runs, lambda: word.build(model))
    print(f".docx size: {len(word.build(model)) / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
