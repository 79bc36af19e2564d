"""Measure the reader against a zip bomb: a ~1 MiB .xlsx whose sheet XML inflates to 1 GiB.
`python scripts/zipbomb.py` prints wall time, peak RSS and the problem for each file read."""

from __future__ import annotations

import argparse
import io
import json
import resource
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "data" / "samples" / "seed-2024.xlsx"
GIB = 1 << 30
CHUNK = 1 << 20  # one repeated unit of the bomb's XML: 1 MiB
_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_TAIL = b"</sheetData></worksheet>"
_LOCAL = struct.Struct("<4s5H3L2H")
_CENTRAL = struct.Struct("<4s6H3L5H2L")
_END = struct.Struct("<4s4H2LH")

_CHILD = """
import json, resource, sys, time
start = time.perf_counter()
from perfeval.readers import read_path
imported = time.perf_counter()
result = read_path(sys.argv[1])
done = time.perf_counter()
print(json.dumps({
    "read_s": done - imported,
    "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "ok": result.ok,
    "problems": [f"[{p.code}] {p}" for p in result.errors][:2],
}, ensure_ascii=False))
"""


def _bomb_stream(inflated: int) -> tuple[bytes, int, int]:
    """(raw deflate data, its CRC-32, its inflated size) of a valid sheet XML of `inflated` bytes.

    Built without compressing a gigabyte: after a full flush a deflate stream restarts with an
    empty dictionary, so one compressed 1 MiB chunk can be repeated as it is."""
    # one row a chunk, one text cell of ~1 MiB of "A": repeats at distance 1 deflate ~1000:1
    open_, close = b'<row><c t="inlineStr"><is><t>', b"</t></is></c></row>"
    unit = open_ + b"A" * (CHUNK - len(open_) - len(close)) + close
    body_units = max(1, (inflated - len(_HEAD) - len(_TAIL)) // len(unit))
    parts, crc, size = [], 0, 0

    def emit(data: bytes, compressed: bytes) -> None:
        nonlocal crc, size
        parts.append(compressed)
        crc = zlib.crc32(data, crc)
        size += len(data)

    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    emit(_HEAD, packer.compress(_HEAD) + packer.flush(zlib.Z_FULL_FLUSH))
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(unit) + packer.flush(zlib.Z_FULL_FLUSH)
    for _ in range(body_units):  # the CRC must still cover every byte
        parts.append(block)
        crc = zlib.crc32(unit, crc)
        size += len(unit)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    emit(_TAIL, packer.compress(_TAIL) + packer.flush(zlib.Z_FINISH))
    return b"".join(parts), crc, size


def _zip(entries: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A zip from (name, raw deflate data, CRC, declared size, method) entries, written by hand
    so that a declared size may differ from the real one."""
    out, central = io.BytesIO(), []
    for name, raw, crc, declared, method in entries:
        offset = out.tell()
        encoded = name.encode()
        out.write(
            _LOCAL.pack(
                b"PK\x03\x04", 20, 0, method, 0, 0x21, crc, len(raw), declared, len(encoded), 0
            )
        )
        out.write(encoded + raw)
        central.append(
            _CENTRAL.pack(
                b"PK\x01\x02",
                20,
                20,
                0,
                method,
                0,
                0x21,
                crc,
                len(raw),
                declared,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
    start = out.tell()
    out.write(b"".join(central))
    size = out.tell() - start
    out.write(_END.pack(b"PK\x05\x06", 0, 0, len(entries), len(entries), size, start, 0))
    return out.getvalue()


def bomb_bytes(inflated: int = GIB, declared: int | None = None) -> bytes:
    """A valid .xlsx (the seed sample's other parts) whose 支出 sheet XML inflates to `inflated`
    bytes. `declared` makes the zip headers lie about that size (default: the truth)."""
    source = zipfile.ZipFile(SAMPLE)
    target = _sheet_path(source, "支出")
    raw, crc, size = _bomb_stream(inflated)
    entries = []
    for info in source.infolist():
        if info.filename == target:
            entries.append((target, raw, crc, size if declared is None else declared, 8))
            continue
        data = source.read(info)
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        entries.append(
            (info.filename, packer.compress(data) + packer.flush(), zlib.crc32(data), len(data), 8)
        )
    return _zip(entries)


def _sheet_path(archive: zipfile.ZipFile, name: str) -> str:
    sys.path.insert(0, str(REPO))
    from perfeval.readers.safezip import sheet_xml_paths

    return sheet_xml_paths(archive)[name]


def measure(path: Path) -> dict:
    """Read `path` in a fresh child process: wall time, peak RSS of the child, problems."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    wall = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result = json.loads(proc.stdout) if proc.returncode == 0 else {"stderr": proc.stderr[-500:]}
    result.update({"wall_s": wall, "children_max_rss_mb": max(peak, before) / 1024})
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--inflated-mib", type=int, default=1024)
    args = parser.parse_args(argv)
    inflated = args.inflated_mib << 20
    with tempfile.TemporaryDirectory() as tmp:
        files = {
            "zip bomb (declares its size)": bomb_bytes(inflated),
            "zip bomb (headers lie: 1 MiB)": bomb_bytes(inflated, declared=1 << 20),
        }
        paths = {"legitimate sample": SAMPLE}
        for label, data in files.items():
            path = Path(tmp) / (label.split()[2].strip("(") + ".xlsx")
            path.write_bytes(data)
            paths[label] = path
        failed = False
        for label, path in paths.items():
            size = path.stat().st_size
            m = measure(path)
            print(f"{label}: {path.name} {size / 1024 / 1024:.2f} MiB on disk")
            print(
                f"  read {m.get('read_s', float('nan')):.3f} s (child wall {m['wall_s']:.2f} s with imports), "
                f"peak RSS {m.get('rss_mb', float('nan')):.0f} MB "
                f"(RUSAGE_CHILDREN max so far {m['children_max_rss_mb']:.0f} MB)"
            )
            for line in m.get("problems", []) or [m.get("stderr", "")]:
                print(f"  {line}")
            if "bomb" in label:
                failed |= (
                    m.get("ok", True) or m.get("read_s", 99) >= 2 or m.get("rss_mb", 999) >= 300
                )
        print("PASS: refused in < 2 s and < 300 MB" if not failed else "FAIL")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
