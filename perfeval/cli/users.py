"""The command line's people and trail: `users grant|revoke|list` and `activity`, acting as
`cli:<os user>` (whoever may run it on the server may open the database anyway)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from perfeval import fmt
from perfeval.store.access import ALL_UNITS, ALL_UNITS_NAME, ROLE_NAMES, ROLES, Refused, cli_actor

EXIT_OK, EXIT_INPUT = 0, 2


def _out(text: str) -> None:
    sys.stdout.write(fmt.printable_lines(text) + "\n")


def _err(text: str) -> None:
    sys.stderr.write(fmt.printable_lines(text) + "\n")


def cmd_activity(args: argparse.Namespace) -> int:
    from perfeval.store.core import Store
    from perfeval.store.trail import ACTIVITY_HEADER, activity_cells

    rows = Store(args.store).activity(unit=args.unit, year=args.year)
    if not rows:
        _err("没有符合条件的活动记录。")
        return EXIT_OK
    _out("\t".join(ACTIVITY_HEADER))
    for row in rows:
        _out("\t".join(activity_cells(row)))
    _err(f"共{len(rows)}条记录。")
    return EXIT_OK


def cmd_users(args: argparse.Namespace) -> int:
    from perfeval.store.core import Store

    store = Store(args.store)
    unit = (args.unit or ALL_UNITS) if args.action != "list" else None
    try:
        if args.action == "grant":
            g = store.grant(cli_actor(), args.subject, args.role, unit)
            _out(f"已授权：{g.subject} {ROLE_NAMES[g.role]}（{_unit_text(g.unit)}）")
        elif args.action == "revoke":
            if store.revoke(cli_actor(), args.subject, unit):
                _out(f"已撤销：{args.subject}（{_unit_text(unit)}）")
            else:
                _err(f"{args.subject} 在{_unit_text(unit)}没有授权，无需撤销。")
                return EXIT_INPUT
        else:
            grants = store.grants()
            if not grants:
                _out("还没有任何授权。首批管理员可用环境变量 PERFEVAL_ADMINS 指定。")
            for g in grants:
                when = fmt.beijing_time(g.granted_at)
                _out(
                    f"{g.subject}\t{g.role}（{ROLE_NAMES[g.role]}）\t{_unit_text(g.unit)}\t{g.granted_by}\t{when}"
                )
    except (ValueError, Refused) as exc:
        _err(str(exc))
        return EXIT_INPUT
    return EXIT_OK


def cmd_migrate(args: argparse.Namespace) -> int:
    """The schema brought up to date by the role connected (the owner), and on PostgreSQL the
    app role granted INSERT and SELECT only on the trail (docs/deploy.md "Two roles")."""
    from perfeval.store import db
    from perfeval.store.core import Store

    store = Store(args.store)
    if store.backend != "postgresql":
        if args.app_role:
            _err("--app-role 只用于 PostgreSQL；SQLite 数据库是一个文件，没有角色。")
            return EXIT_INPUT
        store.engine()
        _err(f"数据库结构已是第{db.SCHEMA_VERSION}版：{store.location}")
        return EXIT_OK
    engine = db.server_engine(store.url)
    try:
        found = db.migrate(engine, args.app_role or None)
    finally:
        engine.dispose()
    granted = (
        f"；已授予角色 {args.app_role} 所需的权限（活动记录只能追加和读取）"
        if args.app_role
        else ""
    )
    _err(f"数据库结构：第{found}版 → 第{db.SCHEMA_VERSION}版{granted}")
    return EXIT_OK


def _unit_text(unit: str | None) -> str:
    return ALL_UNITS_NAME if unit in (None, ALL_UNITS) else f"「{unit}」"


def add_commands(sub, with_store: Callable[[argparse.ArgumentParser], argparse.ArgumentParser]):
    """`users …` and `activity` on the CLI's sub-parsers."""
    p = sub.add_parser("users", help="管理授权：grant 授权、revoke 撤销、list 列出")
    actions = p.add_subparsers(dest="action", required=True, title="操作", metavar="操作")
    g = with_store(actions.add_parser("grant", help="授予某人某单位（或全部单位）的角色"))
    g.add_argument("subject", metavar="SUBJECT", help="OIDC subject 或电子邮箱")
    g.add_argument("role", choices=ROLES, metavar="ROLE", help="viewer、editor、reviewer 或 admin")
    g.add_argument("--unit", metavar="单位", help="只对此单位（默认全部单位）")
    r = with_store(actions.add_parser("revoke", help="撤销某人某单位（或全部单位）的授权"))
    r.add_argument("subject", metavar="SUBJECT")
    r.add_argument("--unit", metavar="单位", help="撤销此单位的授权（默认：全部单位的授权）")
    with_store(actions.add_parser("list", help="列出全部授权"))
    p.set_defaults(func=cmd_users)

    p = with_store(sub.add_parser("activity", help="活动记录：谁在何时上传、修改、删除了什么"))
    p.add_argument("--unit", metavar="单位", help="只列此单位")
    p.add_argument("--year", type=int, metavar="年度", help="只列此年度")
    p.set_defaults(func=cmd_activity)

    p = with_store(
        sub.add_parser(
            "migrate",
            help="升级数据库结构（PostgreSQL：以表的所有者运行，并授予应用角色所需的权限）",
        )
    )
    p.add_argument(
        "--app-role",
        metavar="ROLE",
        help="服务器使用的 PostgreSQL 角色：可读写各表，活动记录只能追加和读取",
    )
    p.set_defaults(func=cmd_migrate)
