// The country filter by name and code, and "did you mean" for a misspelt country (run by
// tests/test_browser.py).
// usage: node tests/browser/country.mjs BASE_URL PROFILE_DIR
// Applies each country filter of the page's form in turn, then a misspelt one, then clicks
// the first suggestion the error line offers; prints one JSON line of what the page showed.
import { check, openPage, run } from "./lib.mjs";

const [base, profile] = process.argv.slice(2);
const MISSPELT = "Syira";

// What the page shows once the filters are applied: waits until the status line has been
// rewritten (it is emptied before the click, so an unchanged count is not mistaken for
// the answer).
async function apply(page, value) {
  await page.fill("#f-country", value);
  await page.evaluate(() => { document.getElementById("status").textContent = ""; });
  await page.click("#apply");
  await page.waitForFunction(() => /^(\d+ events|error)/.test(
    document.getElementById("status").textContent));
  return page.evaluate(() => ({
    status: document.getElementById("status").textContent,
    field: document.getElementById("f-country").value,
    countries: [...document.querySelectorAll("#events-table tbody tr")]
      .map((r) => r.children[4].textContent),
    error: document.getElementById("form-error").textContent,
    suggestions: [...document.querySelectorAll("#form-error button.suggestion")]
      .map((b) => b.textContent),
    url: window.location.href,
  }));
}

await run(profile, async (context, findings) => {
  const { page, problems } = await openPage(context, base);
  findings.maxlength = await page.getAttribute("#f-country", "maxlength");
  findings.label = await page.evaluate(() =>
    document.getElementById("f-country").closest("label").firstChild.textContent.trim());

  findings.byValue = {};
  for (const value of ["Syria", "sy", "SYR", "Yemen", "Republic of the Sudan"]) {
    findings.byValue[value] = await apply(page, value);
  }
  findings.problemsBefore = problems.splice(0);

  findings.misspelt = await apply(page, MISSPELT);
  // The 400 answers to the misspelt filter are expected; anything else is a problem.
  findings.refused = problems.splice(0).filter((p) => !(
    (p.startsWith(`400 ${base}/api/`) && p.includes(`country=${MISSPELT}`))
    || /status of 400/.test(p)));
  findings.refusedCount = findings.refused.length;

  await page.evaluate(() => { document.getElementById("status").textContent = ""; });
  await page.locator("#form-error button.suggestion").first().click();
  await page.waitForFunction(() => /^\d+ events/.test(
    document.getElementById("status").textContent));
  findings.corrected = await page.evaluate(() => ({
    status: document.getElementById("status").textContent,
    field: document.getElementById("f-country").value,
    countries: [...document.querySelectorAll("#events-table tbody tr")]
      .map((r) => r.children[4].textContent),
    error: document.getElementById("form-error").textContent,
    url: window.location.href,
  }));
  findings.problems = [...findings.problemsBefore, ...findings.refused, ...problems];
  check(findings.problems.length === 0, "no page errors", findings);
});
