"""How the server is configured, and the one rule about where it may listen.

Bound to a loopback address the desk is a local tool and needs no token. Bound to anything else it
is reachable from other machines, so it refuses to start without a token (``--token`` or the
``NEWSDESK_TOKEN`` environment variable).
"""

from __future__ import annotations

import ipaddress
import os
import re
from dataclasses import dataclass
from typing import Optional

from ..errors import ServeRefused
from ..read.url import DEFAULT_MAX_BYTES
from ..store.db import DEFAULT_DB

TOKEN_ENV = "NEWSDESK_TOKEN"
# Cookie- and header-safe: the token travels in both.
TOKEN_CHARS = re.compile(r"[A-Za-z0-9._~+/=-]+")
LOOPBACK_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost")
MAX_BODY_BYTES = 2_000_000      # a pasted article or HTML page; bigger inputs go through `newsdesk ingest`
FETCH_TIMEOUT_S = 10.0
# An analysis past this is stopped (its worker process killed) and answered E026 / HTTP 503.
ANALYSIS_TIMEOUT_S = 60.0
FETCH_MAX_BYTES = DEFAULT_MAX_BYTES


@dataclass(frozen=True)
class ServeConfig:
    """Everything ``create_app`` needs; immutable once the server runs."""

    db: str = DEFAULT_DB
    host: str = "127.0.0.1"
    port: int = 8000
    token: Optional[str] = None
    allow_private_urls: bool = False   # let POST /analyze fetch loopback, private and link-local hosts
    max_body_bytes: int = MAX_BODY_BYTES
    fetch_timeout_s: float = FETCH_TIMEOUT_S
    fetch_max_bytes: int = FETCH_MAX_BYTES
    analysis_timeout_s: float = ANALYSIS_TIMEOUT_S  # per POST /analyze; past it: E026, HTTP 503
    model: Optional[str] = None        # spaCy pipeline for POST /analyze; None: the default

    @property
    def local_only(self) -> bool:
        """Whether the server listens on loopback only (then the Host header must name loopback too)."""
        return is_loopback_host(self.host)


def is_loopback_host(host: str) -> bool:
    """Whether ``host`` (a name or an address) means this machine only."""
    host = host.strip().strip("[]").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def resolve_token(token: Optional[str]) -> Optional[str]:
    """The token given on the command line, else the environment's, else None."""
    value = token if token is not None else os.environ.get(TOKEN_ENV)
    return value.strip() if value and value.strip() else None


def checked_config(config: ServeConfig) -> ServeConfig:
    """The config, or ServeRefused when it would expose the store without a token."""
    if not config.local_only and not config.token:
        raise ServeRefused(f"{config.host}:{config.port}",
                           f"listening on a non-loopback address needs a token; pass --token or set {TOKEN_ENV}")
    if config.token is not None and not TOKEN_CHARS.fullmatch(config.token):
        raise ServeRefused(f"{config.host}:{config.port}", "the token may hold only letters, digits and -._~+/=")
    if config.token is not None and len(config.token) < 16:
        raise ServeRefused(f"{config.host}:{config.port}", "the token is shorter than 16 characters; use a long "
                                                           "random one, e.g. `python -c 'import secrets; "
                                                           "print(secrets.token_urlsafe())'`")
    if config.max_body_bytes < 1024:
        raise ServeRefused(f"{config.host}:{config.port}", "--max-body must be at least 1024 bytes")
    return config
