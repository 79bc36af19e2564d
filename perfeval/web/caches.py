"""Cached loaders keyed on the store's generation: the store, the catalog, each unit's history, models,
figures, report texts, the Word file, and the city with its charts and downloads."""

from __future__ import annotations

from collections.abc import Callable

import plotly.graph_objects as go
import streamlit as st

from perfeval import pipeline
from perfeval.city import rows as city
from perfeval.model.figures import UnitYear
from perfeval.report import unit_report
from perfeval.schema import Workbook
from perfeval.store.core import Store
from perfeval.web import auth

SOURCE_STORE = "store"


SOURCE_SAMPLES = "samples"


@st.cache_resource(show_spinner=False)
def get_store() -> Store:
    """PostgreSQL at $PERFEVAL_DATABASE_URL when set, else SQLite in $PERFEVAL_STORE."""
    return Store()


def generation() -> int:
    """Changes on every store write: part of every cache key, so a write invalidates at once."""
    return get_store().generation()


@st.cache_data(show_spinner=False)
def _sample_history() -> dict[str, dict[int, Workbook]]:
    by_unit: dict[str, dict[int, Workbook]] = {}
    for wb in pipeline.sample_workbooks():
        by_unit.setdefault(wb.unit, {})[wb.year] = wb
    return by_unit


@st.cache_data(show_spinner=False)
def _catalog(gen: int) -> dict[str, list[int]]:
    store = get_store()
    return {unit: store.years(unit) for unit in store.units()}


def source() -> str:
    return SOURCE_SAMPLES if not _catalog(generation()) else SOURCE_STORE


def catalog() -> dict[str, list[int]]:
    """unit → years available: the store's units this person may view, or the bundled
    samples' when the store is empty."""
    cat = _catalog(generation())
    if cat:
        return {unit: years for unit, years in cat.items() if auth.may_view_unit(unit)}
    return {unit: sorted(h) for unit, h in _sample_history().items()}


@st.cache_data(show_spinner=False, max_entries=64)
def _history(unit: str, gen: int) -> dict[int, Workbook]:
    return get_store().history(unit)


def history(unit: str) -> dict[int, Workbook]:
    if source() == SOURCE_SAMPLES:
        return _sample_history()[unit]
    return _history(unit, generation())


# Models and figures are computed once per (unit, year, store generation) and then only read:
# cache_resource hands every session the same object instead of unpickling a copy on each rerun
# (st.cache_data's behaviour), which the benchmark showed to be most of a cached rerun's time.
@st.cache_resource(show_spinner=False, max_entries=256)
def _model(unit: str, year: int, gen: int, src: str) -> UnitYear:
    return pipeline.model_for(history(unit), year)


def model(unit: str, year: int) -> UnitYear:
    return _model(unit, year, generation(), source())


ChartMaker = Callable[[UnitYear], go.Figure]


# `_make` is left out of the cache key (Streamlit skips arguments named with a leading
# underscore); `name`, the chart function's own name, stands for it.
@st.cache_resource(show_spinner=False, max_entries=1024)
def _figure(_make: ChartMaker, name: str, unit: str, year: int, gen: int, src: str) -> go.Figure:
    return _make(_model(unit, year, gen, src))


def figure(make: ChartMaker, unit: str, year: int) -> go.Figure:
    """A chart (a perfeval.charts function), built once per unit-year and store state."""
    return _figure(
        make, f"{make.__module__}.{make.__qualname__}", unit, year, generation(), source()
    )


@st.cache_data(show_spinner=False, max_entries=256)
def _report(unit: str, year: int, gen: int, src: str) -> tuple[str, str, str]:
    m = _model(unit, year, gen, src)
    return pipeline.report_text(m), unit_report.render_brief(m), unit_report.render_summary(m)


def report_text(unit: str, year: int) -> str:
    """`pipeline.report_text` of the unit-year, cached: what `python -m perfeval summary` prints."""
    return _report(unit, year, generation(), source())[0]


def brief_text(unit: str, year: int) -> str:
    """The 摘要 without its title, for the overview's summary box."""
    return _report(unit, year, generation(), source())[1]


def summary_text(unit: str, year: int) -> str:
    """The one-page 摘要 as its own document (with its title)."""
    return _report(unit, year, generation(), source())[2]


# The Word report takes seconds (pandoc, and a browser for the charts): it is built only when
# someone clicks its download button, once per unit-year and store state, then served from here.
@st.cache_data(show_spinner=False, max_entries=32)
def _docx(unit: str, year: int, gen: int, src: str) -> bytes:
    from perfeval.report import word  # pandoc and python-docx load only when a file is asked for

    return word.build(_model(unit, year, gen, src))


def docx_builder(unit: str, year: int) -> Callable[[], bytes]:
    """A callable for a deferred download: Streamlit runs it off the script thread on the click,
    so the store state is read now, where the page is drawn."""
    gen, src = generation(), source()
    return lambda: _docx(unit, year, gen, src)


@st.cache_data(show_spinner=False, max_entries=32)
def _brief_docx(unit: str, year: int, gen: int, src: str) -> bytes:
    from perfeval.report import word

    return word.build_brief(_model(unit, year, gen, src))


def brief_docx_builder(unit: str, year: int) -> Callable[[], bytes]:
    """The one-page 摘要 in Word, built on the click (as docx_builder)."""
    gen, src = generation(), source()
    return lambda: _brief_docx(unit, year, gen, src)


@st.cache_resource(show_spinner=False)
def _city_memo(root: str) -> city.Memo:
    """Rows already computed, keyed by version ids: a write recomputes only what it changed."""
    return city.Memo()


@st.cache_resource(show_spinner="正在汇总全市数据…", max_entries=16)
def _city(year: int, gen: int) -> city.City:
    store = get_store()
    return city.build_city(store, year, _city_memo(str(store.root)))


def city_of(year: int) -> city.City:
    """Every unit's figures of `year` from the store (not the samples), once per store state."""
    return _city(year, generation())


@st.cache_resource(show_spinner=False, max_entries=64)
def _city_view(year: int, gen: int, units: tuple[str, ...] | None) -> city.City:
    whole = _city(year, gen)
    return whole if units is None else whole.subset(set(units))


def city_view(year: int, units: tuple[str, ...] | None) -> city.City:
    """The city, or the part of it the filters kept (units=None: no filter)."""
    return _city_view(year, generation(), units)


CityChartMaker = Callable[[city.City], go.Figure]


@st.cache_resource(show_spinner=False, max_entries=256)
def city_figure(
    _make: CityChartMaker, name: str, year: int, gen: int, units: tuple[str, ...] | None
) -> go.Figure:
    return _make(_city_view(year, gen, units))  # `_make` is keyed by `name` (see _figure)


@st.cache_data(show_spinner=False, max_entries=8)
def _city_xlsx(year: int, gen: int, units: tuple[str, ...] | None) -> bytes:
    from perfeval.city import table as city_table

    return city_table.to_xlsx(_city_view(year, gen, units))


@st.cache_data(show_spinner=False, max_entries=4)
def _city_zip(year: int, gen: int, units: tuple[str, ...] | None) -> bytes:
    from perfeval.report import bundle

    view = _city_view(year, gen, units)
    models = pipeline.city_models(get_store(), [r.unit for r in view.rows], year)
    return bundle.zip_bytes(bundle.documents(models, word=True))


def city_downloads(year: int, units: tuple[str, ...] | None) -> tuple[Callable, Callable]:
    """The table as .xlsx and every unit's reports as .zip, made only when clicked."""
    gen = generation()
    return (lambda: _city_xlsx(year, gen, units)), (lambda: _city_zip(year, gen, units))


def stored_catalog() -> dict[str, list[int]]:
    """unit → years of the store alone (not the samples), whoever is looking."""
    return _catalog(generation())


def store_unit_count() -> int:
    return len(stored_catalog())


@st.cache_data(show_spinner=False)
def template_bytes() -> bytes:
    from perfeval.template import write_template

    return write_template(example=True)
