"""报告: the full report with its downloads: Word (built on the click), Markdown (the CLI's
`summary`, byte for byte) and the one-page 摘要."""

import streamlit as st

from perfeval.web import caches, selection, widgets

sel = selection.selection_or_stop()
widgets.download_report_buttons(sel)
st.caption("Word 文件按公文格式排版，含图表，点击后生成（约需数秒）。")
st.markdown(caches.report_text(sel.unit, sel.year))
