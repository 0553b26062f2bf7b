// The weekly timeline (run by tests/test_browser.py).
// usage: node tests/browser/timeline.mjs BASE_URL PROFILE_DIR BAR_INDEX
// Prints one JSON line: every bar's week and count, then what the page shows once the bar
// BAR_INDEX is clicked (status, brush, table dates) and once it is clicked again.
import { check, openPage, run, waitTotal } from "./lib.mjs";

const [base, profile, index] = process.argv.slice(2);

await run(profile, async (context, findings) => {
  const { page, problems } = await openPage(context, base);
  findings.status = await page.textContent("#status");
  const bars = page.locator("#timeline rect.bar");
  findings.bars = await bars.evaluateAll((rs) => rs.map((r) => ({ week: r.dataset.week,
    count: Number(r.dataset.count), x: Number(r.getAttribute("x")),
    height: Number(r.getAttribute("height")) })));

  const bar = findings.bars[Number(index)];
  await bars.nth(Number(index)).click();
  await page.waitForFunction(() => document.getElementById("brush-label").textContent !== "");
  await waitTotal(page, bar.count);
  findings.clicked = { week: bar.week, status: await page.textContent("#status"),
    brush: await page.textContent("#brush-label"),
    dates: await page.locator("#events-table tbody tr td:nth-child(1)").allTextContents(),
    out: await page.locator("#timeline rect.bar.out").count(),
    url: page.url() };

  await bars.nth(Number(index)).click();
  await page.waitForFunction(() => document.getElementById("brush-label").textContent === "");
  await waitTotal(page, findings.bars.reduce((n, b) => n + b.count, 0));
  findings.cleared = { status: await page.textContent("#status"), url: page.url() };
  findings.problems = problems;
  check(problems.length === 0, "no page errors", findings);
});
