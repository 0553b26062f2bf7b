// Evidence highlighting in an article with emoji before the evidence (run by
// tests/test_browser.py). usage: node tests/browser/emoji.mjs BASE_URL PROFILE_DIR
// Prints one JSON line: each field's highlighted texts.
import { chromium } from "playwright-core";

const [base, profile] = process.argv.slice(2);
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = context.pages()[0] || (await context.newPage());
  await page.goto(base + "/", { waitUntil: "networkidle" });
  await page.waitForSelector("#events-table tbody tr");
  await page.click("#events-table tbody tr:first-child");
  await page.waitForSelector("#event-view:not([hidden]) #event-articles .article-text");
  const marked = {};
  for (const field of ["fatalities", "actor1", "location", "sources"]) {
    await page.click(`#event-fields dt[data-field="${field}"]`);
    marked[field] = await page.locator("mark.evidence.active").allTextContents();
  }
  console.log(JSON.stringify(marked));
} finally {
  await context.close();
}
