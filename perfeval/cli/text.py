"""argparse in Chinese: usage, help section titles and the parser's error messages, so the CLI
never answers a clerk in English. Used by perfeval/__main__.py."""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

USAGE = "用法："
HELP = "显示帮助信息并退出"
TYPE_NAMES = {"int": "整数", "float": "数字", "str": "文字"}

# argparse's English messages (Python 3.11–3.13) → Chinese; the first match wins.
_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"^the following arguments are required: (.*)$", r"缺少必需的参数：\1"),
        (r"^unrecognized arguments: (.*)$", r"无法识别的参数：\1（用 -h 查看用法）"),
        (
            r"^argument (.+?): invalid choice: (.+?) \(choose from (.*)\)$",
            r"参数 \1：没有 \2 这一项（可选：\3）",
        ),
        (r"^argument (.+?): expected one argument$", r"参数 \1 后面需要一个值"),
        (r"^argument (.+?): expected at least one argument$", r"参数 \1 后面至少需要一个值"),
        (r"^ambiguous option: (.+?) could match (.*)$", r"选项 \1 有歧义，可能是：\2"),
        (r"^argument (.+?): (.*)$", r"参数 \1：\2"),
    )
)
_INVALID_VALUE = re.compile(r"invalid (\w+) value: (.*)$")


def translate(message: str) -> str:
    """One argparse error message in Chinese (unknown messages are returned unchanged)."""
    message = _INVALID_VALUE.sub(
        lambda m: f"{m.group(2)} 不是{TYPE_NAMES.get(m.group(1), m.group(1))}", message
    )
    for pattern, replacement in _MESSAGES:
        if pattern.match(message):
            return pattern.sub(replacement, message)
    return message


class ChineseHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None) -> None:
        super().add_usage(usage, actions, groups, USAGE if prefix is None else prefix)


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose usage, section titles, -h help and errors are Chinese; its
    sub-commands (add_parser) are of the same class."""

    def __init__(self, *args, add_help: bool = True, **kwargs) -> None:
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        if add_help:
            self.add_argument("-h", "--help", action="help", help=HELP)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{translate(message)}\n")
