"""``eventcoder serve``: the HTTP API (FastAPI) over a store, its read queries, and the web
map page (``serve/web``)."""
