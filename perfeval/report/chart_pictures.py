"""Charts as PNG pictures for the Word report: plotly's static export (kaleido) driving the
system Chromium, offline; when that cannot run, an explanation instead of pictures, never a crash."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import plotly.graph_objects as go

# The browser kaleido drives: $BROWSER_PATH (kaleido's and choreographer's own variable) if set,
# else Debian's chromium. A path is always given, so kaleido never looks for a Chrome it
# downloaded itself, and nothing here ever asks it to download one.
BROWSER_ENV = "BROWSER_PATH"
SYSTEM_CHROMIUM = "/usr/bin/chromium"
WIDTH_PX = 640  # CSS pixels across the 156 mm text block: a 13 px label prints about 9 pt
NARROW_PX = {"composition": 480}  # a round chart needs no full width: less white beside it
SCALE = 3  # 2160 px wide: about 350 dpi on paper
TIMEOUT_S = 60


@dataclass
class Pictures:
    """PNG bytes by chart name; `missing` says, in Chinese, why there are none (or fewer)."""

    images: dict[str, bytes] = field(default_factory=dict)
    missing: str | None = None


def browser_path() -> str | None:
    """The Chromium to use, or None when there is none on this machine."""
    wanted = os.environ.get(BROWSER_ENV) or SYSTEM_CHROMIUM
    if Path(wanted).is_file() and os.access(wanted, os.X_OK):
        return wanted
    found = None if os.environ.get(BROWSER_ENV) else shutil.which("chromium")
    return found


def width_px(name: str) -> int:
    return NARROW_PX.get(name, WIDTH_PX)


def _for_print(fig: go.Figure, width: int) -> go.Figure:
    """A copy without the title (the Word caption says it) and with a print width."""
    out = go.Figure(fig)
    out.update_layout(title_text="", title_subtitle_text="", margin={"t": 20}, width=width)
    return out


async def _render(figures: Sequence[go.Figure], path: str) -> list[bytes]:
    import kaleido

    async with kaleido.Kaleido(n=1, path=path, mathjax=False, timeout=TIMEOUT_S) as k:
        out = []
        for fig in figures:
            opts = {"format": "png", "width": int(fig.layout.width), "scale": SCALE}
            opts["height"] = int(fig.layout.height or 400)
            out.append(await k.calc_fig(fig, opts=opts))
        return out


def export(figures: dict[str, go.Figure]) -> Pictures:
    """Every figure as a PNG, with one browser start; a `missing` reason instead of raising."""
    return export_batches([figures])[0]


def export_batches(batches: Sequence[dict[str, go.Figure]]) -> list[Pictures]:
    """The pictures of several documents (each a dict of charts by name) with one browser
    start for all of them: a city's reports cost one Chromium, not one per unit."""
    if not any(batches):
        return [Pictures() for _ in batches]
    try:
        import kaleido  # noqa: F401  (an optional exporter: the report is written without it)
    except ImportError:
        return [Pictures(missing="未安装图表导出组件 kaleido") for _ in batches]
    path = browser_path()
    if path is None:
        where = os.environ.get(BROWSER_ENV) or SYSTEM_CHROMIUM
        missing = f"未找到 Chromium 浏览器（{where}），图表无法导出为图片"
        return [Pictures(missing=missing) for _ in batches]
    keys = [(i, name) for i, figures in enumerate(batches) for name in figures]
    printable = [_for_print(batches[i][name], width_px(name)) for i, name in keys]
    # A thread of its own: asyncio.run must not meet the caller's event loop (Streamlit's).
    with ThreadPoolExecutor(max_workers=1) as pool:
        try:
            pngs = pool.submit(asyncio.run, _render(printable, path)).result()
        except Exception as exc:  # any exporter failure leaves the report without pictures
            missing = f"图表导出失败（{type(exc).__name__}）"
            return [Pictures(missing=missing) for _ in batches]
    out = [Pictures() for _ in batches]
    for (i, name), png in zip(keys, pngs, strict=True):
        out[i].images[name] = png
    return out
