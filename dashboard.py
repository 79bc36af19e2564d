"""perfeval dashboard: page config, navigation and the shared unit/year sidebar.
Run with `streamlit run dashboard.py`; every page reads the selection from the URL."""

import streamlit as st

from perfeval import app

st.set_page_config(page_title="预算绩效自评", page_icon="📊", layout="wide")
app.chinese_chrome()

PAGES = [
    st.Page(
        "views/overview.py",
        title="总览",
        icon=":material/dashboard:",
        url_path="overview",
        default=True,
    ),
    st.Page("views/kpi.py", title="绩效指标", icon=":material/flag:", url_path="kpi"),
    st.Page("views/report_view.py", title="报告", icon=":material/description:", url_path="report"),
    st.Page("views/audit.py", title="报告核对", icon=":material/fact_check:", url_path="audit"),
    st.Page("views/upload.py", title="数据上传", icon=":material/upload_file:", url_path="upload"),
]

CITY = st.Page("views/city.py", title="全市汇总", icon=":material/location_city:", url_path="city")
# Leadership of a store with many units starts from the city; one unit needs no city view first.
PAGES = [CITY, *PAGES] if app.store_unit_count() > 1 else [*PAGES, CITY]

page = st.navigation(PAGES)
st.sidebar.title("预算绩效自评")
page.run()
