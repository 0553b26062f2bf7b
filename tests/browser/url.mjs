// The view in the URL (run by tests/test_browser.py).
// usage: node tests/browser/url.mjs BASE_URL PROFILE_DIR
// Sets filters, picks a week, sorts the table, opens an event and zooms in; then opens the page's URL in
// a new page and prints one JSON line comparing what both pages show.
import { api, check, openPage, run, waitTotal, watch } from "./lib.mjs";

const [base, profile] = process.argv.slice(2);

async function shown(page) {
  return page.evaluate(() => ({
    type: document.getElementById("f-type").value,
    country: document.getElementById("f-country").value,
    actor: document.getElementById("f-actor").value,
    brush: document.getElementById("brush-label").textContent,
    status: document.getElementById("status").textContent,
    rows: [...document.querySelectorAll("#events-table tbody tr")].map((r) => r.dataset.eventId),
    event: document.getElementById("event-view").hidden ? null
      : document.getElementById("event-view").dataset.eventId,
    title: document.getElementById("event-title").textContent,
    sort: state.sort,
    zoom: state.map.getZoom(),
    center: [state.map.getCenter().lat.toFixed(3), state.map.getCenter().lng.toFixed(3)],
  }));
}

await run(profile, async (context, findings) => {
  const { page, problems } = await openPage(context, base);

  await page.selectOption("#f-type", "Battles");
  await page.fill("#f-country", "SYR");
  await page.fill("#f-actor", "northern brigade");
  await page.click("#apply");
  const filtered = await api(page, "/api/events?type=Battles&country=SYR&actor=northern+brigade&limit=1");
  await waitTotal(page, filtered.total);
  findings.afterApply = page.url();

  await page.locator("#timeline rect.bar").first().click();
  await page.waitForFunction(() => document.getElementById("brush-label").textContent !== "");
  const [since, until] = (await page.textContent("#brush-label")).split(" to ");
  const week = await api(page,
    `/api/events?type=Battles&country=SYR&actor=northern+brigade&since=${since}&until=${until}&limit=1`);
  await waitTotal(page, week.total);

  await page.click('#events-table th[data-sort="fatalities"]');
  await page.click('#events-table th[data-sort="fatalities"]');
  await page.waitForFunction(() => new URLSearchParams(window.location.search)
    .get("sort") === "-fatalities");
  await page.click("#events-table tbody tr:first-child");
  await page.waitForSelector("#event-view:not([hidden]) #event-articles .article-text");
  const before = page.url();
  await page.click(".leaflet-control-zoom-in");
  await page.waitForFunction((u) => window.location.href !== u, before);
  await page.waitForTimeout(400);  // the zoom animation ends with one more moveend
  findings.url = page.url();
  findings.first = await shown(page);

  const second = await context.newPage();
  watch(second, base, problems);
  await second.goto(findings.url, { waitUntil: "networkidle" });
  await second.waitForSelector("#event-view:not([hidden]) #event-articles .article-text");
  await waitTotal(second, week.total);
  findings.second = await shown(second);
  findings.secondUrl = second.url();
  findings.problems = problems;
  check(problems.length === 0, "no page errors", findings);
});
