"""The server's guard: one ASGI middleware in front of every route, static files included.

It enforces, in order:

1. **Host**: a loopback-bound server answers only requests addressed to a loopback name, so a web
   page that re-points its own DNS name at 127.0.0.1 (DNS rebinding) cannot read the store.
2. **Token**: when the server has one, every request carries it, as ``Authorization: Bearer …`` or
   as the ``newsdesk_token`` cookie. A browser gets the cookie by opening any page once with
   ``?token=…``; it is set HttpOnly and SameSite=Strict, and the token is taken out of the address bar.
3. **Body size**: a request body over the cap is refused with 413, whether it declares its length
   or streams it.
4. **Headers**: every response carries a strict Content-Security-Policy (no inline script, scripts
   only from this origin) and the usual hardening headers. Article text is untrusted: even if a
   page slipped, the browser would refuse to run what the text smuggled in.
"""

from __future__ import annotations

import hmac
import json
from typing import Awaitable, Callable, Optional
from urllib.parse import parse_qsl, quote, urlencode

from starlette.exceptions import HTTPException

from ..errors import NewsdeskError, RequestRefused
from .config import ServeConfig, is_loopback_host

COOKIE = "newsdesk_token"
CSP = "; ".join((
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "font-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
SECURITY_HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)
_BODY_METHODS = ("POST", "PUT", "PATCH")

Scope = dict
Receive = Callable[[], Awaitable[dict]]
Send = Callable[[dict], Awaitable[None]]


class BodyTooLarge(HTTPException):
    """Raised from ``receive`` when a streamed body passes the cap. An HTTPException, so that
    FastAPI's body parsing passes it on instead of turning it into a 400."""

    def __init__(self, cap: int) -> None:
        self.error = RequestRefused("request body", f"over the cap of {cap} bytes; send less, or use "
                                                    "`newsdesk ingest` for large inputs")
        super().__init__(status_code=413, detail=self.error.message)


class Guard:
    """Pure ASGI middleware (no buffering, so streamed exports stay streamed)."""

    def __init__(self, app: Callable, config: ServeConfig) -> None:
        self.app = app
        self.config = config

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = _with_headers(send)
        refusal = self._refusal(scope)
        if refusal is not None:
            await refusal(send)
            return
        query_token = _query_token(scope)
        if self.config.token and query_token is not None and scope["method"] == "GET":
            await _set_cookie_and_redirect(scope, query_token, send)
            return
        await self.app(scope, _capped(scope, receive, self.config.max_body_bytes), send)

    def _refusal(self, scope: Scope) -> Optional[Callable[[Send], Awaitable[None]]]:
        """A response that refuses the request, or None when it may go on."""
        headers = _headers(scope)
        if self.config.local_only and not is_loopback_host(_host_name(headers.get("host", ""))):
            return _error(421, RequestRefused("Host", f"'{headers.get('host', '')}' is not this server's "
                                                      "address; it answers only to localhost / 127.0.0.1"))
        if self.config.token and not self._authorised(headers, _query_token(scope)):
            return _error(401, RequestRefused(scope.get("path", "/"), "a token is required: send "
                                              "'Authorization: Bearer TOKEN', or open the desk once with "
                                              "?token=TOKEN"), {b"www-authenticate": b'Bearer realm="newsdesk"'})
        declared = headers.get("content-length", "")
        if scope["method"] in _BODY_METHODS and declared.isdigit() and int(declared) > self.config.max_body_bytes:
            return _error(413, BodyTooLarge(self.config.max_body_bytes).error)
        return None

    def _authorised(self, headers: dict[str, str], query_token: Optional[str]) -> bool:
        offered = [query_token, _bearer(headers.get("authorization", "")), _cookie(headers.get("cookie", ""))]
        expected = self.config.token.encode()
        return any(t is not None and hmac.compare_digest(t.encode(), expected) for t in offered)


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


def _host_name(host: str) -> str:
    """'127.0.0.1:8000' -> '127.0.0.1'; '[::1]:8000' -> '::1'."""
    host = host.strip()
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _bearer(value: str) -> Optional[str]:
    scheme, _, token = value.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _cookie(value: str) -> Optional[str]:
    for part in value.split(";"):
        name, _, token = part.strip().partition("=")
        if name == COOKIE and token:
            return token
    return None


def _query_token(scope: Scope) -> Optional[str]:
    pairs = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
    return next((value for name, value in pairs if name == "token"), None)


def _with_headers(send: Send) -> Send:
    async def sending(message: dict) -> None:
        if message["type"] == "http.response.start":
            present = {k.lower() for k, _ in message.get("headers", [])}
            extra = [(k, v) for k, v in SECURITY_HEADERS if k not in present]
            if b"cache-control" not in present:
                extra.append((b"cache-control", b"no-store"))
            message = {**message, "headers": [*message.get("headers", []), *extra]}
        await send(message)

    return sending


def _capped(scope: Scope, receive: Receive, cap: int) -> Receive:
    """``receive`` that counts body bytes and raises BodyTooLarge past the cap."""
    seen = 0

    async def receiving() -> dict:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > cap:
                raise BodyTooLarge(cap)
        return message

    return receiving if scope["method"] in _BODY_METHODS else receive


def _error(status: int, error: RequestRefused, extra: Optional[dict[bytes, bytes]] = None):
    async def respond(send: Send) -> None:
        await send_json(send, status, error_body(error), extra)

    return respond


def error_body(error: NewsdeskError) -> dict:
    """The JSON every refusal and every NewsdeskError answer has: the stable code and the message."""
    return {"code": error.code, "message": error.message}


async def send_json(send: Send, status: int, body: dict, extra: Optional[dict[bytes, bytes]] = None) -> None:
    payload = json.dumps(body).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode()),
               *(extra or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


async def _set_cookie_and_redirect(scope: Scope, token: str, send: Send) -> None:
    """The browser hand-shake: remember the (already checked) token in a cookie, drop it from the URL."""
    pairs = [(k, v) for k, v in parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
             if k != "token"]
    # One leading slash and a quoted path: '//evil.example' must not become a protocol-relative redirect.
    location = "/" + quote(scope.get("path", "/").lstrip("/")) + (f"?{urlencode(pairs)}" if pairs else "")
    cookie = f"{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict"
    await send({"type": "http.response.start", "status": 303,
                "headers": [(b"location", location.encode("latin-1")), (b"set-cookie", cookie.encode("latin-1")),
                            (b"content-length", b"0")]})
    await send({"type": "http.response.body", "body": b""})
