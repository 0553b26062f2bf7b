"""``eventcoder serve``: the HTTP API and web map over a database (docs/serve.md)."""

from __future__ import annotations

import argparse
import errno
import json
import os
import socket
import sys
from pathlib import Path
from typing import Any

from eventcoder.cli.options import add_quality_options, overrides, settings_from_args
from eventcoder.errors import StoreBusyError, StoreError
from eventcoder.serve.app import CONFIG_ENV, find_vendor_dir
from eventcoder.serve.hosts import WILDCARDS, allowed_hosts, is_loopback
from eventcoder.store.database import DEFAULT_DB, Store


def port_problem(host: str, port: int) -> str | None:
    """Why the server could not listen on ``host``:``port`` (the port is taken, the
    address is not this machine's), or None when it can: tried by binding a socket the
    way the server will, before anything is printed."""
    if port == 0:
        return None
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        return f"cannot resolve host {host!r} ({exc.strerror})"
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
        try:
            sock.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return f"port {port} on {host} is already in use (choose another with --port)"
            return f"cannot listen on {host}:{port} ({exc.strerror})"
    return None


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    return {k: [str(x) for x in v] if isinstance(v, (list, tuple)) else
            str(v) if isinstance(v, Path) else v for k, v in values.items()}


def cmd_serve(args: argparse.Namespace) -> int:
    if args.workers < 1:
        print("eventcoder: error: --workers must be at least 1", file=sys.stderr)
        return 2
    if not Path(args.db).exists():
        print(f"eventcoder: error: {args.db}: no such database (run eventcoder ingest first)",
              file=sys.stderr)
        return 2
    try:  # a folder, a file that is no DuckDB database or no store: say so now, not per request
        Store.open(args.db, read_only=True, wait=0).close()
    except StoreBusyError:
        pass  # an ingest is writing it right now; reads wait for it (docs/store.md)
    except StoreError as exc:
        print(f"eventcoder: error: {exc}", file=sys.stderr)
        return 2
    if args.token is not None and len(args.token) < 16:
        print("eventcoder: error: --token must be at least 16 characters", file=sys.stderr)
        return 2
    if args.allow_write and args.token is None and not is_loopback(args.host):
        print(f"eventcoder: error: --allow-write on {args.host} (beyond loopback) needs"
              f" --token", file=sys.stderr)
        return 2
    settings_from_args(args)  # a bad config or flag: one line now, not at the first write
    problem = port_problem(args.host, args.port)
    if problem is not None:
        print(f"eventcoder: error: --port: {problem}", file=sys.stderr)
        return 2
    import uvicorn

    hosts = sorted(allowed_hosts(args.host, args.allowed_host or ()))
    os.environ[CONFIG_ENV] = json.dumps({"db": str(args.db), "allow_write": args.allow_write,
                                         "token": args.token, "gazetteer": args.gazetteer,
                                         "allowed_hosts": hosts, "config": args.config,
                                         "settings": _jsonable(overrides(args))})
    if args.host in WILDCARDS and not args.allowed_host:
        print("eventcoder: warning: only requests to an IP address or localhost are answered;"
              " name this server's host names with --allowed-host", file=sys.stderr)
    if find_vendor_dir() is None:
        print("eventcoder: warning: node_modules not found (run `npm ci` in the project, or"
              " set EVENTCODER_NODE_MODULES); the page will have no map", file=sys.stderr)
    print(f"eventcoder: serving {args.db} on http://{args.host}:{args.port}/"
          f" (API docs at /docs; writes {'on' if args.allow_write else 'off'})",
          file=sys.stderr)
    uvicorn.run("eventcoder.serve.app:app_from_env", factory=True, host=args.host, port=args.port,
                workers=args.workers, log_level=args.log_level, timeout_keep_alive=20,
                timeout_graceful_shutdown=5)
    return 0


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number") from exc
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number (0-65535)")
    return port


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``serve`` to the ``eventcoder`` sub-command parsers."""
    sv = sub.add_parser("serve", help="HTTP API and web map over the database")
    sv.add_argument("--db", default=DEFAULT_DB, metavar="PATH",
                    help=f"database file (default: {DEFAULT_DB})")
    sv.add_argument("--host", default="127.0.0.1", help="address to listen on")
    sv.add_argument("--port", type=_port, default=8000, help="port (default: 8000)")
    sv.add_argument("--allow-write", action="store_true",
                    help="enable POST /api/articles (extract and ingest)")
    sv.add_argument("--token", metavar="TOKEN",
                    help="require 'Authorization: Bearer TOKEN' on writes")
    sv.add_argument("--allowed-host", action="append", metavar="NAME",
                    help="a Host name the server answers besides its own address and"
                         " localhost (repeatable; '*' for any)")
    sv.add_argument("--gazetteer", metavar="PATH", help="gazetteer DuckDB file for writes")
    sv.add_argument("--workers", type=int, default=1, metavar="N",
                    help="server processes (default 1); each reads the file on its own")
    sv.add_argument("--log-level", default="info",
                    choices=["critical", "error", "warning", "info", "debug"],
                    help="server log level")
    add_quality_options(sv)
    sv.set_defaults(func=cmd_serve)
