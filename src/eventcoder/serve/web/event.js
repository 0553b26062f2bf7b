// eventcoder map page, the event view: every field of a record, and its evidence
// highlighted in the text of each reporting article. Loaded after app.js (uses its
// helpers: $, el, state, getJSON, writeURL). Text is always set with textContent, never as HTML.
"use strict";

const FIELDS = [
  ["event_date", "Date", (e) => e.event_date && `${e.event_date} (${e.date_precision}, from ${e.date_source})`],
  ["event_type", "Event type", (e) => e.event_type],
  ["sub_event_type", "Sub-event type", (e) => e.sub_event_type],
  ["disorder_type", "Disorder type", (e) => e.disorder_type],
  ["plover_type", "PLOVER", (e) => [e.plover_type, ...(e.plover_mode || [])].join(" / ")],
  ["cameo_root", "CAMEO root", (e) => e.cameo_root],
  ["actor1", "Actor 1", (e) => actorText(e.actor1)],
  ["actor2", "Actor 2", (e) => actorText(e.actor2)],
  ["assoc_actor_1", "Assoc. actor 1", (e) => (e.assoc_actor_1 || []).map(actorText).join("; ")],
  ["assoc_actor_2", "Assoc. actor 2", (e) => (e.assoc_actor_2 || []).map(actorText).join("; ")],
  ["interaction", "Interaction", (e) => e.interaction],
  ["location", "Location", (e) => placeText(e.location)],
  ["fatalities", "Fatalities", (e) => fatalText(e)],
  ["injured", "Injured", (e) => e.injured],
  ["arrested", "Arrested", (e) => e.arrested],
  ["sources", "Sources", (e) => (e.sources || []).map((s) => `${s.name} (${s.kind})`).join("; ")],
  ["civilian_targeting", "Civilian targeting", (e) => (e.civilian_targeting ? "yes" : "no")],
  ["background", "Background", (e) => (e.background ? "yes" : "no")],
  ["confidence", "Confidence", (e) => e.confidence],
  ["notes", "Notes", (e) => e.notes],
];

function actorText(a) {
  return a ? (a.text && a.text !== a.name ? `${a.name} ("${a.text}")` : a.name) : null;
}

function placeText(p) {
  if (!p) return null;
  const parts = [p.name, p.admin2, p.admin1, p.country].filter(Boolean);
  const coords = p.lat != null ? ` [${p.lat.toFixed(3)}, ${p.lon.toFixed(3)}]` : "";
  return `${parts.join(", ")}${coords} (geo precision ${p.geo_precision ?? "?"})`;
}

function fatalText(e) {
  const range = e.fatalities_low != null && e.fatalities_high != null &&
    e.fatalities_low !== e.fatalities_high ? ` (${e.fatalities_low}-${e.fatalities_high})` : "";
  return `${e.fatalities}${range}`;
}

// -- event view ---------------------------------------------------------------------

async function openEvent(id) {
  state.selected = id;
  for (const tr of document.querySelectorAll("#events-table tbody tr")) {
    tr.classList.toggle("selected", tr.dataset.eventId === id);
  }
  let data;
  try {
    data = await getJSON(`/api/events/${encodeURIComponent(id)}`);
  } catch (err) {
    $("form-error").textContent = err.message;
    if (state.selected === id) {
      state.selected = null;
      $("event-view").hidden = true;
    }
    writeURL();
    return;
  }
  const e = data.event;
  const view = $("event-view");
  view.hidden = false;
  view.dataset.eventId = id;
  writeURL();
  $("event-title").textContent = `${e.event_type || e.plover_type} · ${e.event_date || "no date"}` +
    ` · ${data.n_articles} report(s), ${data.n_independent} independent`;
  const dl = $("event-fields");
  dl.replaceChildren();
  const evidence = e.evidence || {};
  for (const [key, label, fmt] of FIELDS) {
    const value = fmt(e);
    if (value === null || value === undefined || value === "") continue;
    const dt = el("dt", label);
    dt.dataset.field = key;
    if (evidence[key] && evidence[key].length) {
      dt.classList.add("has-evidence");
      dt.tabIndex = 0;
      dt.addEventListener("click", () => highlight(key));
      dt.addEventListener("keydown", (ev) => { if (ev.key === "Enter") highlight(key); });
    }
    dl.append(dt, el("dd", value));
  }
  const box = $("event-articles");
  box.replaceChildren();
  for (const meta of data.articles) {
    const art = await getJSON(`/api/articles/${encodeURIComponent(meta.id)}`);
    box.appendChild(renderArticle(art, evidence));
  }
}

// A function from a code-point offset in ``text`` to its UTF-16 index.
function utf16Offsets(text) {
  const at = [0];
  let u = 0;
  for (const ch of text) { u += ch.length; at.push(u); }
  return (cp) => at[Math.max(0, Math.min(cp, at.length - 1))];
}

function renderArticle(art, evidence) {
  const wrap = el("section", null, "article");
  wrap.dataset.articleId = art.id;
  wrap.appendChild(el("h3", art.title || art.id));
  const meta = [art.outlet, art.published, art.dup_of ? `copy of ${art.dup_of}` : null]
    .filter(Boolean).join(" · ");
  const metaP = el("p", meta, "meta");
  if (art.url && /^https?:\/\//i.test(art.url)) {
    const a = el("a", " source");
    a.href = art.url;
    a.rel = "noopener noreferrer";
    a.target = "_blank";
    metaP.appendChild(a);
  }
  wrap.appendChild(metaP);
  // Split the text at every span boundary; each piece lists the fields it supports.
  // Span offsets count code points (Python characters); JavaScript strings count UTF-16
  // units, so a character outside the BMP (an emoji) before a span would shift it.
  const to16 = utf16Offsets(art.text);
  const spans = [];
  for (const [field, list] of Object.entries(evidence)) {
    for (const s of list) {
      if (s.article_id === art.id && s.end > s.start) {
        spans.push([to16(s.start), to16(s.end), field]);
      }
    }
  }
  const cuts = new Set([0, art.text.length]);
  const clip = (v) => Math.max(0, Math.min(v, art.text.length));
  spans.forEach(([a, b]) => { cuts.add(clip(a)); cuts.add(clip(b)); });
  const points = [...cuts].sort((a, b) => a - b);
  const text = el("div", null, "article-text");
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const piece = art.text.slice(a, b);
    const fields = spans.filter(([s, e]) => s <= a && e >= b).map(([, , f]) => f);
    if (!fields.length) { text.appendChild(document.createTextNode(piece)); continue; }
    const mark = el("mark", piece, "evidence");
    mark.dataset.fields = [...new Set(fields)].join(" ");
    mark.title = `evidence for: ${[...new Set(fields)].join(", ")}`;
    text.appendChild(mark);
  }
  wrap.appendChild(text);
  return wrap;
}

function highlight(field) {
  for (const dt of document.querySelectorAll("#event-fields dt")) {
    dt.classList.toggle("active", dt.dataset.field === field);
  }
  let first = null;
  for (const m of document.querySelectorAll("#event-articles mark.evidence")) {
    const on = m.dataset.fields.split(" ").includes(field);
    m.classList.toggle("active", on);
    if (on && !first) first = m;
  }
  if (first) first.scrollIntoView({ block: "center" });
}

