"""Chinese labels where Streamlit and plotly have no locale setting: the uploader's words and the
plotly toolbar's dictionary. No user text goes in here."""

from __future__ import annotations

import streamlit as st

# Streamlit has no locale setting: the file uploader's button says "Upload" and its hint
# "20MB per file • XLSX…", and the full-screen button it adds to plotly's toolbar has an English
# tooltip that no plotly locale reaches. These rules hide those English words and put Chinese
# ones in their place through ::after. No user text goes in here; tests/e2e pins the labels.
UPLOAD_BUTTON_TEXT = "选择文件"


CHROME_CSS = """
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {
  font-size: 0;
}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {
  content: "%(button)s";
  font-size: 0.875rem;
}
[data-testid="stFileUploaderDropzoneInstructions"] span {
  font-size: 0;
}
[data-testid="stFileUploaderDropzoneInstructions"] span::after {
  content: "%(hint)s";
  font-size: 0.875rem;
}
[data-testid="stFileChip"][aria-invalid="true"]::after {
  content: "%(refused)s";
  font-size: 0.75rem;
  color: #c92a2a;
  margin-left: 0.5rem;
  white-space: nowrap;
}
.js-plotly-plot .plotly .modebar-btn[data-title="Fullscreen"]::after {
  content: "全屏";
}
.js-plotly-plot .plotly .modebar-btn[data-title="Close fullscreen"]::after {
  content: "退出全屏";
}
"""


def upload_hint() -> str:
    from perfeval.readers import MAX_UPLOAD_BYTES

    # No file types here: the rule applies to every uploader (workbooks, reports); each label
    # names what it takes.
    return f"或将文件拖放到此处 · 每个文件不超过{MAX_UPLOAD_BYTES // (1024 * 1024)}MB"


def refused_file_text() -> str:
    """Beside a file the uploader refused (too large or of a type it does not take): Streamlit
    only says why to screen readers, in English; people saw a red chip and nothing else."""
    from perfeval.readers import MAX_UPLOAD_BYTES

    return f"未上传：超过{MAX_UPLOAD_BYTES // (1024 * 1024)}MB或文件类型不符"


def chinese_chrome() -> None:
    """Chinese labels where Streamlit has no setting for them (called once per page run)."""
    css = CHROME_CSS % {
        "button": UPLOAD_BUTTON_TEXT,
        "hint": upload_hint(),
        "refused": refused_file_text(),
    }
    st.html(f"<style>{css}</style>")


# Plotly's toolbar in Chinese: plotly.js takes a locale dictionary in the chart's config, so no
# locale bundle is needed. Only the buttons that matter are kept.
PLOTLY_ZH = {
    "Download plot as a png": "下载为PNG图片",
    "Download plot as a PNG": "下载为PNG图片",
    "Fullscreen": "全屏",
    "Exit fullscreen": "退出全屏",
    "Close fullscreen": "退出全屏",
    "Download plot": "下载图片",
    "Zoom in": "放大",
    "Zoom out": "缩小",
    "Reset axes": "还原坐标轴",
    "Autoscale": "自动缩放",
    "Reset view": "还原视图",
    "Zoom": "框选放大",
    "Pan": "平移",
    "Double-click to zoom back out": "双击还原",
    "Click to enter Colorscale title": "",
    "Click to enter Plot title": "",
}


PLOTLY_CONFIG = {
    "locale": "zh-CN",
    "locales": {"zh-CN": {"dictionary": PLOTLY_ZH, "format": {"decimal": ".", "thousands": ","}}},
    "displaylogo": False,
    "modeBarButtonsToRemove": [
        "select2d",
        "lasso2d",
        "zoom2d",
        "pan2d",
        "autoScale2d",
        "toggleSpikelines",
        "hoverClosestCartesian",
        "hoverCompareCartesian",
    ],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}
