"""perfeval dashboard: page config, login and rights, navigation and the shared sidebar.
Run with `streamlit run dashboard.py`; every page reads the selection from the URL."""

import streamlit as st

from perfeval.web import auth, caches, chrome

st.set_page_config(page_title="预算绩效自评", page_icon="📊", layout="wide")
chrome.chinese_chrome()

READ_PAGES = [
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
]
UPLOAD_PAGE = st.Page(
    "views/upload.py", title="数据上传", icon=":material/upload_file:", url_path="upload"
)
CITY_PAGE = st.Page(
    "views/city.py", title="全市汇总", icon=":material/location_city:", url_path="city"
)
ADMIN_PAGE = st.Page(
    "views/admin.py", title="用户与记录", icon=":material/admin_panel_settings:", url_path="admin"
)


def stand_ins(wanted: list, target) -> list:
    """Hidden pages at the URLs of pages this person may not open: the URL shows `target`
    (login, 无访问权限, 无权访问) in Chinese instead of the page or Streamlit's English 404."""
    return [
        st.Page(target, title=p.title, url_path=p.url_path or "overview", visibility="hidden")
        for p in wanted
    ]


# Rights are read from the store on every run; a page a person may not use is not in the
# navigation, and its URL shows why instead of the page.
access = auth.resolve(caches.get_store())
if access.actor is None:
    login = st.Page(auth.login_page, title="登录", icon=":material/login:", default=True)
    pages = [
        login,
        *stand_ins([*READ_PAGES, CITY_PAGE, UPLOAD_PAGE, ADMIN_PAGE], auth.login_page),
    ]
elif not access.may_view:
    nothing = st.Page(auth.no_access_page, title=auth.NO_ACCESS, default=True)
    everything = [*READ_PAGES, CITY_PAGE, UPLOAD_PAGE, ADMIN_PAGE]
    pages = [nothing, *stand_ins(everything, auth.no_access_page)]
else:
    allowed = READ_PAGES + ([UPLOAD_PAGE] if access.may_upload else [])
    allowed += [ADMIN_PAGE] if access.is_admin else []
    # The city view shows every unit: only for those who may view every unit. Leadership of a
    # store with many units starts from it; one unit needs no city view first.
    if access.rights.all_units(auth.VIEWER):
        many = caches.store_unit_count() > 1
        allowed = [CITY_PAGE, *allowed] if many else [*allowed, CITY_PAGE]
    barred = [p for p in (CITY_PAGE, UPLOAD_PAGE, ADMIN_PAGE) if p not in allowed]
    pages = allowed + stand_ins(barred, auth.forbidden_page)

page = st.navigation(pages)
st.sidebar.title("预算绩效自评")
auth.account_sidebar(access)
page.run()
