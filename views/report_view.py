"""报告: the full report with its downloads: Word (built on the click), Markdown (the CLI's
`summary`, byte for byte) and the one-page 摘要."""

import streamlit as st

from perfeval.web import app

sel = app.selection_or_stop()
app.download_report_buttons(sel)
st.caption("Word 文件按公文格式排版，含图表，点击后生成（约需数秒）。")
st.markdown(app.report_text(sel.unit, sel.year))
