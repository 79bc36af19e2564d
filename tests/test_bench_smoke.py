"""The benchmark's smoke run (bench/smoke.py): 10 synthetic workbooks through ingest, summary,
every dashboard page and the memory probe. Checks that figures exist and are sane, never timings."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from bench import generate, smoke
from perfeval.readers import read_workbook


def test_generator_is_deterministic_and_readable() -> None:
    a = generate.unit_year(7, 3, 2020)
    b = generate.unit_year(7, 3, 2020)
    assert a == b
    assert generate.unit_year(8, 3, 2020) != a
    assert 20 <= len(a["spending"]) <= 200
    assert 5 <= len(a["indicators"]) <= 40
    assert all(isinstance(r["全年执行数"], Decimal) for r in a["spending"])
    names = generate.unit_names(100)
    assert len(set(names)) == 100 and all(n.startswith(generate.CITY) for n in names)

    from perfeval.template import write_workbook

    result = read_workbook(write_workbook(**a), "x.xlsx")
    assert result.ok, result.errors
    assert len(result.workbook.spending) == len(a["spending"])


def test_smoke_bench_produces_every_figure(tmp_path: Path, capsys) -> None:
    res, text = smoke.smoke(tmp_path)
    smoke.check(res, text)
    # the city is cached: a second generate() reuses the files instead of rewriting them
    folder = generate.city_dir(
        generate.DEFAULT_SEED, smoke.SMOKE_UNITS, smoke.SMOKE_YEARS, tmp_path / "city"
    )
    before = {p: p.stat().st_mtime_ns for p in folder.glob("*.xlsx")}
    generate.generate(units=smoke.SMOKE_UNITS, years=smoke.SMOKE_YEARS, root=tmp_path / "city")
    assert {p: p.stat().st_mtime_ns for p in folder.glob("*.xlsx")} == before
    assert len(before) == smoke.SMOKE_UNITS * smoke.SMOKE_YEARS
