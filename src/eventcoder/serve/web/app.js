// eventcoder map page: filters, map, timeline brush, table and event view.
// Every value from the API is put on the page with textContent / attributes, never as
// HTML, so article text cannot inject markup or scripts.
"use strict";

const TYPE_COLOURS = {
  "Battles": "#d7301f",
  "Explosions/Remote violence": "#7a0177",
  "Violence against civilians": "#ef6548",
  "Protests": "#2b8cbe",
  "Riots": "#fdae61",
  "Strategic developments": "#41ab5d",
};
const OTHER_COLOUR = "#777777";
const MAP_LIMIT = 5000;
const PAGE = 50;
const state = { brush: null, sort: "date", offset: 0, total: 0, map: null, cluster: null,
  bounds: null, days: [], selected: null };

const $ = (id) => document.getElementById(id);

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (cls) node.className = cls;
  return node;
}

function colour(type) { return TYPE_COLOURS[type] || OTHER_COLOUR; }

function setStatus(text) { $("status").textContent = text; }

// -- filters ------------------------------------------------------------------------

function baseParams() {
  const p = new URLSearchParams();
  for (const [name, value] of new FormData($("filter-form"))) {
    const v = String(value).trim();
    if (v) p.set(name, v);
  }
  if ($("f-mapbox").checked && state.map) {
    const b = state.map.getBounds();
    const clamp = (v, lim) => Math.max(-lim, Math.min(lim, v));
    p.set("bbox", [clamp(b.getWest(), 180), clamp(b.getSouth(), 90), clamp(b.getEast(), 180),
      clamp(b.getNorth(), 90)].map((v) => v.toFixed(4)).join(","));
  }
  return p;
}

function eventParams() {
  const p = baseParams();
  if (state.brush) {
    const [a, b] = state.brush;
    if (!p.get("since") || p.get("since") < a) p.set("since", a);
    if (!p.get("until") || p.get("until") > b) p.set("until", b);
  }
  return p;
}

async function getJSON(url) {
  const r = await fetch(url, { headers: { Accept: "application/json" } });
  if (!r.ok) {
    let msg = `${r.status}`;
    try {
      const body = await r.json();
      msg = typeof body.detail === "string" ? body.detail
        : (body.detail || []).map((d) => `${(d.loc || []).slice(-1)[0]}: ${d.msg}`).join("; ");
    } catch (_) { /* not JSON */ }
    throw new Error(msg);
  }
  return r.json();
}

async function refreshAll() {
  $("form-error").textContent = "";
  try {
    const agg = await getJSON(`/api/aggregates?${baseParams()}`);
    state.days = agg.per_day.filter((d) => d.key);
    fillTypes(agg.per_type);
    fillAdmin1(agg.per_admin1);
    drawTimeline();
    state.offset = 0;
    await refreshEvents();
  } catch (err) {
    $("form-error").textContent = err.message;
    setStatus("error");
  }
}

async function refreshEvents() {
  const p = eventParams();
  $("export-csv").href = `/api/export.csv?${p}`;
  $("export-geojson").href = `/api/export.geojson?${p}`;
  try {
    const mp = new URLSearchParams(p);
    mp.set("limit", MAP_LIMIT);
    const [all, page] = await Promise.all([getJSON(`/api/events?${mp}`), loadPage(p)]);
    drawMarkers(all.items);
    const shown = all.total > MAP_LIMIT ? ` (map shows the first ${MAP_LIMIT})` : "";
    setStatus(`${all.total} events${shown}`);
    return page;
  } catch (err) {
    $("form-error").textContent = err.message;
    setStatus("error");
    return null;
  }
}

async function loadPage(p) {
  const tp = new URLSearchParams(p || eventParams());
  tp.set("limit", PAGE);
  tp.set("offset", state.offset);
  tp.set("sort", state.sort);
  const page = await getJSON(`/api/events?${tp}`);
  state.total = page.total;
  drawTable(page.items);
  return page;
}

function fillTypes(perType) {
  const sel = $("f-type");
  const current = sel.value;
  const known = new Set(Object.keys(TYPE_COLOURS));
  perType.forEach((t) => t.key && known.add(t.key));
  sel.replaceChildren(el("option", "(any)"));
  sel.firstChild.value = "";
  for (const t of [...known].sort()) {
    const o = el("option", t);
    o.value = t;
    sel.appendChild(o);
  }
  sel.value = current;
  const legend = $("legend");
  legend.replaceChildren();
  for (const t of perType) {
    const li = el("li");
    const sw = el("span", null, "swatch");
    sw.style.background = colour(t.key);
    li.append(sw, el("span", `${t.key || "(no type)"}: ${t.events}`));
    legend.appendChild(li);
  }
}

function fillAdmin1(perAdmin1) {
  const list = $("admin1-list");
  list.replaceChildren();
  for (const a of perAdmin1) {
    const name = (a.key || "").split(" / ")[1];
    if (!name) continue;
    const o = el("option");
    o.value = name;
    list.appendChild(o);
  }
}

// -- map ----------------------------------------------------------------------------

function initMap() {
  if (typeof L === "undefined") {
    $("map").replaceChildren(el("p", "The map libraries are missing: run `npm ci` in the" +
      " eventcoder folder (or set EVENTCODER_NODE_MODULES) and restart serve.", "map-missing"));
    return;
  }
  state.map = L.map("map", { worldCopyJump: true, minZoom: 1, maxZoom: 14 }).setView([20, 20], 2);
  state.map.attributionControl.addAttribution("Country outlines: Natural Earth via world-atlas");
  const useCluster = typeof L.markerClusterGroup === "function";
  state.cluster = useCluster
    ? L.markerClusterGroup({ maxClusterRadius: 40, showCoverageOnHover: false })
    : L.layerGroup();
  state.cluster.addTo(state.map);
  loadBasemap();
  state.map.on("moveend", () => {
    if ($("f-mapbox").checked) refreshAll();
  });
}

async function loadBasemap() {
  if (typeof topojson === "undefined") return;
  try {
    const topo = await getJSON("/vendor/world-atlas/countries-110m.json");
    const land = topojson.feature(topo, topo.objects.countries);
    // Leaflet draws a ring that jumps across the antimeridian as a line around the world:
    // keep each ring's longitudes continuous; leave Antarctica (ISO 010) out.
    land.features = land.features.filter((f) => f.id !== "010");
    for (const f of land.features) {
      const g = f.geometry;
      if (!g) continue;
      const polys = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
      for (const poly of polys) for (const ring of poly) unwrapRing(ring);
    }
    L.geoJSON(land, { interactive: false,
      style: { color: "#8a8a80", weight: 0.7, fillColor: "#f2efe6", fillOpacity: 1 } })
      .addTo(state.map).bringToBack();
  } catch (err) {
    console.warn("no basemap", err);
  }
}

function unwrapRing(ring) {
  for (let i = 1; i < ring.length; i++) {
    const prev = ring[i - 1][0];
    while (ring[i][0] - prev > 180) ring[i][0] -= 360;
    while (ring[i][0] - prev < -180) ring[i][0] += 360;
  }
}

function drawMarkers(items) {
  if (!state.cluster) return;
  state.cluster.clearLayers();
  const markers = [];
  const pts = [];
  for (const e of items) {
    if (e.lat == null || e.lon == null) continue;
    const m = L.circleMarker([e.lat, e.lon], {
      radius: 5 + 2.2 * Math.sqrt(e.fatalities || 0), color: "#222", weight: 1,
      fillColor: colour(e.event_type), fillOpacity: 0.8,
    });
    // Leaflet sets string content as HTML: give it a text node's element instead.
    m.bindTooltip(el("span", `${e.event_date || "?"} · ${e.event_type || e.plover_type} · ` +
      `${e.location || ""} · ${e.fatalities} killed`), { sticky: true });
    m.on("click", () => openEvent(e.event_id));
    markers.push(m);
    pts.push([e.lat, e.lon]);
  }
  if (state.cluster.addLayers) state.cluster.addLayers(markers);
  else markers.forEach((m) => state.cluster.addLayer(m));
  if (pts.length && !$("f-mapbox").checked) {
    state.map.fitBounds(L.latLngBounds(pts).pad(0.3), { maxZoom: 7 });
  }
}

// -- timeline -----------------------------------------------------------------------

const DAY = 86400000;
const toDay = (s) => Date.parse(`${s}T00:00:00Z`) / DAY;
const fromDay = (d) => new Date(d * DAY).toISOString().slice(0, 10);

function drawTimeline() {
  const svg = $("timeline");
  svg.replaceChildren();
  const w = svg.getBoundingClientRect().width || 800;
  const h = 90;
  const pad = 14;
  if (!state.days.length) return;
  const d0 = toDay(state.days[0].key);
  const d1 = toDay(state.days[state.days.length - 1].key) + 1;
  const max = Math.max(...state.days.map((d) => d.events));
  const x = (d) => ((d - d0) / Math.max(d1 - d0, 1)) * (w - 2) + 1;
  state.scale = { d0, d1, w, x, inv: (px) => d0 + ((px - 1) / (w - 2)) * (d1 - d0) };
  const ns = "http://www.w3.org/2000/svg";
  const barW = Math.max(2, x(d0 + 1) - x(d0) - 0.5);
  for (const d of state.days) {
    const r = document.createElementNS(ns, "rect");
    const bh = ((h - pad - 4) * d.events) / max;
    const inBrush = !state.brush || (d.key >= state.brush[0] && d.key <= state.brush[1]);
    r.setAttribute("class", inBrush ? "bar" : "bar out");
    r.setAttribute("x", x(toDay(d.key)));
    r.setAttribute("y", h - pad - bh);
    r.setAttribute("width", barW);
    r.setAttribute("height", bh);
    const title = document.createElementNS(ns, "title");
    title.textContent = `${d.key}: ${d.events} events, ${d.fatalities} fatalities`;
    r.appendChild(title);
    svg.appendChild(r);
  }
  for (const [px, label, anchor] of [[2, fromDay(d0), "start"], [w - 2, fromDay(d1 - 1), "end"]]) {
    const t = document.createElementNS(ns, "text");
    t.setAttribute("x", px);
    t.setAttribute("y", h - 2);
    t.setAttribute("class", "axis");
    t.setAttribute("text-anchor", anchor);
    t.textContent = label;
    svg.appendChild(t);
  }
  if (state.brush) drawBrush(x(toDay(state.brush[0])), x(toDay(state.brush[1]) + 1));
  $("brush-label").textContent = state.brush ? `${state.brush[0]} to ${state.brush[1]}` : "";
  $("clear-brush").hidden = !state.brush;
}

function drawBrush(a, b) {
  const svg = $("timeline");
  let r = svg.querySelector("rect.brush");
  if (!r) {
    r = document.createElementNS("http://www.w3.org/2000/svg", "rect");
    r.setAttribute("class", "brush");
    svg.appendChild(r);
  }
  r.setAttribute("x", Math.min(a, b));
  r.setAttribute("y", 0);
  r.setAttribute("width", Math.max(1, Math.abs(b - a)));
  r.setAttribute("height", 76);
}

function initBrush() {
  const svg = $("timeline");
  let start = null;
  const px = (ev) => ev.clientX - svg.getBoundingClientRect().left;
  svg.addEventListener("pointerdown", (ev) => {
    if (!state.scale) return;
    start = px(ev);
    svg.setPointerCapture(ev.pointerId);
    drawBrush(start, start + 1);
  });
  svg.addEventListener("pointermove", (ev) => { if (start !== null) drawBrush(start, px(ev)); });
  svg.addEventListener("pointerup", (ev) => {
    if (start === null) return;
    const end = px(ev);
    const [a, b] = [Math.min(start, end), Math.max(start, end)];
    start = null;
    if (b - a < 3) { setBrush(null); return; }
    const s = state.scale;
    const first = Math.floor(s.inv(a));
    setBrush([fromDay(first), fromDay(Math.max(first, Math.floor(s.inv(b))))]);
  });
  $("clear-brush").addEventListener("click", () => setBrush(null));
  // Redraw when the layout changes (window size, the event view opening or closing).
  let width = 0;
  new ResizeObserver(() => {
    const w = Math.round(svg.getBoundingClientRect().width);
    if (w !== width) { width = w; drawTimeline(); }
    if (state.map) state.map.invalidateSize();
  }).observe(svg);
}

function setBrush(range) {
  state.brush = range;
  state.offset = 0;
  drawTimeline();
  refreshEvents();
}

// -- table --------------------------------------------------------------------------

function drawTable(items) {
  const body = document.querySelector("#events-table tbody");
  body.replaceChildren();
  for (const e of items) {
    const tr = el("tr");
    tr.dataset.eventId = e.event_id;
    const actors = [e.actor1, e.actor2].filter(Boolean).join(" vs ");
    const loc = [e.location, e.admin1].filter(Boolean).join(", ");
    for (const v of [e.event_date, e.event_type || e.plover_type, e.sub_event_type, actors,
      e.country, loc, e.fatalities, e.n_articles]) tr.appendChild(el("td", v ?? ""));
    if (e.event_id === state.selected) tr.classList.add("selected");
    tr.addEventListener("click", () => openEvent(e.event_id));
    body.appendChild(tr);
  }
  const last = Math.min(state.offset + PAGE, state.total);
  $("page-label").textContent = state.total
    ? `${state.offset + 1}-${last} of ${state.total}` : "no events";
  $("prev").disabled = state.offset === 0;
  $("next").disabled = last >= state.total;
}

function initTable() {
  for (const th of document.querySelectorAll("#events-table th[data-sort]")) {
    th.addEventListener("click", () => {
      const key = th.dataset.sort;
      state.sort = state.sort === key ? `-${key}` : key;
      state.offset = 0;
      loadPage().catch((err) => { $("form-error").textContent = err.message; });
    });
  }
  $("prev").addEventListener("click", () => { state.offset = Math.max(0, state.offset - PAGE); loadPage(); });
  $("next").addEventListener("click", () => { state.offset += PAGE; loadPage(); });
}

// -- start --------------------------------------------------------------------------

function init() {
  initMap();
  initBrush();
  initTable();
  $("filter-form").addEventListener("submit", (ev) => { ev.preventDefault(); refreshAll(); });
  $("reset").addEventListener("click", () => {
    $("filter-form").reset();
    state.brush = null;
    refreshAll();
  });
  $("f-mapbox").addEventListener("change", refreshAll);
  $("close-event").addEventListener("click", () => { $("event-view").hidden = true; });
  refreshAll();
}

document.addEventListener("DOMContentLoaded", init);
