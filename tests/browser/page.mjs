// Drives headless Chromium over the eventcoder page (run by tests/test_browser.py).
// usage: node tests/browser/page.mjs BASE_URL SCREENSHOT.png PROFILE_DIR
// Prints one JSON line of findings; exits 1 on the first failed check.
import { chromium } from "playwright-core";

const [base, shot, profile] = process.argv.slice(2);
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const findings = {};

function check(cond, what) {
  if (!cond) throw new Error(`check failed: ${what} ${JSON.stringify(findings)}`);
}

async function api(page, path) {
  return page.evaluate(async (p) => (await fetch(p)).json(), path);
}

const context = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless: true,
  viewport: { width: 1400, height: 900 },
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const external = [];
const errors = [];
try {
  const page = context.pages()[0] || (await context.newPage());
  page.on("request", (r) => { if (!r.url().startsWith(base)) external.push(r.url()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("response", (r) => { if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`); });

  await page.goto(base + "/", { waitUntil: "networkidle" });
  await page.waitForFunction(() => /\d+ events/.test(document.getElementById("status").textContent));
  const all = await api(page, "/api/events?limit=1");
  findings.total = all.total;
  findings.status = await page.textContent("#status");
  check(findings.status.startsWith(`${all.total} events`), "status shows the total");
  findings.rows = await page.locator("#events-table tbody tr").count();
  check(findings.rows === Math.min(50, all.total), "table shows the first page");
  await page.waitForSelector(".leaflet-overlay-pane path.leaflet-interactive, .marker-cluster");
  findings.basemap = await page.locator(".leaflet-overlay-pane path").count();
  check(findings.basemap > 100, "country outlines drawn");
  findings.clusters = await page.locator(".marker-cluster").count();

  // Filter by type: the table and the count follow the API.
  await page.selectOption("#f-type", "Battles");
  await page.click("#apply");
  const battles = await api(page, "/api/events?type=Battles&limit=1");
  await page.waitForFunction((n) => document.getElementById("status").textContent
    .startsWith(`${n} events`), battles.total);
  const types = await page.locator("#events-table tbody tr td:nth-child(2)").allTextContents();
  findings.filtered = types.length;
  check(types.length === Math.min(50, battles.total) && types.every((t) => t === "Battles"),
    "type filter applied to the table");

  // Brush the first half of the timeline: the table keeps only dates inside the brush.
  const box = await page.locator("#timeline").boundingBox();
  await page.mouse.move(box.x + 5, box.y + 30);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, box.y + 30, { steps: 5 });
  await page.mouse.up();
  await page.waitForFunction(() => document.getElementById("brush-label").textContent !== "");
  const label = await page.textContent("#brush-label");
  const [since, until] = label.split(" to ");
  const brushed = await api(page, `/api/events?type=Battles&since=${since}&until=${until}&limit=1`);
  await page.waitForFunction((n) => document.getElementById("status").textContent
    .startsWith(`${n} events`), brushed.total);
  const dates = await page.locator("#events-table tbody tr td:nth-child(1)").allTextContents();
  findings.brush = { since, until, total: brushed.total, rows: dates.length };
  check(brushed.total > 0 && brushed.total < battles.total, "brush narrows the events");
  check(dates.every((d) => d >= since && d <= until), "table dates inside the brush");

  // Open an event and show the evidence of its fatalities.
  await page.click("#events-table tbody tr:first-child");
  await page.waitForSelector("#event-view:not([hidden]) #event-articles .article-text");
  await page.click('#event-fields dt[data-field="fatalities"]');
  const fat = await page.textContent('#event-fields dt[data-field="fatalities"] + dd');
  const marked = await page.locator("mark.evidence.active").allTextContents();
  findings.evidence = { fatalities: fat, marked };
  check(marked.length === 1 && marked[0] === `killing ${fat.split(" ")[0]} people`,
    "fatalities evidence highlighted in the article");
  await page.click('#event-fields dt[data-field="actor1"]');
  const actor = await page.locator("mark.evidence.active").allTextContents();
  const actorValue = await page.textContent('#event-fields dt[data-field="actor1"] + dd');
  check(actor.length === 1 && actorValue.startsWith(actor[0]), "actor evidence highlighted");

  // Markup in article text and notes is shown as text and never runs.
  const text = await page.textContent("#event-articles .article-text");
  const pwned = await page.evaluate(() => window.__pwned);
  const injected = await page.locator("#event-view img, #event-view script, #event-view b").count();
  findings.injection = { pwned: pwned ?? null, elements: injected };
  check(text.includes("<script>") && pwned === undefined && injected === 0, "no injection");

  // Back to every event (the event view stays open) for the screenshot.
  await page.click("#clear-brush");
  await page.selectOption("#f-type", "");
  await page.click("#apply");
  await page.waitForFunction((n) => document.getElementById("status").textContent
    .startsWith(`${n} events`), all.total);
  await page.waitForTimeout(500);
  await page.screenshot({ path: shot });
  findings.external = external;
  findings.errors = errors;
  check(external.length === 0, "no request leaves the server (offline)");
  check(errors.length === 0, "no page errors");
  console.log(JSON.stringify(findings));
} catch (err) {
  console.error(String(err.stack || err));
  process.exitCode = 1;
} finally {
  await context.close();
}
