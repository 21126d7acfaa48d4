"""The desk's pages: static HTML shells under /desk/, filled by the desk's own JavaScript from the API.

No page is rendered with data on the server: every value reaches the browser as JSON and is put into
the page with DOM APIs (``textContent``, ``setAttribute``), never parsed as HTML. The vendored map
library (d3-geo, topojson-client, the world-atlas outline) is served from /static/vendor/, built by
``web/build.mjs``; nothing is fetched from another origin.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path as FilePath
from typing import Optional

from fastapi import APIRouter
from fastapi.responses import RedirectResponse, Response

STATIC = FilePath(__file__).parent / "static"
VENDOR = STATIC / "vendor"
PAGES = {"": "index.html", "search": "search.html", "map": "map.html"}


def build_pages() -> APIRouter:
    """Routes for the HTML pages (the static files themselves are mounted by ``app.py``)."""
    router = APIRouter(include_in_schema=False)

    @router.get("/")
    def home() -> RedirectResponse:
        return RedirectResponse("/desk/", status_code=307)

    @router.get("/favicon.ico")
    def favicon() -> Response:
        return Response(status_code=204)   # no icon; answered so browsers stop asking

    @router.get("/docs")
    def api_docs() -> Response:
        # FastAPI's own docs page loads Swagger UI from a CDN; this one is the desk's, offline.
        return _page("apidocs.html")

    @router.get("/desk/")
    def desk_home() -> Response:
        return _page(PAGES[""])

    @router.get("/desk/search")
    def desk_search() -> Response:
        return _page(PAGES["search"])

    @router.get("/desk/map")
    def desk_map() -> Response:
        return _page(PAGES["map"])

    @router.get("/desk/doc/{doc_id}")
    def desk_document(doc_id: str) -> Response:
        return _page("doc.html")

    @router.get("/desk/actor/{actor_id:path}")
    def desk_actor(actor_id: str) -> Response:
        return _page("actor.html")

    return router


def _page(name: str) -> Response:
    return Response(_page_html(name), media_type="text/html; charset=utf-8")


@lru_cache(maxsize=None)
def _page_html(name: str) -> str:
    """A page shell with the shared navigation (``static/nav.html``) spliced in at its
    ``<!-- nav -->`` or ``<!-- nav here=/desk/search -->`` marker, the named link marked current."""
    nav = (STATIC / "nav.html").read_text(encoding="utf-8").split("\n", 1)[1]

    def navigation(marker: re.Match) -> str:
        here = marker.group(1)
        return nav.replace(f'href="{here}">', f'href="{here}" class="here">', 1) if here else nav

    return _NAV_MARKER.sub(navigation, (STATIC / name).read_text(encoding="utf-8"))


_NAV_MARKER = re.compile(r"<!-- nav(?: here=(\S+))? -->\n")


def vendor_manifest() -> Optional[dict]:
    """Which package versions the vendored files came from, or None when they were not built."""
    path = VENDOR / "manifest.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
