"""Running the dashboard's pages without a browser (Streamlit's AppTest), for the page tests:
a fresh store per test, a page run, its downloads read back from the media storage."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import streamlit as st
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

DASHBOARD = str(Path(__file__).resolve().parents[1] / "dashboard.py")


TIMEOUT = 60


def clear_caches() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()


def app(page: str | None = None, **params: str) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()  # the entry script must have run st.navigation before a page can be switched to
    if page is not None:
        at.switch_page(page)
        at.run()
    return at


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


class RecordingStorage(MemoryMediaFileStorage):
    """AppTest's in-memory media storage, remembered so a test can read a download's bytes."""

    instances: ClassVar[list[MemoryMediaFileStorage]] = []

    def __init__(self, media_endpoint: str) -> None:
        super().__init__(media_endpoint)
        RecordingStorage.instances.append(self)


def download(at: AppTest, media: list[MemoryMediaFileStorage], key: str) -> tuple[str, bytes]:
    """(file name, bytes) of a download button of the last run, from the media storage."""
    (button,) = [b for b in at.get("download_button") if b.proto.id.endswith(key)]
    file = media[-1].get_file(button.proto.url.rsplit("/", 1)[-1])
    return file.filename, file.content


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def metrics(at: AppTest) -> dict[str, tuple[str, str]]:
    return {m.label: (m.value, m.delta) for m in at.metric}
