"""The Streamlit pages under AppTest: every page runs, shows the model's figures, follows the URL,
gates editing, keeps uploads out of the store until 保存, and downloads the CLI's summary."""

from __future__ import annotations

import io
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from perfeval import fmt, pipeline
from perfeval.cli.main import main as cli_main
from perfeval.model.figures import Change, UnitYear
from perfeval.readers import read_workbook
from perfeval.report import unit_report
from perfeval.samples import SEED_UNIT
from perfeval.store.core import Store
from tests.apptest import XLSX_MIME, app, download, metrics, no_exception
from tests.two_units import FIGURES, UNIT_A, UNIT_B, save, workbook_bytes

# Every page test: a fresh store and cold Streamlit caches (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("store_dir")

PAGES = ("views/overview.py", "views/kpi.py", "views/report_view.py", "views/upload.py")

UNIT_NEW = "测试市示例局"


@pytest.fixture
def filled_store(store_dir: Path) -> Store:
    """Two units with two years each."""
    store = Store(store_dir)
    for unit, year in FIGURES:
        save(store, unit, year)
    return store


def sample_model(year: int = 2024) -> UnitYear:
    return pipeline.model_for(pipeline.history_from_workbooks(pipeline.sample_workbooks()), year)


def change_text(change: Change) -> str:
    if change.previous is None:
        return ""
    return f"{fmt.signed_money(change.delta)}（{fmt.signed_percent(change.ratio)}）"


def expected_cards(m: UnitYear) -> dict[str, tuple[str, str]]:
    b = m.overall
    return {
        "支出合计": (fmt.money(b.total.current), change_text(b.total)),
        "基本支出": (fmt.money(b.basic.current), change_text(b.basic)),
        "项目支出": (fmt.money(b.project.current), change_text(b.project)),
        "预算执行率": (fmt.percent(m.execution.rate), ""),
        "自评得分": (f"{fmt.amount(m.score.total)}分", f"等级：{m.score.grade}{basis_text(m)}"),
    }


def basis_text(m: UnitYear) -> str:
    """The score card names what the score rests on unless that is the full 100."""
    rests_on = m.score.rests_on
    return "" if rests_on == 100 else f" · 依据{fmt.number(rests_on)}分可评内容折算"


def cli_summary(*args: str) -> str:
    out = io.StringIO()
    with redirect_stdout(out):
        assert cli_main(["summary", *args]) == 0
    return out.getvalue()


# ---------------------------------------------------------------- every page runs


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_on_empty_store_with_samples(page: str) -> None:
    at = app(page)
    no_exception(at)
    assert at.selectbox(key="_unit_box").value == SEED_UNIT
    assert at.query_params["unit"] == SEED_UNIT
    if page != "views/upload.py":
        assert any("示例数据" in c.value for c in at.sidebar.caption)


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_on_store_with_data(page: str, filled_store: Store) -> None:
    at = app(page)
    no_exception(at)
    # The store replaces the samples: units in order, latest year first.
    assert at.selectbox(key="_unit_box").options == [UNIT_A, UNIT_B]
    assert at.selectbox(key=f"_year_box_{UNIT_A}").value == 2024
    assert not any("示例数据" in c.value for c in at.sidebar.caption)
    if page == "views/kpi.py":
        assert metrics(at)["指标总数"][0] == "2个"
    if page == "views/upload.py":
        assert at.selectbox(key="version_pick").options == [f"第1版（{UNIT_A}-2024.xlsx）"]


# ---------------------------------------------------------------- overview figures


def test_overview_cards_show_the_models_figures_for_the_samples() -> None:
    at = app()
    no_exception(at)
    assert at.title[0].value == f"2024年度{SEED_UNIT}"
    shown = metrics(at)
    assert shown == expected_cards(sample_model(2024))
    # Hand-known figures of the seed report, so the comparison above cannot pass vacuously.
    assert shown["支出合计"][0] == "7174.02万元"
    assert shown["基本支出"] == ("796.58万元", "-65.47万元（-7.59%）")
    assert shown["项目支出"] == ("6377.44万元", "+1133.55万元（+21.62%）")
    assert shown["预算执行率"][0] == "96.89%"
    # 预算执行率 10 + 产出指标 50 scored; 效益 and 满意度 have no quantified indicator
    assert shown["自评得分"] == ("99.48分", "等级：优 · 依据60分可评内容折算")


def test_overview_cards_for_stored_data(filled_store: Store) -> None:
    at = app()
    no_exception(at)
    shown = metrics(at)
    assert shown == expected_cards(pipeline.model_for(filled_store.history(UNIT_A), 2024))
    assert shown["支出合计"] == ("420.50万元", "+70.50万元（+20.14%）")
    assert shown["项目支出"] == ("300.00万元", "+80.00万元（+36.36%）")


def test_overview_first_year_has_no_change() -> None:
    at = app(year="2023")
    no_exception(at)
    assert metrics(at)["支出合计"] == ("6105.94万元", "")
    assert any("没有2022年度数据" in c.value for c in at.caption)


# ---------------------------------------------------------------- the URL selects the view


def test_query_params_select_unit_and_year(filled_store: Store) -> None:
    at = app(unit=UNIT_B, year="2023")
    no_exception(at)
    assert at.title[0].value == f"2023年度{UNIT_B}"
    assert at.selectbox(key="_unit_box").value == UNIT_B
    assert at.selectbox(key=f"_year_box_{UNIT_B}").value == 2023
    shown = metrics(at)
    assert shown == expected_cards(pipeline.model_for(filled_store.history(UNIT_B), 2023))
    assert shown["支出合计"] == ("1400.00万元", "")


def test_query_params_select_view_on_kpi_and_report(filled_store: Store) -> None:
    at = app("views/kpi.py", unit=UNIT_B, year="2024")
    no_exception(at)
    assert at.title[0].value == "2024年度绩效指标完成情况"
    assert at.caption[0].value == UNIT_B
    at = app("views/report_view.py", unit=UNIT_B, year="2024")
    no_exception(at)
    assert at.get("download_button")[0].label == "下载报告 (Word)"
    text = "\n".join(md.value for md in at.markdown)
    assert "1234.56万元" in text


def test_unknown_query_params_fall_back_to_first_unit_latest_year(filled_store: Store) -> None:
    at = app(unit="不存在的单位", year="1999")
    no_exception(at)
    assert at.title[0].value == f"2024年度{UNIT_A}"
    assert dict(at.query_params) == {"unit": UNIT_A, "year": "2024"}


def test_sidebar_selection_updates_query_params(filled_store: Store) -> None:
    at = app(unit=UNIT_A, year="2023")
    assert at.title[0].value == f"2023年度{UNIT_A}"
    at.selectbox(key="_unit_box").select(UNIT_B).run()
    no_exception(at)
    # The year carries over to the other unit when it has it.
    assert dict(at.query_params) == {"unit": UNIT_B, "year": "2023"}
    assert at.title[0].value == f"2023年度{UNIT_B}"
    at.selectbox(key=f"_year_box_{UNIT_B}").select(2024).run()
    no_exception(at)
    assert dict(at.query_params) == {"unit": UNIT_B, "year": "2024"}
    assert metrics(at)["支出合计"] == ("1234.56万元", "-165.44万元（-11.82%）")


def test_selection_follows_to_other_pages(filled_store: Store) -> None:
    at = app(unit=UNIT_B, year="2023")
    at.switch_page("views/kpi.py").run()
    no_exception(at)
    assert at.caption[0].value == UNIT_B
    assert at.title[0].value == "2023年度绩效指标完成情况"


# ---------------------------------------------------------------- upload


def new_unit_file() -> tuple[str, bytes, str]:
    data = workbook_bytes(UNIT_NEW, 2024, "50", "10.25", ["30", "9.75"])  # 支出合计 100.00
    return (f"{UNIT_NEW}-2024.xlsx", data, XLSX_MIME)


def test_upload_page_without_files_stores_nothing_and_cannot_save(store_dir: Path) -> None:
    at = app("views/upload.py")
    no_exception(at)
    assert len(at.get("file_uploader")) == 1
    assert at.button(key="save").disabled
    assert [b.label for b in at.get("download_button")] == ["下载填报模板 (.xlsx)"]
    assert Store(store_dir).is_empty()


def test_upload_is_checked_and_previewed_but_stored_only_on_save(store_dir: Path) -> None:
    at = app("views/upload.py")
    name, data, mime = new_unit_file()
    at.get("file_uploader")[0].set_value((name, data, mime))
    at.run()
    no_exception(at)
    assert [e.label for e in at.expander] == [f"{name}（可以保存） — {UNIT_NEW} 2024年度"]
    assert at.expander[0].icon == ":material/check_circle:"
    assert any(f"将新建 **{UNIT_NEW} 2024年度** 的第1版" in md.value for md in at.markdown)
    preview = metrics(at)
    assert preview["支出合计"][0] == "100.00万元"
    assert preview["基本支出"][0] == "60.25万元"
    assert preview["项目支出"][0] == "39.75万元"
    assert preview["绩效指标"][0] == "2个"
    # Checked and previewed, yet nothing written.
    assert Store(store_dir).is_empty()
    assert not at.button(key="save").disabled

    at.button(key="save").click().run()
    no_exception(at)
    store = Store(store_dir)
    assert store.units() == [UNIT_NEW]
    versions = store.versions(UNIT_NEW, 2024)
    assert [(v.version, v.filename, v.current) for v in versions] == [(1, name, True)]
    assert store.original(versions[0].sha256) == data
    assert any(f"{UNIT_NEW} 2024年度 第1版" in s.value for s in at.success)
    assert dict(at.query_params) == {"unit": UNIT_NEW, "year": "2024"}
    # The uploader was reset: a second click cannot save the same file twice.
    assert at.button(key="save").disabled


def test_upload_with_errors_cannot_be_saved(store_dir: Path) -> None:
    at = app("views/upload.py")
    at.get("file_uploader")[0].set_value(("坏文件.xlsx", b"not a workbook", XLSX_MIME))
    at.run()
    no_exception(at)
    assert at.expander[0].label.startswith("坏文件.xlsx（有错误，不能保存）")
    assert at.expander[0].icon == ":material/error:"
    assert at.error
    assert at.button(key="save").disabled
    assert Store(store_dir).is_empty()


# ---------------------------------------------------------------- editor gate


def test_editor_gate_hides_upload_until_the_right_password(
    monkeypatch: pytest.MonkeyPatch, store_dir: Path
) -> None:
    monkeypatch.setenv("PERFEVAL_EDITOR_PASSWORD", "s3cret-密码")
    at = app("views/upload.py")
    no_exception(at)
    assert [t.label for t in at.text_input] == ["编辑密码"]
    assert not at.get("file_uploader")
    assert not at.get("download_button")  # no template button either
    assert not any(b.key == "save" for b in at.button)

    at.text_input[0].input("wrong")
    at.button[0].click().run()
    no_exception(at)
    assert [e.value for e in at.error] == ["密码不正确。"]
    assert not at.get("file_uploader")

    at.text_input[0].input("s3cret-密码")
    at.button[0].click().run()
    no_exception(at)
    assert not at.error
    assert not at.text_input
    assert len(at.get("file_uploader")) == 1
    assert [b.label for b in at.get("download_button")] == ["下载填报模板 (.xlsx)"]
    assert Store(store_dir).is_empty()


def test_viewing_pages_need_no_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PERFEVAL_EDITOR_PASSWORD", "s3cret")
    at = app()
    no_exception(at)
    assert not at.text_input
    assert metrics(at)["支出合计"][0] == "7174.02万元"


# ---------------------------------------------------------------- report download


def test_report_download_equals_cli_summary_for_samples(media: list) -> None:
    at = app("views/report_view.py")
    no_exception(at)
    name, data = download(at, media, "download_report")
    samples = sorted(str(p) for p in pipeline.SAMPLES_DIR.glob("*.xlsx"))
    expected = cli_summary(*samples, "--year", "2024")
    assert name == f"{SEED_UNIT}-2024-绩效自评报告.md"
    assert data.decode("utf-8") == expected
    assert "7174.02万元" in expected
    # The page shows the same text it offers for download (Streamlit strips the final newline).
    assert at.markdown[0].value == expected.rstrip("\n")


def test_report_download_equals_cli_summary_for_stored_unit(
    media: list, filled_store: Store, store_dir: Path
) -> None:
    at = app("views/report_view.py", unit=UNIT_B, year="2024")
    no_exception(at)
    name, data = download(at, media, "download_report")
    expected = cli_summary("--store", str(store_dir), "--unit", UNIT_B, "--year", "2024")
    model = pipeline.model_for(filled_store.history(UNIT_B), 2024)
    assert name == unit_report.report_filename(model) == f"{UNIT_B}-2024-绩效自评报告.md"
    assert data.decode("utf-8") == expected
    assert "1234.56万元" in expected


def test_report_page_offers_word_report_and_summary(media: list) -> None:
    at = app("views/report_view.py")
    no_exception(at)
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == [
        "下载报告 (Word)",
        "下载报告 (Markdown)",
        "下载摘要 (Word)",
        "下载摘要 (Markdown)",
    ]
    name, data = download(at, media, "download_summary")
    samples = sorted(str(p) for p in pipeline.SAMPLES_DIR.glob("*.xlsx"))
    assert name == f"{SEED_UNIT}-2024-绩效自评摘要.md"
    assert data.decode("utf-8") == cli_summary(*samples, "--year", "2024", "--brief")
    assert data.decode("utf-8").startswith(f"# 2024年度{SEED_UNIT}整体支出绩效自评摘要\n")


def test_overview_download_and_box_are_the_summary(media: list, filled_store: Store) -> None:
    at = app(unit=UNIT_A, year="2023")
    no_exception(at)
    name, data = download(at, media, "download_overview")
    assert name == f"{UNIT_A}-2023-绩效自评摘要.md"
    summary = cli_summary("--unit", UNIT_A, "--year", "2023", "--brief")
    assert data.decode("utf-8") == summary
    untitled = summary.split("\n", 2)[2].rstrip("\n")  # the box has its own 自评摘要 heading
    assert any(m.value == untitled for m in at.markdown)


HOSTILE_UNIT = "[点我](http://evil.example) **粗体**"


def test_unit_names_from_workbooks_are_shown_as_text(store_dir: Path) -> None:
    """Titles, captions and the brief render Markdown: a unit name must arrive escaped."""
    data = workbook_bytes(HOSTILE_UNIT, 2024, "10", "5", ["20"])
    result = read_workbook(data, "x.xlsx")
    assert result.ok, result.problems
    Store(store_dir).save(result.workbook, data, "x.xlsx")
    at = app(unit=HOSTILE_UNIT, year="2024")
    no_exception(at)
    escaped = r"\[点我\](http\://evil.example) \*\*粗体\*\*"
    assert at.title[0].value == f"2024年度{escaped}"
    assert any(escaped in m.value for m in at.markdown)  # the brief beside the charts
    assert not any("](http://evil" in m.value for m in at.markdown)
    kpi = app("views/kpi.py", unit=HOSTILE_UNIT, year="2024")
    assert kpi.caption[0].value == escaped


# ---------------------------------------------------------------- trust at the moment of upload


def trial_upload() -> tuple[str, bytes, str]:
    from tests.shared import trial_file

    return ("trial.xlsx", trial_file(), XLSX_MIME)


def test_preview_lists_every_finding_errors_first_and_shows_indicators(store_dir: Path) -> None:
    at = app("views/upload.py")
    at.get("file_uploader")[0].set_value(trial_upload())
    at.run()
    no_exception(at)
    assert at.expander[0].label == "trial.xlsx（可以保存；警告4个） — 测试市核查局 2024年度"
    assert at.expander[0].icon == ":material/warning:"
    tables = [t.value for t in at.table]
    kpis = next(t for t in tables if "三级指标" in t.columns)
    assert list(kpis["三级指标"]) == ["培训人次"] and list(kpis["实际完成值"]) == ["80人次"]
    found = next(t for t in tables if "级别" in t.columns)
    assert list(found["级别"]) == ["警告"] * 4
    text = " ".join(found["说明"])
    assert "1000.00%" in text and "相差1357.20万元" in text and "未说明偏差原因" in text
    assert any("错误0个，警告4个，提示0个" in md.value for md in at.markdown)


def test_two_files_of_one_unit_year_cannot_be_saved_together(store_dir: Path) -> None:
    from tests.shared import trial_file

    at = app("views/upload.py")
    at.get("file_uploader")[0].set_value(
        [("甲.xlsx", trial_file(), XLSX_MIME), ("乙.xlsx", trial_file(reason="延期"), XLSX_MIME)]
    )
    at.run()
    no_exception(at)
    assert all("与其他文件属同一单位年度，不能保存" in e.label for e in at.expander)
    assert any("「甲.xlsx」、「乙.xlsx」都是测试市核查局 2024年度" in e.value for e in at.error)
    assert at.button(key="save").disabled


def test_the_current_versions_bytes_again_are_not_saved(store_dir: Path) -> None:
    name, data, mime = new_unit_file()
    store = Store(store_dir)
    store.save(read_workbook(data, name).workbook, data, name)
    at = app("views/upload.py")
    at.get("file_uploader")[0].set_value((name, data, mime))
    at.run()
    no_exception(at)
    assert at.expander[0].label.startswith(f"{name}（与第1版相同，未保存）")
    assert at.button(key="save").disabled
    assert len(store.versions(UNIT_NEW, 2024)) == 1


def test_first_save_says_the_sample_unit_is_no_longer_shown(store_dir: Path) -> None:
    at = app("views/upload.py")
    at.get("file_uploader")[0].set_value(new_unit_file())
    at.run()
    at.button(key="save").click().run()
    no_exception(at)
    assert any("示例单位（常宁市科技和工业信息化局）不再显示" in s.value for s in at.success)


def test_deleting_the_current_version_asks_and_says_which_becomes_current(
    store_dir: Path,
) -> None:
    store = Store(store_dir)
    for note, public in (("第一版", "20"), ("第二版", "21")):
        data = workbook_bytes(UNIT_A, 2024, "100", public, ["180"])
        store.save(read_workbook(data, f"{note}.xlsx").workbook, data, f"{note}.xlsx")
    at = app("views/upload.py", unit=UNIT_A, year="2024")
    at.selectbox(key="version_pick").select("第2版（第二版.xlsx）").run()
    at.button(key="v_delete").click().run()
    no_exception(at)
    # Nothing deleted yet: the dialog asks first and names the next current version.
    assert store.current(UNIT_A, 2024).version == 2
    assert any("删除后第1版（第一版.xlsx）成为当前版本" in md.value for md in at.markdown)
    at.button(key="dialog_ok").click().run()
    no_exception(at)
    assert store.current(UNIT_A, 2024).version == 1
    assert any("第2版已删除（可恢复）；当前版本是第1版" in s.value for s in at.success)


def test_link_to_an_unknown_unit_or_year_says_so(filled_store: Store) -> None:
    at = app(unit="不存在的单位", year="1999")
    said = [w.value for w in at.warning]
    assert "链接中的单位“不存在的单位”没有数据，已改为显示测试市一局。" in said
    at = app(year="1999")
    assert [w.value for w in at.warning] == ["测试市一局没有1999年度的数据，已改为显示2024年度。"]
    at = app(unit=UNIT_A, year="2024")
    assert not at.warning


def test_restoring_an_old_version_asks_and_cancel_changes_nothing(store_dir: Path) -> None:
    store = Store(store_dir)
    for note, public in (("第一版", "20"), ("第二版", "21")):
        data = workbook_bytes(UNIT_A, 2024, "100", public, ["180"])
        store.save(read_workbook(data, f"{note}.xlsx").workbook, data, f"{note}.xlsx")
    at = app("views/upload.py", unit=UNIT_A, year="2024")
    at.selectbox(key="version_pick").select("第1版（第一版.xlsx）").run()
    at.button(key="v_restore").click().run()
    assert any("第1版将成为当前版本，当前的第2版保留为历史版本" in md.value for md in at.markdown)
    at.button(key="dialog_cancel").click().run()
    no_exception(at)
    assert store.current(UNIT_A, 2024).version == 2
    assert not at.get("button") or all(b.key != "dialog_ok" for b in at.button)
    at.button(key="v_restore").click().run()
    at.button(key="dialog_ok").click().run()
    assert store.current(UNIT_A, 2024).version == 1


def test_password_form_does_not_offer_the_english_enter_hint(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # With enter_to_submit, Streamlit writes "Press Enter to submit form" under the field.
    monkeypatch.setenv("PERFEVAL_EDITOR_PASSWORD", "s3cret")
    at = app("views/upload.py")
    (form,) = at.get("form")
    assert form.proto.form.form_id == "editor_login" and form.proto.form.enter_to_submit is False


def test_kpi_page_shows_a_long_reason_in_full(store_dir: Path) -> None:
    from tests.shared import trial_file

    reason = "培训场地改造延期，第四季度集中组织的两期培训顺延至次年一季度举办，" * 3
    data = trial_file(reason=reason)
    Store(store_dir).save(read_workbook(data, "t.xlsx").workbook, data, "t.xlsx")
    at = app("views/kpi.py", unit="测试市核查局", year="2024")
    no_exception(at)
    details = next(t.value for t in at.table if "偏差原因" in t.value.columns)
    assert list(details["偏差原因"]) == [reason]  # a wrapping table cell, not a cut-off grid cell
    parts = next(t.value for t in at.table if "评分部分" in t.value.columns)
    assert "执行率超过100%，按100%计分（封顶10分）" in parts["说明"].iloc[0]
