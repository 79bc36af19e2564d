"""报告: the full written summary, and its Markdown download (the CLI's `summary`, byte for byte)."""

import streamlit as st

from perfeval import app

sel = app.selection_or_stop()
app.download_report_button(sel, key="download_report", primary=True)
st.markdown(app.report_text(sel.unit, sel.year))
