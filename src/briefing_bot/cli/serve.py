"""``serve``: the web chat and the HTTP API on one server (see :mod:`briefing_bot.app`)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from briefing_bot.config import Settings

AUTH_ENV = "BRIEFING_BOT_AUTH"


def register(sub: Any, common: argparse.ArgumentParser, command: Any) -> None:
    p = sub.add_parser(
        "serve",
        parents=[common],
        help="start the web chat and HTTP API (http://127.0.0.1:7860)",
        description=(
            "Serve the chat page at / and the JSON API at /api/ask and /api/health. "
            "Binds 127.0.0.1 unless --host says otherwise. "
            f"Login: ${AUTH_ENV} or --auth-file (--auth shows the password in `ps`)."
        ),
    )
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=7860, help="port (default 7860)")
    login = p.add_mutually_exclusive_group()
    login.add_argument(
        "--auth",
        metavar="USER:PASS",
        help=(
            f"require this login for the page and the API (default: ${AUTH_ENV}); other "
            "users can read it in `ps`: prefer the variable or --auth-file"
        ),
    )
    login.add_argument(
        "--auth-file",
        metavar="PATH",
        type=Path,
        help="read the login (USER:PASS, first line) from this file",
    )
    p.add_argument(
        "--log-level",
        default="info",
        choices=["critical", "error", "warning", "info", "debug"],
        help="server log level (questions are logged at debug level only)",
    )
    command("serve")(cmd_serve)


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from briefing_bot.app import serve
    from briefing_bot.http.auth import is_loopback, parse_auth, read_auth_file

    auth: tuple[str, str] | None
    try:
        if getattr(args, "auth_file", None) is not None:
            auth = read_auth_file(args.auth_file)
        else:
            auth = parse_auth(args.auth if args.auth is not None else os.environ.get(AUTH_ENV))
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.auth is not None:
        print(
            f"warning: --auth puts the password where other users can read it (`ps`); "
            f"use ${AUTH_ENV} or --auth-file instead.",
            file=sys.stderr,
        )
    if not 0 < args.port < 65536:
        print("error: --port must be between 1 and 65535", file=sys.stderr)
        return 2
    if not is_loopback(args.host):
        bar = "!" * 78
        lines = [
            bar,
            f"WARNING: serving on {args.host}: other machines can reach this server.",
            "The corpus, the chat and the API are open to anyone who can connect"
            + (" and knows the login." if auth else ", with NO login."),
        ]
        if auth is None:
            lines.append(f"Set a login with ${AUTH_ENV}=USER:PASS or --auth-file PATH.")
        lines.append("Traffic is plain HTTP: put a TLS proxy in front for anything but a LAN.")
        lines.append(bar)
        print("\n".join(lines), file=sys.stderr)
    shown = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
    print(
        f"Briefing bot on http://{shown}:{args.port}/ (API: /api/ask, /api/health); "
        "the index loads in the background. Ctrl+C stops it.",
        file=sys.stderr,
    )
    serve(args.host, args.port, settings=settings, auth=auth, log_level=args.log_level)
    return 0
