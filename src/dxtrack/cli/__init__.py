"""The `dxtrack` command: demo, serve, import, communes, remind, document, forecast, digest,
backup, restore, cleanup-uploads, manage; each group of commands in its own module, which adds
its own sub-commands to the parser."""

import argparse

from dxtrack.cli import accounts, demo, imports, periods, upkeep
from dxtrack.cli.common import setup_django


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dxtrack", description="Theo dõi kế hoạch chuyển đổi số.")
    sub = parser.add_subparsers(dest="command", required=True)
    demo.parser_add(sub)
    imports.parser_add(sub)
    accounts.parser_add(sub)
    periods.parser_add(sub)
    upkeep.parser_add(sub)
    from dxtrack.exchange.cli import exchange_parser_add

    exchange_parser_add(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    setup_django()
    return args.func(args)
