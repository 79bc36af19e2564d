"""Where the command line writes: an output path checked before any work (folder, extension,
existing file, --force) and a write whose failure is told in Chinese, never a traceback."""

from __future__ import annotations

import errno
from collections.abc import Sequence
from pathlib import Path

# OSError numbers → what the clerk can do about it (exc.strerror is English).
_OS_REASONS = {
    errno.ENOENT: "文件夹不存在",
    errno.ENOTDIR: "路径中有一部分不是文件夹",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.EROFS: "该位置只读",
    errno.EISDIR: "这是一个文件夹",
    errno.ENOSPC: "磁盘空间不足",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EBUSY: "文件正被其他程序使用",
}


class OutputError(Exception):
    """An output the command must not (or cannot) write; the message is Chinese, for the user."""


def os_reason(exc: OSError) -> str:
    """Why a file could not be written, in Chinese."""
    return _OS_REASONS.get(exc.errno, f"系统错误（错误号{exc.errno}）")


def _suffixes_text(suffixes: Sequence[str]) -> str:
    return "、".join(suffixes)


def check_file(path: str | Path, suffixes: Sequence[str], *, force: bool) -> Path:
    """The output file `path`, or OutputError when its folder is missing, it is a folder, its
    extension is not one of `suffixes`, or it exists and `force` is not given."""
    out = Path(path)
    if out.is_dir():
        raise OutputError(f"{out} 是一个文件夹：请写出文件名，例如 {out / ('输出' + suffixes[0])}")
    if out.suffix.lower() not in suffixes:
        got = f"「{out.suffix}」" if out.suffix else "没有扩展名"
        raise OutputError(
            f"不支持的输出格式：{out.name}（{got}）。请用 {_suffixes_text(suffixes)} 结尾的文件名。"
        )
    folder = out.parent
    if not folder.is_dir():
        raise OutputError(f"文件夹不存在：{folder}。请先建立该文件夹，或换一个保存位置。")
    if out.exists() and not force:
        raise OutputError(f"文件已存在：{out}。未覆盖；如确要覆盖，请加 --force。")
    return out


def check_folder(path: str | Path) -> Path:
    """An output folder: made if missing, but only inside a folder that exists."""
    out = Path(path)
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out} 是一个文件，不是文件夹：请给出输出文件夹，例如 reports/")
    if not out.parent.is_dir():
        raise OutputError(f"文件夹不存在：{out.parent}。请先建立该文件夹，或换一个保存位置。")
    return out


def existing(folder: Path, names: Sequence[str]) -> list[str]:
    """The names among `names` already present in `folder` (written only with --force)."""
    return [n for n in names if (folder / n).exists()]


def refuse_existing(folder: Path, names: Sequence[str]) -> None:
    found = existing(folder, names)
    if found:
        shown = "、".join(found[:3]) + (f"等{len(found)}个文件" if len(found) > 3 else "")
        raise OutputError(f"{folder} 中已有 {shown}。未覆盖；如确要覆盖，请加 --force。")


def write(path: Path, data: bytes) -> None:
    """Write `data` to `path`; OutputError (in Chinese) when the system refuses."""
    try:
        if path.parent != Path() and not path.parent.exists():
            path.parent.mkdir()
        path.write_bytes(data)
    except OSError as exc:
        raise OutputError(
            f"无法写入 {path}：{os_reason(exc)}。请检查文件夹是否存在、文件是否正被打开、有无写入权限。"
        ) from exc
