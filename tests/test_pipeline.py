"""pipeline: parallel checking gives exactly what serial checking gives, in order."""

from pathlib import Path

from perfeval import pipeline
from perfeval.store.core import Store
from tests.conftest import SAMPLES
from tests.xlsx_factory import build_xlsx, seed_like_sheets


def make_batch(tmp_path: Path) -> list[Path]:
    """16 files (the parallel threshold): the two seeds repeated, and one broken file."""
    seeds = sorted(SAMPLES.glob("*.xlsx"))
    paths = []
    for i in range(pipeline.PARALLEL_MIN_FILES - 1):
        path = tmp_path / f"{i:02d}-{seeds[i % 2].name}"
        path.write_bytes(seeds[i % 2].read_bytes())
        paths.append(path)
    bad = seed_like_sheets()
    bad["支出"][1][5] = -1
    paths.insert(7, tmp_path / "bad.xlsx")
    paths[7].write_bytes(build_xlsx(bad))
    return paths


def test_parallel_equals_serial(tmp_path):
    paths = make_batch(tmp_path)
    serial = pipeline.check_files(paths, workers=1)
    parallel = pipeline.check_files(paths, workers=2)
    assert [c.source for c in parallel] == [str(p) for p in paths]
    assert [c.ok for c in parallel] == [c.ok for c in serial]
    assert not parallel[7].ok and parallel[7].errors[0].code == "negative_amount"
    for a, b in zip(serial, parallel, strict=True):
        assert a.problems == b.problems
        if a.ok:
            assert (a.upload.json, a.upload.sha256, a.upload.original) == (
                b.upload.json,
                b.upload.sha256,
                b.upload.original,
            )


def test_prepared_uploads_store_the_checked_bytes(tmp_path):
    paths = make_batch(tmp_path)
    checked = pipeline.check_files(paths, workers=2)
    store = Store(tmp_path / "store")
    versions = store.save_prepared([c.upload for c in checked if c.ok])
    assert len(versions) == len(paths) - 1
    assert store.original(versions[0].sha256) == paths[0].read_bytes()
    assert [v.version for v in store.versions("常宁市科技和工业信息化局", 2024)] == list(
        range(1, 8)
    )
