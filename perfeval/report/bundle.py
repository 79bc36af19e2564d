"""Every unit's written documents of a year as files: the 报告 and the 摘要 of each unit, in
Markdown and in Word, as one .zip (the city page) or into a folder (`summary --all`)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence

from perfeval.model.figures import UnitYear
from perfeval.report import unit_report


def markdown_documents(model: UnitYear) -> dict[str, bytes]:
    """The 报告 and the 摘要 in Markdown, each byte for byte what `summary` (without and with
    --brief) writes for that unit and year."""
    return {
        unit_report.report_filename(model): unit_report.render_report(model).encode("utf-8"),
        unit_report.summary_filename(model): unit_report.render_summary(model).encode("utf-8"),
    }


def documents(
    models: Sequence[UnitYear], *, word: bool = True, pictures: bool = True
) -> dict[str, bytes]:
    """File name → bytes for every unit: Markdown always; with `word` the 报告 (its charts as
    pictures unless `pictures` is False, all units' exported with one browser start) and the
    one-page 摘要 in Word as well."""
    files: dict[str, bytes] = {}
    reports: list[bytes] = []
    if word:
        from perfeval.report import word as word_report  # pandoc only when Word is asked for

        reports = word_report.build_many(list(models), pictures=pictures)
    for i, model in enumerate(models):
        files.update(markdown_documents(model))
        if word:
            files[unit_report.report_filename(model, "docx")] = reports[i]
            files[unit_report.summary_filename(model, "docx")] = word_report.build_brief(model)
    return files


def zip_bytes(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def zip_filename(year: int) -> str:
    return f"{year}年各单位绩效自评报告.zip"
