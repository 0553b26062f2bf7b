// Place names on the offline base map (run by tests/test_browser.py).
// usage: node tests/browser/labels.mjs BASE_URL PROFILE_DIR
// Prints one JSON line: the country names after load, the city names at the world view
// and zoomed in on Damascus, and what the page fetched from elsewhere.
import { check, loaded, openPage, run } from "./lib.mjs";

const [base, profile] = process.argv.slice(2);
const names = (page, sel) => page.locator(`.leaflet-labels-pane ${sel}`).allTextContents();

await run(profile, async (context, findings) => {
  const { page, problems } = await openPage(context, base);
  await page.waitForSelector(".leaflet-labels-pane .country-label span");
  findings.zoom = await page.evaluate(() => state.map.getZoom());
  findings.countries = await names(page, ".country-label");

  await page.goto(base + "/?map=2/20/20", { waitUntil: "networkidle" });
  await loaded(page);
  await page.waitForSelector(".leaflet-labels-pane .country-label span");
  findings.world = { zoom: await page.evaluate(() => state.map.getZoom()),
    countries: (await names(page, ".country-label")).length,
    cities: await names(page, ".city-label") };

  await page.goto(base + "/?map=7/33.5/36.3", { waitUntil: "networkidle" });
  await loaded(page);
  await page.waitForSelector(".leaflet-labels-pane .city-label span");
  const damascus = page.locator(".leaflet-labels-pane .city-label span", { hasText: "Damascus" });
  findings.zoomed = { zoom: await page.evaluate(() => state.map.getZoom()),
    cities: await names(page, ".city-label"),
    capitals: await names(page, ".city-label.capital"),
    damascusVisible: (await damascus.count()) === 1 && (await damascus.isVisible()) };
  findings.problems = problems;
  check(problems.length === 0, "no page errors, nothing fetched from elsewhere", findings);
});
