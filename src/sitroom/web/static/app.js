// The map page: filters -> /api/map points -> Leaflet markers + an SVG timeline whose
// brush filters the markers; a click opens the incident (or event) in the side panel.
//
// Every string from the API is untrusted: it only ever reaches the page through
// textContent / attribute setters in el() below, never through innerHTML.

const STATUS_COLOR = { reported: "#2b7bb9", claimed: "#e08a00", contested: "#c0262d" };
const DAY = 86400000;
const state = { points: [], brush: null, map: null, cluster: null, fitted: false };

// ------------------------------------------------------------------ helpers ----------

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

function svg(tag, attrs = {}) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

async function getJSON(url) {
  const r = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await r.json();
  if (!r.ok) throw new Error(body && body.error ? body.error.message : `HTTP ${r.status}`);
  return body;
}

function day(s) { return s ? Date.parse(s + "T00:00:00Z") : NaN; }
function iso(ms) { return new Date(ms).toISOString().slice(0, 10); }
function span(p) {
  const a = day(p.date || p.earliest || p.latest);
  const b = day(p.date || p.latest || p.earliest);
  return [a, b];
}
function actorNames(list) { return (list || []).map((a) => a.name).join(", ") || "—"; }
function statusBadge(s) { return el("span", { class: `status status-${s}`, text: s }); }
function articleLink(id, label, hash) {
  return el("a", { href: `/articles/${encodeURIComponent(id)}${hash ? "#" + encodeURIComponent(hash) : ""}`, text: label });
}

// ------------------------------------------------------------------ filters ----------

const form = document.getElementById("filters");
const FIELDS = ["since", "until", "country", "actor", "type", "acled", "status", "outlet", "q"];

function params() {
  const p = new URLSearchParams();
  const fd = new FormData(form);
  for (const k of FIELDS) {
    const v = (fd.get(k) || "").toString().trim();
    if (v) p.set(k, v);
  }
  return p;
}

function fillSelect(name, values) {
  const sel = form.elements[name];
  for (const v of values) sel.append(el("option", { value: v, text: v }));
}

async function loadFacets() {
  const f = await getJSON("/api/facets");
  fillSelect("country", f.countries);
  fillSelect("type", f.types);
  fillSelect("acled", f.acled);
  fillSelect("status", f.statuses);
  fillSelect("outlet", f.outlets);
  const actors = await getJSON("/api/actors?limit=300");
  const dl = document.getElementById("actor-list");
  for (const a of actors.items) dl.append(el("option", { value: a.name }));
  const url = new URLSearchParams(location.search);
  for (const k of FIELDS) if (url.has(k) && form.elements[k]) form.elements[k].value = url.get(k);
}

function updateExports(p) {
  const qs = p.toString() ? "?" + p.toString() : "";
  document.getElementById("export-csv").href = "/api/export/events.csv" + qs;
  document.getElementById("export-geojson").href = "/api/export/events.geojson" + qs;
}

// ------------------------------------------------------------------ map --------------

function initMap() {
  const map = L.map("map", { worldCopyJump: true, minZoom: 1, maxZoom: 12, zoomSnap: 0.5 });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Borders: Natural Earth (world-atlas) · Leaflet");
  map.createPane("borders").style.zIndex = 250;
  map.setView([25, 30], 2);
  fetch("/static/vendor/world-atlas/countries-50m.json")
    .then((r) => r.json())
    .then((topo) => {
      const land = topojson.feature(topo, topo.objects.countries);
      land.features.forEach((f) => unwrap(f.geometry));
      L.geoJSON(land, {
        pane: "borders", interactive: false,
        style: { color: "#8d95a3", weight: 0.7, fillColor: "#f3f1ea", fillOpacity: 1 },
      }).addTo(map);
    });
  state.cluster = L.markerClusterGroup({
    maxClusterRadius: 35, disableClusteringAtZoom: 9, showCoverageOnHover: false,
    chunkedLoading: true,
    // the bubble takes the colour of the "worst" status inside it (contested > claimed >
    // reported); its label is only the count, a number we compute
    iconCreateFunction: (cluster) => {
      const kids = cluster.getAllChildMarkers();
      const has = (s) => kids.some((m) => m.options.status === s);
      const st = has("contested") ? "contested" : has("claimed") ? "claimed" : "reported";
      const n = cluster.getChildCount();
      const size = n < 10 ? 30 : n < 100 ? 36 : 44;
      const icon = L.divIcon({ html: "", className: `mc mc-${st}`, iconSize: L.point(size, size) });
      icon.createIcon = function (old) {
        const div = L.DivIcon.prototype.createIcon.call(this, old);
        div.replaceChildren(el("span", { text: String(n) }));
        return div;
      };
      return icon;
    },
  });
  map.addLayer(state.cluster);
  state.map = map;
}

// Rings that cross the antimeridian (Russia, Fiji) jump from +180 to -180; drawn as is,
// they streak across the whole map. Keep each ring's longitudes continuous instead.
function unwrap(geom) {
  if (!geom) return;
  const polys = geom.type === "Polygon" ? [geom.coordinates] : geom.type === "MultiPolygon" ? geom.coordinates : [];
  for (const poly of polys) {
    for (const ring of poly) {
      let shift = 0;
      for (let i = 1; i < ring.length; i++) {
        const d = ring[i][0] + shift - ring[i - 1][0];
        if (d > 180) shift -= 360;
        else if (d < -180) shift += 360;
        ring[i] = [ring[i][0] + shift, ring[i][1]];
      }
    }
  }
}

function radius(p) {
  const f = p.fatalities || 0;
  return Math.min(30, 5 + 2.2 * Math.sqrt(f));
}

function visiblePoints() {
  if (!state.brush) return state.points;
  const [b0, b1] = state.brush;
  return state.points.filter((p) => {
    const [a, b] = span(p);
    return !isNaN(a) && a <= b1 && b >= b0;
  });
}

function drawMarkers() {
  const pts = visiblePoints();
  state.cluster.clearLayers();
  const layers = pts.map((p) => {
    const m = L.circleMarker([p.lat, p.lon], {
      radius: radius(p), color: p.kind === "incident" ? "#1d2430" : "#ffffff",
      weight: p.kind === "incident" ? 2.5 : 1, fillColor: STATUS_COLOR[p.status] || "#777",
      fillOpacity: 0.8, status: p.status,
      className: `mk mk-${p.kind} mk-status-${p.status}`,
    });
    const label = `${p.type} · ${p.place || ""} · ${p.date || p.earliest || "undated"}` +
      (p.fatalities != null ? ` · ${p.fatalities} killed` : "") +
      (p.kind === "incident" ? ` · ${p.n} report${p.n === 1 ? "" : "s"}` : "");
    // Leaflet writes string tooltips with innerHTML: hand it a text node's element instead
    m.bindTooltip(el("span", { text: label }));
    m.on("click", () => openPanel(p));
    m.pointId = p.id;
    return m;
  });
  state.cluster.addLayers(layers);
  const mapEl = document.getElementById("map");
  mapEl.dataset.count = String(pts.length);
  mapEl.dataset.incidents = String(pts.filter((p) => p.kind === "incident").length);
  const nInc = pts.filter((p) => p.kind === "incident").length;
  document.getElementById("status-line").textContent =
    `${nInc} incidents and ${pts.length - nInc} unlinked events on the map` +
    (state.brush ? ` (timeline ${iso(state.brush[0])} … ${iso(state.brush[1])})` : "") +
    (state.truncated ? " — more match: narrow the filters" : "");
  if (!state.fitted && pts.length) {
    state.map.fitBounds(L.latLngBounds(pts.map((p) => [p.lat, p.lon])).pad(0.3), { maxZoom: 7, animate: false });
    state.fitted = true;
  }
}

async function reload() {
  const p = params();
  history.replaceState(null, "", p.toString() ? "?" + p.toString() : location.pathname);
  updateExports(p);
  document.getElementById("status-line").textContent = "Loading…";
  try {
    const data = await getJSON("/api/map?" + p.toString());
    state.points = data.points;
    state.truncated = data.truncated;
    state.brush = null;
    state.fitted = false;
    drawTimeline();
    drawMarkers();
  } catch (e) {
    document.getElementById("status-line").textContent = "Error: " + e.message;
  }
}

// ------------------------------------------------------------------ timeline ---------

const tl = document.getElementById("timeline");
const NBINS = 60;

function domain() {
  // the 2nd..98th percentile of the dates, so that a few far-off dates (an extraction
  // reading "1615") do not squash the rest; points outside fall into the edge bars
  const starts = [], ends = [];
  for (const p of state.points) {
    const [a, b] = span(p);
    if (!isNaN(a)) { starts.push(a); ends.push(b); }
  }
  if (!starts.length) return null;
  starts.sort((x, y) => x - y);
  ends.sort((x, y) => x - y);
  const q = (xs, f) => xs[Math.min(xs.length - 1, Math.max(0, Math.round(f * (xs.length - 1))))];
  let lo = starts.length > 50 ? q(starts, 0.02) : starts[0];
  let hi = ends.length > 50 ? q(ends, 0.98) : ends[ends.length - 1];
  if (hi - lo < 7 * DAY) { lo -= 3 * DAY; hi += 4 * DAY; }
  const margin = Math.max(DAY, (hi - lo) * 0.02); // the first and last bars off the edges
  return [lo - margin, hi + DAY + margin];
}

function drawTimeline() {
  tl.replaceChildren();
  const dom = domain();
  const W = tl.clientWidth || 800, H = tl.clientHeight || 110, pad = 18;
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: "none" });
  tl.append(root);
  state.tl = { dom, W, H, pad };
  if (!dom) {
    const t = svg("text", { x: 10, y: 20, class: "axis" });
    t.textContent = "no dated incidents or events";
    root.append(t);
    return;
  }
  const [lo, hi] = dom;
  const bins = new Array(NBINS).fill(0);
  const binsIn = new Array(NBINS).fill(0);
  const vis = new Set(visiblePoints());
  for (const p of state.points) {
    const [a, b] = span(p);
    if (isNaN(a)) continue;
    const mid = (a + b) / 2;
    const i = Math.min(NBINS - 1, Math.max(0, Math.floor(((mid - lo) / (hi - lo)) * NBINS)));
    bins[i] += 1;
    if (vis.has(p)) binsIn[i] += 1;
  }
  const max = Math.max(1, ...bins);
  const bw = W / NBINS;
  bins.forEach((n, i) => {
    if (!n) return;
    const h = ((H - pad - 4) * n) / max;
    root.append(svg("rect", {
      x: i * bw + 1, y: H - pad - h, width: Math.max(1, bw - 2), height: h,
      class: binsIn[i] ? "bar in" : "bar",
    }));
  });
  for (let k = 0; k <= 4; k++) {
    const t = svg("text", { x: Math.min(W - 60, (k * W) / 4 + 2), y: H - 4, class: "axis" });
    t.textContent = iso(lo + ((hi - lo) * k) / 4);
    root.append(t);
  }
  if (state.brush) {
    const x0 = ((state.brush[0] - lo) / (hi - lo)) * W;
    const x1 = ((state.brush[1] - lo) / (hi - lo)) * W;
    root.append(svg("rect", { x: x0, y: 0, width: Math.max(1, x1 - x0), height: H - pad, class: "brush" }));
  }
  document.getElementById("timeline-range").textContent = state.brush
    ? `Timeline selection ${iso(state.brush[0])} … ${iso(state.brush[1])} (double-click the timeline to clear)`
    : "Drag on the timeline to show only that period.";
}

function xToTime(clientX) {
  const r = tl.getBoundingClientRect();
  const [lo, hi] = state.tl.dom;
  const f = Math.min(1, Math.max(0, (clientX - r.left) / r.width));
  return lo + f * (hi - lo);
}

let dragFrom = null;
tl.addEventListener("pointerdown", (ev) => {
  if (!state.tl || !state.tl.dom) return;
  dragFrom = xToTime(ev.clientX);
  tl.setPointerCapture(ev.pointerId);
});
tl.addEventListener("pointermove", (ev) => {
  if (dragFrom === null) return;
  const t = xToTime(ev.clientX);
  state.brush = [Math.min(dragFrom, t), Math.max(dragFrom, t)];
  drawTimeline();
});
tl.addEventListener("pointerup", (ev) => {
  if (dragFrom === null) return;
  const t = xToTime(ev.clientX);
  const a = Math.min(dragFrom, t), b = Math.max(dragFrom, t);
  dragFrom = null;
  state.brush = b - a < DAY / 2 ? null : [a, b];
  drawTimeline();
  drawMarkers();
});
tl.addEventListener("dblclick", () => { state.brush = null; drawTimeline(); drawMarkers(); });

// ------------------------------------------------------------------ panel ------------

const panel = document.getElementById("panel");
const panelBody = document.getElementById("panel-body");
document.getElementById("panel-close").addEventListener("click", () => { panel.hidden = true; });

function claimLine(c) {
  return el("p", { class: "claim" },
    el("b", { text: c.speaker.name }), " ", el("i", { text: c.cue }), ": “", c.content.text, "”",
    c.fatalities != null ? el("span", { class: "figure", text: ` (${c.fatalities} killed)` }) : null);
}

function claimsBlock(claims) {
  const asserting = claims.filter((c) => c.stance !== "deny");
  const denying = claims.filter((c) => c.stance === "deny");
  return el("div", { class: "claims" },
    el("div", { class: "claims-assert" }, el("h4", { text: "Asserting" }),
      ...(asserting.length ? asserting.map(claimLine) : [el("p", { class: "muted", text: "none attributed" })])),
    el("div", { class: "claims-deny" }, el("h4", { text: "Denying" }),
      ...(denying.length ? denying.map(claimLine) : [el("p", { class: "muted", text: "none" })])));
}

function show(...nodes) { panelBody.replaceChildren(...nodes.filter((n) => n !== null && n !== undefined)); }

function place(p) { return p ? [p.name, p.admin1 !== p.name ? p.admin1 : null, p.country].filter(Boolean).join(", ") : "—"; }
function when(t) { return t ? (t.value || `${t.earliest || "?"} … ${t.latest || "?"}`) : "—"; }

async function openPanel(p) {
  panel.hidden = false;
  panelBody.replaceChildren(el("p", { class: "muted", text: "Loading…" }));
  try {
    if (p.kind === "incident") {
      const d = await getJSON(`/api/incidents/${encodeURIComponent(p.id)}`);
      renderIncident(d);
    } else {
      const d = await getJSON(`/api/articles/${encodeURIComponent(p.article)}/events/${encodeURIComponent(p.event)}`);
      renderEvent(d);
    }
  } catch (e) {
    panelBody.replaceChildren(el("p", { class: "error-message", text: "Error: " + e.message }));
  }
}

function renderIncident(d) {
  const inc = d.incident;
  const rows = d.members.map((m) => el("tr", {},
    el("td", { class: "report" }, articleLink(m.article.id, m.article.outlet || m.article.title || m.article.id, m.event && m.event.id)),
    el("td", { text: m.event && m.event.fatalities != null ? m.event.fatalities : "—" }),
    el("td", { text: m.event && m.event.injured != null ? m.event.injured : "—" }),
    el("td", {}, m.event ? statusBadge(m.event.status) : "—")));
  const bySource = Object.entries(inc.fatalities.by_source || {});
  show(
    el("h2", { id: "panel-title" }, `Incident ${inc.id}: ${inc.type}${inc.mode ? "/" + inc.mode : ""} `, statusBadge(inc.status)),
    el("dl", { class: "facts small" },
      el("dt", { text: "When" }), el("dd", { text: when(inc.date) }),
      el("dt", { text: "Where" }), el("dd", { text: place(inc.location) }),
      el("dt", { text: "Outlets" }), el("dd", { text: inc.outlets.join(", ") || "—" }),
      el("dt", { text: "Asserted by" }), el("dd", { class: "asserted-by", text: actorNames(inc.asserted_by) }),
      el("dt", { text: "Denied by" }), el("dd", { class: "denied-by", text: actorNames(inc.denied_by) })),
    el("h3", { text: "Figures by source" }),
    el("table", { class: "figures" },
      el("thead", {}, el("tr", {}, ...["Report", "Killed", "Injured", "Status"].map((h) => el("th", { text: h })))),
      el("tbody", {}, ...rows)),
    bySource.length ? el("p", {}, "Killed, by source: ", bySource.map(([k, v]) => `${k}: ${v}`).join(" · ")) : null,
    el("h3", { text: "Claims" }),
    ...d.members.map((m) => el("div", { class: "member" },
      el("p", {}, el("b", { text: m.article.outlet || "unknown outlet" }), " — ",
        articleLink(m.article.id, m.article.title || m.article.id, m.event && m.event.id)),
      claimsBlock(m.claims))),
    el("p", {}, el("a", { href: `/incidents/${encodeURIComponent(inc.id)}`, class: "incident-link", text: "Open the incident page →" })),
  );
}

function renderEvent(d) {
  const e = d.event;
  show(
    el("h2", { id: "panel-title" }, `Event ${e.type}${e.mode ? "/" + e.mode : ""} `, statusBadge(e.status)),
    el("dl", { class: "facts small" },
      el("dt", { text: "Who" }), el("dd", { text: e.actor1 ? e.actor1.name : "—" }),
      el("dt", { text: "To whom" }), el("dd", { text: e.actor2 ? e.actor2.name : "—" }),
      el("dt", { text: "When" }), el("dd", { text: when(e.date) }),
      el("dt", { text: "Where" }), el("dd", { text: place(e.location) }),
      el("dt", { text: "Killed" }), el("dd", { text: e.fatalities != null ? e.fatalities : "—" }),
      el("dt", { text: "Outlet" }), el("dd", { text: d.outlet || "—" }),
      el("dt", { text: "Asserted by" }), el("dd", { class: "asserted-by", text: actorNames(e.asserted_by) }),
      el("dt", { text: "Denied by" }), el("dd", { class: "denied-by", text: actorNames(e.denied_by) })),
    ...e.evidence.map((s) => el("blockquote", { class: "evidence", text: s.text })),
    claimsBlock(d.claims),
    el("p", {}, articleLink(d.article_id, "Open the article →", e.id)),
  );
}

// ------------------------------------------------------------------ start ------------

form.addEventListener("submit", (ev) => { ev.preventDefault(); reload(); });
form.addEventListener("reset", () => setTimeout(reload, 0));
window.addEventListener("resize", () => drawTimeline());

async function start() {
  initMap();
  try { await loadFacets(); } catch (e) { /* the map still works without facets */ }
  await reload();
  document.body.dataset.ready = "1";
}
if (document.readyState === "complete") start();
else window.addEventListener("load", start);
