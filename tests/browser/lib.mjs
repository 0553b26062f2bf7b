// Shared by the browser scripts that tests/test_browser.py runs: headless Chromium with a
// throw-away profile, and a few waits on the page's state.
import { chromium } from "playwright-core";

export async function launch(profile) {
  return chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

// Records what would make the page fail quietly: errors, failed responses and any
// request that leaves the server.
export function watch(page, base, problems) {
  page.on("request", (r) => { if (!r.url().startsWith(base)) problems.push(`external ${r.url()}`); });
  page.on("pageerror", (e) => problems.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") problems.push(m.text()); });
  page.on("response", (r) => { if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`); });
}

export async function api(page, path) {
  return page.evaluate(async (p) => (await fetch(p)).json(), path);
}

// Waits until the status line shows ``n`` events.
export async function waitTotal(page, n) {
  await page.waitForFunction((k) => document.getElementById("status").textContent
    .startsWith(`${k} events`), n);
}

export async function loaded(page) {
  await page.waitForFunction(() => /\d+ events/.test(document.getElementById("status").textContent));
}

// The page at ``base``, loaded, with its console and network problems collected.
export async function openPage(context, base) {
  const page = context.pages()[0] || (await context.newPage());
  const problems = [];
  watch(page, base, problems);
  await page.goto(base + "/", { waitUntil: "networkidle" });
  await loaded(page);
  return { page, problems };
}

export function check(cond, what, findings) {
  if (!cond) throw new Error(`check failed: ${what} ${JSON.stringify(findings)}`);
}

// Runs ``body(context, findings)``, prints the findings as one JSON line, exits 1 on error.
export async function run(profile, body) {
  const context = await launch(profile);
  const findings = {};
  try {
    await body(context, findings);
    console.log(JSON.stringify(findings));
  } catch (err) {
    console.error(String(err.stack || err));
    process.exitCode = 1;
  } finally {
    await context.close();
  }
}
