// Screenshot of the page with one event open, for docs/screenshot.png.
// usage: node tests/browser/screenshot.mjs BASE_URL OUT.png PROFILE_DIR [TEXT] [FIELD]
// TEXT picks the table row to open (first row containing it), FIELD the evidence shown.
import { chromium } from "playwright-core";

const [base, out, profile, text = "", field = "fatalities"] = process.argv.slice(2);
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1400, height: 900 },
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = context.pages()[0] || (await context.newPage());
  await page.goto(base + "/", { waitUntil: "networkidle" });
  await page.waitForFunction(() => /\d+ events/.test(document.getElementById("status").textContent));
  await page.locator("#events-table tbody tr", { hasText: text }).first().click();
  await page.waitForSelector("#event-view:not([hidden]) #event-articles .article-text");
  const dt = page.locator(`#event-fields dt[data-field="${field}"]`);
  if (await dt.count()) await dt.click();
  await page.waitForTimeout(500);
  await page.screenshot({ path: out });
} finally {
  await context.close();
}
