"""URL fetching for POST /analyze, safe against server-side request forgery (SSRF).

A URL given to the server must not make it reach what only the server can reach: its own loopback
services, the private network, or a cloud metadata address (169.254.169.254). So, unless the server
was started with ``--allow-private-urls``:

- the host is resolved and **every** address it resolves to is checked; one forbidden address
  refuses the URL (a name with a public and a private record is refused);
- the connection goes to an address that was checked, not to a second resolution of the name (a
  DNS answer that changes between check and connect cannot slip a private address in); the Host
  header and TLS server name stay the URL's, so virtual hosts and certificates work as usual;
- redirects are followed by hand, at most ``MAX_REDIRECTS``, and every hop is checked again;
- only http and https, no proxies from the environment, a timeout per operation and one for the
  whole fetch, and a size cap on the (decompressed) body.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urljoin, urlsplit

import httpx

from ..errors import FetchFailed, InputTooLarge, UrlRefused

MAX_REDIRECTS = 5
USER_AGENT = "newsdesk/0.1 (+offline analysis desk)"
Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]


@dataclass(frozen=True)
class Target:
    """A checked URL: where to connect, and what to call the host on the wire."""

    url: str
    scheme: str
    host: str
    port: int
    addresses: tuple[str, ...]


def forbidden_address(address: Address) -> bool:
    """Whether an address is one a public fetch must never reach: anything not globally routable
    (loopback, private, link-local, carrier-grade NAT, documentation, reserved), multicast, or
    unspecified; an IPv4-mapped or NAT64-wrapped IPv6 address is judged by its IPv4 address."""
    if isinstance(address, ipaddress.IPv6Address):
        inner = address.ipv4_mapped or address.sixtofour or (address.teredo[1] if address.teredo else None)
        if inner is None and address in ipaddress.ip_network("64:ff9b::/96"):
            inner = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if inner is not None:
            return forbidden_address(inner)
    # fec0::/10 (deprecated site-local) counts as global for ipaddress, but routes to the local site.
    site_local = isinstance(address, ipaddress.IPv6Address) and address.is_site_local
    return (not address.is_global or address.is_multicast or address.is_unspecified or address.is_reserved
            or address.is_loopback or address.is_link_local or address.is_private or site_local)


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for ``host`` (A and AAAA)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


def vet_url(url: str, allow_private: bool = False, resolver: Resolver = system_resolver) -> Target:
    """Check a URL before any connection is made; raise UrlRefused or FetchFailed, else the Target."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise UrlRefused(url, f"scheme '{scheme or '(none)'}' (only http and https are fetched)")
    if parts.username or parts.password:
        raise UrlRefused(url, "credentials in the URL")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise UrlRefused(url, "no host")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        raise UrlRefused(url, "invalid port") from None
    try:
        addresses = resolver(host, port)
    except (OSError, UnicodeError) as exc:
        raise FetchFailed(url, f"cannot resolve {host} ({exc})") from None
    if not addresses:
        raise FetchFailed(url, f"{host} resolves to no address")
    if not allow_private:
        bad = [a for a in addresses if forbidden_address(ipaddress.ip_address(a.split("%", 1)[0]))]
        if bad:
            raise UrlRefused(url, f"{host} resolves to a non-public address ({', '.join(bad)})")
    return Target(url=url, scheme=scheme, host=host, port=port, addresses=tuple(addresses))


def fetch_public(url: str, allow_private: bool = False, timeout: float = 10.0, max_bytes: int = 10_000_000,
                 resolver: Resolver = system_resolver) -> tuple[bytes, str, str]:
    """Fetch a URL under the SSRF rules; return (body, content type, final URL after redirects)."""
    deadline = time.monotonic() + timeout * 3   # the whole fetch, redirects included
    with httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False,
                      headers={"User-Agent": USER_AGENT}) as client:
        for _hop in range(MAX_REDIRECTS + 1):
            target = vet_url(url, allow_private, resolver)
            outcome = _get(client, target, max_bytes, deadline, timeout)
            if isinstance(outcome, str):
                url = outcome
                continue
            body, content_type = outcome
            return body, content_type, url
    raise FetchFailed(url, f"more than {MAX_REDIRECTS} redirects")


def _get(client: httpx.Client, target: Target, max_bytes: int, deadline: float,
         timeout: float) -> tuple[bytes, str] | str:
    """One request to a checked address: the body and content type, or the next URL of a redirect."""
    request = client.build_request("GET", _pinned_url(target), headers={"Host": _host_header(target)},
                                   extensions={"sni_hostname": target.host} if target.scheme == "https" else {})
    try:
        response = client.send(request, stream=True)
        try:
            if response.is_redirect:
                location = response.headers.get("location", "")
                if not location:
                    raise FetchFailed(target.url, f"HTTP {response.status_code} without a Location")
                return urljoin(target.url, location)
            if response.status_code >= 400:
                raise FetchFailed(target.url, f"HTTP {response.status_code}")
            return _read_capped(response, target.url, max_bytes, deadline, timeout), \
                response.headers.get("content-type", "")
        finally:
            response.close()
    except httpx.TimeoutException:
        raise FetchFailed(target.url, f"timed out after {timeout:g} s") from None
    except httpx.HTTPError as exc:
        raise FetchFailed(target.url, f"{type(exc).__name__}: {exc}") from None


def _read_capped(response: httpx.Response, url: str, max_bytes: int, deadline: float, timeout: float) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise InputTooLarge(url, size=int(declared), cap=max_bytes)
    body = bytearray()
    for chunk in response.iter_bytes():
        body.extend(chunk)
        if len(body) > max_bytes:
            raise InputTooLarge(url, size=f"more than {max_bytes}", cap=max_bytes)
        if time.monotonic() > deadline:   # a server dripping bytes never trips the per-read timeout
            raise FetchFailed(url, f"timed out after {timeout * 3:g} s in all")
    return bytes(body)


def _pinned_url(target: Target) -> str:
    """The URL with its host replaced by the first checked address."""
    parts = urlsplit(target.url)
    address = target.addresses[0]
    host = f"[{address}]" if ":" in address else address
    path = parts.path or "/"
    return f"{target.scheme}://{host}:{target.port}{path}" + (f"?{parts.query}" if parts.query else "")


def _host_header(target: Target) -> str:
    default = 443 if target.scheme == "https" else 80
    host = f"[{target.host}]" if ":" in target.host else target.host
    return host if target.port == default else f"{host}:{target.port}"

