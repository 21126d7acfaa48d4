"""http(s) URLs: fetched with a timeout and a size cap, never more than the cap read into memory."""

from __future__ import annotations

import httpx

from ..errors import FetchFailed, InputTooLarge

DEFAULT_TIMEOUT = 15.0
DEFAULT_MAX_BYTES = 10_000_000


def fetch_url(url: str, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[bytes, str]:
    """Fetch a URL; return its body and content type, or raise an error naming the URL."""
    try:
        with httpx.stream("GET", url, timeout=timeout, follow_redirects=True,
                          headers={"User-Agent": "newsdesk/0.1 (+offline analysis)"}) as response:
            if response.status_code >= 400:
                raise FetchFailed(url, f"HTTP {response.status_code}")
            declared = int(response.headers.get("content-length") or 0)
            if declared > max_bytes:
                raise InputTooLarge(url, size=declared, cap=max_bytes)
            body = bytearray()
            for chunk in response.iter_bytes():
                body.extend(chunk)
                if len(body) > max_bytes:
                    raise InputTooLarge(url, size=f"more than {max_bytes}", cap=max_bytes)
            return bytes(body), response.headers.get("content-type", "")
    except httpx.TimeoutException:
        raise FetchFailed(url, f"timed out after {timeout:g} s") from None
    except httpx.HTTPError as exc:
        raise FetchFailed(url, f"{type(exc).__name__}: {exc}") from None
