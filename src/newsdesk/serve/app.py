"""The FastAPI application: the API, the desk's pages and static files, behind the guard."""

from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from .. import __version__
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import InternalError, NewsdeskError, NotInStore, RequestNotUnderstood
from .analyzing import Analyzer, http_status
from .api import build_api
from .config import ServeConfig, checked_config
from .pages import STATIC, build_pages
from .security import SECURITY_HEADERS, BodyTooLarge, Guard, error_body

DESCRIPTION = ("The newsdesk corpus over HTTP: analyse documents, browse and search the store, follow an "
               "actor, list events and stories, export tables. Pages for people are under /desk/.")


def create_app(config: ServeConfig) -> FastAPI:
    """The application for one store; ``config`` is checked first (a token off loopback)."""
    config = checked_config(config)
    analyzer = Analyzer(config)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        analyzer.close()

    app = FastAPI(title="newsdesk", version=__version__, description=DESCRIPTION, docs_url=None, redoc_url=None,
                  openapi_url="/openapi.json", lifespan=lifespan)
    app.state.config = config
    app.include_router(build_api(config, analyzer))
    app.include_router(build_pages())
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    _error_handlers(app)
    app.add_middleware(Guard, config=config)
    return app


def _error_handlers(app: FastAPI) -> None:
    """Every error as JSON with a stable shape: ``{code, message}`` (plus ``detail`` for validation)."""

    @app.exception_handler(NewsdeskError)
    async def newsdesk_error(_request: Request, exc: NewsdeskError) -> JSONResponse:
        return JSONResponse(error_body(exc), status_code=http_status(exc))

    @app.exception_handler(BodyTooLarge)
    async def too_large(_request: Request, exc: BodyTooLarge) -> JSONResponse:
        return JSONResponse(error_body(exc.error), status_code=413)

    @app.exception_handler(StarletteHTTPException)
    async def refused(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        # FastAPI's own refusals (a body that is not UTF-8 JSON, an unknown route) and our 404s: the
        # documented {code, message}; 'detail' is kept for the clients that read it.
        cls = NotInStore if exc.status_code == 404 else RequestNotUnderstood
        error = cls(request.url.path, str(exc.detail))
        body = {**error_body(error), "detail": exc.detail}
        if exc.status_code == 404:
            body["message"] = f"{error.code}: {request.url.path}: {exc.detail}"
        return JSONResponse(body, status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def crashed(_request: Request, exc: Exception) -> JSONResponse:
        # Why the headers here: Starlette answers an unexpected exception from its outermost
        # middleware, outside the Guard that adds them to every other response.
        headers = {name.decode(): value.decode() for name, value in SECURITY_HEADERS}
        return JSONResponse(error_body(InternalError(_request.url.path, type(exc).__name__)), status_code=500,
                            headers=headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", "")} for e in exc.errors()]
        message = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in errors)
        return JSONResponse({"code": "E010", "message": f"E010: request: {message}", "detail": errors},
                            status_code=422)
