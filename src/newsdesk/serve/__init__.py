"""The analyst's desk in a browser: an HTTP API (FastAPI) and pages over the corpus store.

| module | concern |
|---|---|
| ``config`` | ``ServeConfig``; the rule that a non-loopback server needs a token |
| ``security`` | the guard middleware: Host check, token, body cap, CSP and other headers |
| ``fetch`` | URL fetching for POST /analyze under SSRF rules |
| ``analyzing`` | POST /analyze: read, analyse, optionally store |
| ``queries`` | the read queries the store lacks (document lists, events, map places, co-actors) |
| ``exporting`` | GET /export streamed from the store's exporter |
| ``api``, ``pages``, ``app`` | routes, the HTML pages, the application |
| ``commands`` | ``newsdesk serve`` |
| ``static/`` | the pages, their CSS and JavaScript; ``vendor/`` is built by ``web/build.mjs`` |
"""

from .app import create_app
from .config import ServeConfig

__all__ = ["ServeConfig", "create_app"]
