"""The ``newsdesk serve`` command: thin, like the rest of the CLI."""

from __future__ import annotations

from typing import Optional

import typer

from ..store.db import DEFAULT_DB
from ..terminal import message_console
from .config import ANALYSIS_TIMEOUT_S, FETCH_TIMEOUT_S, MAX_BODY_BYTES, TOKEN_ENV, ServeConfig, checked_config

err = message_console()


def register(app: typer.Typer) -> None:
    """Add ``serve`` to the newsdesk Typer app (cli.py calls it)."""
    app.command("serve")(serve_command)


def serve_command(
    db: str = typer.Option(DEFAULT_DB, "--db", help="The store: a SQLite file (created if missing) or a "
                                                    "postgresql:// URL."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on; anything but loopback "
                                                         "needs a token."),
    port: int = typer.Option(8000, "--port"),
    token: Optional[str] = typer.Option(None, "--token", help=f"Required from every client (default: ${TOKEN_ENV})."),
    allow_private_urls: bool = typer.Option(False, "--allow-private-urls", help="Let POST /analyze fetch "
                                            "loopback, private and link-local addresses (off: SSRF protection)."),
    max_body: int = typer.Option(MAX_BODY_BYTES, "--max-body", help="Largest request body, in bytes."),
    fetch_timeout: float = typer.Option(FETCH_TIMEOUT_S, "--fetch-timeout", help="Seconds per URL fetch step."),
    analysis_timeout: float = typer.Option(ANALYSIS_TIMEOUT_S, "--analysis-timeout", help="Seconds one POST "
                                           "/analyze may run (in its worker process); past it: E026, HTTP 503."),
) -> None:
    """Serve the HTTP API and the analyst's desk (pages under /desk/, API docs at /docs)."""
    import uvicorn

    from .app import create_app
    from .config import resolve_token

    config = checked_config(ServeConfig(db=db, host=host, port=port, token=resolve_token(token),
                                        allow_private_urls=allow_private_urls, max_body_bytes=max_body,
                                        fetch_timeout_s=fetch_timeout, analysis_timeout_s=analysis_timeout))
    ensure_store(db)
    shown = f"[{host}]" if ":" in host else host
    suffix = "?token=…  (the token you gave)" if config.token else ""
    err.print(f"newsdesk desk: http://{shown}:{port}/desk/{suffix}\nAPI docs: http://{shown}:{port}/docs · "
              f"store: {db} · Ctrl-C stops", highlight=False)
    uvicorn.run(create_app(config), host=host, port=port, log_level="warning", server_header=False)


def ensure_store(db: str) -> None:
    """Create and migrate the store if it is missing, so the desk opens (empty) on a fresh machine."""
    from pathlib import Path

    from ..store.db import is_postgres
    from ..store.writer import StoreWriter

    if is_postgres(db) or not Path(db).exists():
        StoreWriter(db).close()
