"""The audit's corpus counts in one command: false alarms, errors found, 应为 right, for the real
corpus (tests/audit_real.py, when it is there) and the first corpus (tests/audit_corpus.py).

    python scripts/audit_counts.py
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from perfeval import audit
from tests.real_corpus import count, rows_of


def first_corpus() -> list[str]:
    from tests.audit_corpus import PASSAGES, PLANTS

    found = 0
    for plant in PLANTS:
        passage = PASSAGES[plant.passage]
        rows = rows_of(passage.text.replace(plant.old, plant.new), audit.text_facts(passage.unit))
        found += any(r.figure == plant.flagged and r.flagged for r in rows)
    statements = alarms = real = real_found = 0
    for passage in PASSAGES:
        rows = rows_of(passage.text, audit.text_facts(passage.unit))
        wrong = (*passage.real_errors, *passage.found_errors)
        true_rows = [r for r in rows if r.figure not in wrong]
        statements += len(true_rows)
        alarms += sum(r.flagged for r in true_rows)
        real += len(passage.found_errors)
        real_found += sum(r.flagged for r in rows if r.figure in passage.found_errors)
    return [
        f"first corpus (tests/audit_corpus.py): {len(PASSAGES)} passages, no data",
        f"  false alarms: {alarms} / {statements} true figures",
        f"  real errors found: {real_found} / {real}",
        f"  planted errors found: {found} / {len(PLANTS)}",
    ]


def main() -> int:
    lines = []
    try:
        real = importlib.import_module("tests.audit_real")
    except ModuleNotFoundError:
        lines.append("real corpus (tests/audit_real.py): not there yet")
        bad = False
    else:
        counts = count(real.PASSAGES, real.PLANTS)
        lines += counts.lines("real corpus (tests/audit_real.py)")
        bad = bool(counts.disagreements)
    lines += first_corpus()
    print("\n".join(lines))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
