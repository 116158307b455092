// Set-up shared by the browser tests (not a test file itself): the built studio in a fresh browser, and
// the first steps many tests take.
import fs from 'node:fs';
import path from 'node:path';
import { startServers, launchBrowser, watchErrors } from './harness.mjs';

/** Which build to serve: STUDIO_DIST (an engineer's own build folder) when set, else harness's dist/. */
export const distOpts = process.env.STUDIO_DIST ? { distDir: path.resolve(process.env.STUDIO_DIST) } : {};

/**
 * Serves the build (and the mock Hub), opens the studio in a fresh headless browser (downloads accepted),
 * collects its errors and runs `fn({ page, errors, servers })`. Afterwards, whatever happened, closes the
 * browser and the servers, then runs `cleanUp`. `hubOnline: false` cuts the Hub before the page loads.
 */
export async function withStudio(fn, { hubOnline = true, cleanUp = () => {} } = {}) {
  const servers = await startServers(distOpts);
  servers.hub.online = hubOnline;
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(servers.url);
    return await fn({ page, errors, servers });
  } finally {
    await browser.close();
    await servers.close();
    cleanUp();
  }
}

/** Chooses a file in the Data stage and waits until its rows are counted (`rowCount` as shown: '10 rows'). */
export async function importDataset(page, file, rowCount) {
  await page.getByLabel('Dataset file (CSV or TSV)').setInputFiles(file);
  await page.getByTestId('row-count').filter({ hasText: rowCount }).waitFor({ timeout: 30_000 });
}

/** Loads the bundled SMS Spam sample through the Data stage's button and waits for its splits. */
export async function loadSmsSample(page) {
  await page.getByTestId('sample-button').click();
  await page.getByTestId('split-table').waitFor({ timeout: 60_000 });
}

/**
 * Waits until `locator` matches exactly `n` elements — the n-th there and no (n+1)-th — rather than counting
 * once, which reads whatever the page has rendered so far.
 */
export async function waitForCount(locator, n, timeout = 30_000) {
  if (n > 0) await locator.nth(n - 1).waitFor({ state: 'attached', timeout });
  await locator.nth(n).waitFor({ state: 'detached', timeout });
}

/** Writes unzipped files ({ 'folder/file': bytes }) under `dir`, making the folders they need. */
export function writeFiles(files, dir) {
  for (const [p, bytes] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    fs.writeFileSync(path.join(dir, p), bytes);
  }
}
