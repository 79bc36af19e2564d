"""Issue 20's corpus of real published passages, each with a workbook of its own figures and every
figure labelled by hand, plus planted errors. `python -m tests.audit_real` prints the counts."""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from perfeval.schema import INFO_UNIT, INFO_YEAR, Workbook
from tests import audit_real_1
from tests.audit_real_kit import DOUBT, MISMATCH, Label, Passage, Plant, occurrences

PASSAGES: tuple[Passage, ...] = (*audit_real_1.PASSAGES,)
PASSAGE = {p.key: p for p in PASSAGES}
PLANTS: tuple[Plant, ...] = tuple(
    replace(plant, passage=list(PASSAGE).index(plant.key)) for plant in (*audit_real_1.PLANTS,)
)
FLAGS = (MISMATCH, DOUBT)


# ---------------------------------------------------------------- where a label's figure is
def locate(text: str, label: Label) -> tuple[int, int, int]:
    """(line index, start, end) of the label's figure, offsets within its line."""
    at = occurrences(text, label.figure)[label.nth]
    line_start = text.rfind("\n", 0, at) + 1
    return text.count("\n", 0, at), at - line_start, at - line_start + len(label.figure)


def planted_labels(plant: Plant) -> tuple[str, tuple[Label, ...]]:
    """The planted text and all its expected labels: the original's, with the label of the figure
    the plant changes (and any other that `plant.flagged` names) replaced by `plant.flagged`."""
    p = PASSAGE[plant.key]
    at = p.text.index(plant.old)
    text = p.text[:at] + plant.new + p.text[at + len(plant.old) :]
    same = 0  # old and new differ in old[same : len(old) - tail] only
    while same < min(len(plant.old), len(plant.new)) and plant.old[same] == plant.new[same]:
        same += 1
    tail = 0
    while (
        tail < min(len(plant.old), len(plant.new)) - same
        and plant.old[-1 - tail] == plant.new[-1 - tail]
    ):
        tail += 1
    changed_from, changed_to = at + same, at + len(plant.old) - tail
    shift = len(plant.new) - len(plant.old)
    by_position: dict[int, Label] = {}
    for lab in p.labels:
        pos = occurrences(p.text, lab.figure)[lab.nth]
        if pos < changed_to and changed_from < pos + len(lab.figure):
            continue  # the planted figure
        by_position[pos + shift if pos >= changed_to else pos] = lab
    for lab in plant.flagged:
        by_position[occurrences(text, lab.figure)[lab.nth]] = lab
    return text, tuple(
        replace(lab, nth=occurrences(text, lab.figure).index(pos))
        for pos, lab in sorted(by_position.items())
    )


# ---------------------------------------------------------------- the workbooks
def history(p: Passage) -> dict[int, Workbook]:
    """The passage's workbooks by year, in memory (for build_model); {} when it has none."""
    return p.workbook or {}


def xlsx_files(p: Passage) -> Iterator[tuple[int, bytes]]:
    """(year, .xlsx bytes in the contract format) for each of the passage's workbooks."""
    from perfeval.template import write_workbook

    for year, data in ((p.year, p.current), (p.year - 1, p.previous)):
        if data is not None:
            info = {INFO_UNIT: p.unit, INFO_YEAR: year}
            yield (
                year,
                write_workbook(info, list(data.spending), list(data.income), list(data.indicators)),
            )


# ---------------------------------------------------------------- the baseline: the CLI's verdicts
@dataclass
class Tally:
    true_figures: int = 0
    false_alarms: list[str] = field(default_factory=list)
    errors: int = 0
    found: int = 0
    expected_right: int = 0
    expected_wrong: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    not_as_labelled: list[str] = field(default_factory=list)
    unlabelled_rows: list[str] = field(default_factory=list)


def _cells(row: str) -> list[str]:
    parts = re.split(r"(?<!\\)\|", row.strip().strip("|"))
    return [re.sub(r"\\(.)", r"\1", c).strip() for c in parts]


def cli_rows(text: str, files: list[bytes], workdir: Path) -> list[dict[str, str]]:
    """`python -m perfeval audit N.md N.xlsx …`, its table as dicts keyed by column name."""
    md = workdir / "passage.md"
    md.write_text(text, encoding="utf-8")
    paths = []
    for i, data in enumerate(files):
        path = workdir / f"book{i}.xlsx"
        path.write_bytes(data)
        paths.append(str(path))
    done = subprocess.run(
        [sys.executable, "-m", "perfeval", "audit", str(md), *paths],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode == 2:
        raise RuntimeError(done.stderr)
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("|")]
    header = _cells(lines[0])
    return [dict(zip(header, _cells(ln), strict=False)) for ln in lines[2:]]


def _same_figure(written: str, wanted: str) -> bool:
    from perfeval.audit.numbers import extract

    verbs = ("增加", "减少", "增长", "下降")
    if next((v for v in verbs if written.startswith(v)), "") != next(
        (v for v in verbs if wanted.startswith(v)), ""
    ):
        return False
    a, b = extract(written), extract(wanted)
    return len(a) == len(b) == 1 and a[0].kind == b[0].kind and a[0].wan == b[0].wan


def match(text: str, labels: tuple[Label, ...], rows: list[dict[str, str]]):
    """Each label with the CLI row of its figure (same line, same figure, in order), or None;
    and the rows no label claims."""
    free = list(rows)
    out = []
    for lab in labels:
        line_no = locate(text, lab)[0] + 1
        row = next(
            (r for r in free if r["位置"] == f"第{line_no}行" and r["数字"] == lab.figure), None
        )
        if row is not None:
            free.remove(row)
        out.append((lab, row))
    return out, free


def _verdicts(text: str, labels: tuple[Label, ...], rows: list[dict[str, str]]) -> list:
    pairs, _ = match(text, labels, rows)
    return [row["结果"] if row else None for _, row in pairs]


def score(tally: Tally, name: str, text: str, labels, rows, planted: int | None = None) -> None:
    """Count one audited text. `planted`: the index of the planted figure's label; the other
    labels of a planted copy are scored as true figures only (real errors count once)."""
    pairs, free = match(text, labels, rows)
    tally.unlabelled_rows += [f"{name}: {r['数字']} {r['结果']}" for r in free]
    for i, (lab, row) in enumerate(pairs):
        verdict = row["结果"] if row else None
        where = f"{name}: {lab.figure}#{lab.nth} → {verdict or '未报告'}"
        if lab.true:
            tally.true_figures += 1
            if verdict in FLAGS:
                tally.false_alarms.append(f"{where} ({row['依据']}; 应为 {row['应为']})")
            elif verdict is not None and not lab.accepts(verdict):
                tally.not_as_labelled.append(where)
            continue
        if planted is not None and i != planted:
            continue  # a real error of the original, counted once, on the original
        tally.errors += 1
        if verdict not in FLAGS:
            tally.missed.append(where)
            continue
        tally.found += 1
        if lab.verdict == MISMATCH and verdict == MISMATCH and lab.expected:
            if _same_figure(row["应为"], lab.expected):
                tally.expected_right += 1
            else:
                tally.expected_wrong.append(f"{where} 应为 {row['应为']} (right: {lab.expected})")
        else:
            tally.expected_right += 1  # 存疑 carries no 应为


def baseline() -> tuple[Tally, Tally, list[str]]:
    """(the originals, the planted copies, the planted copies' other figures whose verdict moved)
    as the CLI audits them now."""
    originals, plants = Tally(), Tally()
    moved: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        before = {}
        for p in PASSAGES:
            files = [data for _, data in xlsx_files(p)]
            rows = cli_rows(p.text, files, work)
            before[p.key] = _verdicts(p.text, p.labels, rows)
            score(originals, p.key, p.text, p.labels, rows)
        for plant in PLANTS:
            p = PASSAGE[plant.key]
            text, labels = planted_labels(plant)
            rows = cli_rows(text, [data for _, data in xlsx_files(p)], work)
            first = plant.flagged[0]
            at = next(
                i for i, lab in enumerate(labels) if replace(lab, nth=0) == replace(first, nth=0)
            )
            score(plants, f"{p.key}+{plant.new}", text, labels, rows, at)
            after = _verdicts(text, labels, rows)
            if len(labels) == len(p.labels):
                for i, (old, new) in enumerate(zip(before[p.key], after, strict=True)):
                    if i != at and old != new:
                        moved.append(
                            f"{p.key}+{plant.new}: {labels[i].figure}#{labels[i].nth} {old} → {new}"
                        )
    return originals, plants, moved


def main() -> None:
    originals, plants, moved = baseline()
    provinces = sorted({p.province for p in PASSAGES})
    print(
        f"{len(PASSAGES)} passages from {len(provinces)} provinces ({'、'.join(provinces)}); "
        f"{len(PLANTS)} planted errors"
    )
    for name, t in (("originals", originals), ("planted copies", plants)):
        print(
            f"\n{name}: false alarms {len(t.false_alarms)}/{t.true_figures} true figures; "
            f"errors found {t.found}/{t.errors}; 应为 right {t.expected_right}/{t.found}"
        )
        details = (
            ("false alarms", t.false_alarms),
            ("missed", t.missed),
            ("wrong 应为", t.expected_wrong),
            ("other verdict than labelled (not an alarm)", t.not_as_labelled),
            ("rows no label claims", t.unlabelled_rows),
        )
        if t is plants:  # the copies repeat the originals' alarms: only what the plant changed
            details = (("missed", t.missed), ("wrong 应为", t.expected_wrong))
        for title, items in details:
            if items:
                print(f"  {title}:")
                for item in items:
                    print(f"    {item}")
    print(f"\nplanted copies: other figures whose verdict the plant moved: {len(moved)}")
    for item in moved:
        print(f"    {item}")


if __name__ == "__main__":
    main()
