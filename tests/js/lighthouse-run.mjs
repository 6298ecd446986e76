// Run Lighthouse (mobile profile, simulated slow 4G and a 4x slower CPU: Lighthouse's defaults)
// on several URLs with one Debian Chromium, and print one JSON summary per URL on stdout.
//
// Usage: CHROME_PATH=/usr/bin/chromium node lighthouse-run.mjs URL [URL...]
// Chromium runs with the suite's flags (see tests/browser/conftest.py); nothing is downloaded.
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];
const FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run",
];

const urls = process.argv.slice(2);
if (!urls.length) {
  console.error("usage: node lighthouse-run.mjs URL [URL...]");
  process.exit(2);
}

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || "/usr/bin/chromium",
  chromeFlags: FLAGS,
});
const results = [];
try {
  for (const url of urls) {
    const runner = await lighthouse(url, {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: CATEGORIES,
    });
    const lhr = runner.lhr;
    const scores = {};
    const failing = [];
    for (const [id, category] of Object.entries(lhr.categories)) {
      scores[id] = category.score === null ? null : Math.round(category.score * 100);
      for (const ref of category.auditRefs) {
        const audit = lhr.audits[ref.id];
        if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
          failing.push({ category: id, id: ref.id, score: audit.score, title: audit.title,
                         value: audit.displayValue || "" });
        }
      }
    }
    const metrics = {};
    for (const id of ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                      "cumulative-layout-shift", "speed-index"]) {
      metrics[id] = lhr.audits[id] ? lhr.audits[id].numericValue : null;
    }
    const requests = (lhr.audits["network-requests"]?.details?.items || []).map((item) => ({
      url: item.url, resourceType: item.resourceType || "", transferSize: item.transferSize || 0,
      statusCode: item.statusCode,
    }));
    results.push({
      url, finalUrl: lhr.finalDisplayedUrl, formFactor: lhr.configSettings.formFactor,
      throttling: lhr.configSettings.throttlingMethod, scores, failing, metrics, requests,
      runtimeError: lhr.runtimeError ? lhr.runtimeError.message : null,
    });
  }
} finally {
  await chrome.kill();
}
process.stdout.write(JSON.stringify(results) + "\n");
