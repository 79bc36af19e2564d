"""Regenerate data/samples/seed-<year>.xlsx from perfeval/samples.py via perfeval/template.py,
so the sample files and the template's worked example can never disagree.

Usage: python scripts/make_samples.py [output-dir]   (default: data/samples beside this repo)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from perfeval.samples import seed_file_name  # noqa: E402
from perfeval.template import seed_workbooks  # noqa: E402

SAMPLES_DIR = ROOT / "data" / "samples"


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else SAMPLES_DIR
    out.mkdir(parents=True, exist_ok=True)
    for year, data in sorted(seed_workbooks().items()):
        path = out / seed_file_name(year)
        path.write_bytes(data)
        print(f"wrote {path} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
