// Screenshot of a pushed task in Label Studio's labeling interface (headless Chromium).
// Usage (playwright-core installed outside the repo, e.g. `npm i playwright-core` in /tmp/shot):
//   NODE_PATH=/tmp/shot/node_modules LS_URL=http://127.0.0.1:PORT LS_TASK=/projects/1/data?task=1 \
//   LS_EMAIL=admin@bitext.local LS_PASSWORD_FILE=$BITEXT_DATA/studio/password \
//   node docs/studio_screenshot.mjs docs/studio_task.png
import { readFileSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const url = process.env.LS_URL;
const out = process.argv[2] || "docs/studio_task.png";
const password = readFileSync(process.env.LS_PASSWORD_FILE, "utf8").trim();

const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "ls-shot-")), {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1500, height: 1000 },
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const page = context.pages()[0] || await context.newPage();
await page.goto(`${url}/user/login/`);
await page.fill("#email", process.env.LS_EMAIL || "admin@bitext.local");
await page.fill("#password", password);
await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
await page.goto(`${url}${process.env.LS_TASK}`);
await page.waitForSelector("text=Türkçe (tr)", { timeout: 60000 });
await page.waitForTimeout(2500); // let the predicted regions render
await page.screenshot({ path: out, fullPage: false });
await context.close();
console.log(`wrote ${out}`);
