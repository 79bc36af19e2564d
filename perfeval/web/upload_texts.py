"""The upload page's words without Streamlit: each file's status, icon and heading, what saving it
would make, the count under the list and the message after saving. Tested directly."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from perfeval import checking, fmt, markdown, pipeline
from perfeval.schema import Problem, ReadResult, Workbook
from perfeval.store.core import Version

ICON_ERROR = ":material/error:"
ICON_WARNING = ":material/warning:"
ICON_OK = ":material/check_circle:"


@dataclass(frozen=True)
class CheckedUpload:
    """An uploaded file read and checked: `problems` are the reader's and every finding the
    report will raise (errors, then warnings, then notes)."""

    filename: str
    data: bytes
    result: ReadResult
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return self.result.ok and not any(p.level == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.level == "warning" for p in self.problems)

    @property
    def errors(self) -> int:
        return sum(p.level == "error" for p in self.problems)


def upload_status(item: CheckedUpload, plan: checking.SavePlan) -> str:
    """What saving does with a file on its own: 可以保存, 与第N版相同, or why it cannot."""
    if not item.ok:
        return "有错误，不能保存"
    for upload, current in plan.unchanged:
        if upload.filename == item.filename:
            return checking.same_as_text(current.version)
    if any(item.filename in c.filenames for c in plan.conflicts):
        return "与其他文件属同一单位年度，不能保存"
    return "可以保存"


def upload_icon(ok: bool, attention: bool) -> str:
    if not ok:
        return ICON_ERROR
    return ICON_WARNING if attention else ICON_OK


@dataclass(frozen=True)
class FileHeading:
    """One file's expander: its title (Markdown, user text escaped), icon, and whether it opens."""

    title: str
    icon: str
    conflicted: bool  # the unit-year is claimed by another file too: opened to say so


def file_heading(
    item: CheckedUpload, group: pipeline.UnitYearFiles | None, plan: checking.SavePlan
) -> FileHeading:
    """`表.xlsx（可以保存；警告2个） — 某局 2024年度`: the status of the file, or of the group
    it is merged into, its warnings, and the unit-year it holds."""
    merged = group is not None and len(group.files) > 1
    status = upload_status(item, plan)
    if merged:
        status = "可以保存，与其他文件合并" if group.ok else "与其他文件不一致，不能保存"
    if item.ok and item.warnings:
        status += f"；警告{item.warnings}个"
    conflicted = any(item.filename in c.filenames for c in plan.conflicts)
    icon = upload_icon(item.ok and (group is None or group.ok), conflicted or item.warnings > 0)
    title = f"{markdown.inline(item.filename)}（{status}）"
    wb = item.result.workbook
    if wb is not None:
        title += f" — {markdown.inline(wb.unit)} {wb.year}年度"
    return FileHeading(title, icon, conflicted)


def version_note(
    wb: Workbook,
    plan: checking.SavePlan,
    filename: str,
    current: Version | None,
    next_number: int,
) -> str:
    """Which stored unit-year the upload would become a new version of (escaped for Markdown);
    `current` and `next_number` are the store's for that unit-year."""
    unit = markdown.inline(wb.unit)
    for upload, same in plan.unchanged:
        if upload.filename == filename:
            return (
                f"此文件与 **{unit} {wb.year}年度** 的第{same.version}版（当前版本）完全相同，"
                "保存时不会新建版本。"
            )
    if current is None and next_number == 1:
        return f"将新建 **{unit} {wb.year}年度** 的第1版。"
    replaced = (
        f"，替换当前的第{current.version}版（{markdown.inline(current.filename)}，"
        f"{fmt.beijing_time(current.uploaded_at)}）"
        if current
        else ""
    )
    return (
        f"将保存为 **{unit} {wb.year}年度** 的第{next_number}版{replaced}。旧版本保留，可随时恢复。"
    )


def counts_caption(
    checked: int,
    valid: int,
    refused: int,
    groups: Sequence[pipeline.UnitYearFiles],
    plan: checking.SavePlan,
) -> str:
    """`共3个文件（2个单位年度）：1个版本将保存，1个文件有错误。` under the list of files."""
    counts = (
        (checked - valid - refused, "个文件有错误"),
        (refused, "个无权上传"),
        (len(plan.unchanged), "个与当前版本相同"),
        (sum(len(c.filenames) for c in plan.conflicts), "个因同一单位年度重复需处理"),
        (sum(not g.ok for g in groups), "个单位年度的文件互相不一致"),
    )
    rest = "".join(f"，{n}{what}" for n, what in counts if n)
    return f"共{checked}个文件（{len(groups)}个单位年度）：{len(plan.save)}个版本将保存{rest}。"


SAMPLES_GONE = "数据库已有数据，随附的示例单位（常宁市科技和工业信息化局）不再显示；各页面改为显示已保存的数据。"


def saved_message(versions: Sequence[Version], plan: checking.SavePlan, first_save: bool) -> str:
    """After 保存: the versions made, the files not saved again, and (on the very first save)
    that the bundled samples give way to the stored data."""
    saved = "；".join(f"{markdown.inline(v.unit)} {v.year}年度 第{v.version}版" for v in versions)
    text = f"已保存{len(versions)}个工作簿：{saved}。"
    text += "".join(
        f"{markdown.inline(u.filename)}{checking.same_as_text(v.version)}。"
        for u, v in plan.unchanged
    )
    return text + (SAMPLES_GONE if first_save else "")
