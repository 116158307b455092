import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServers, launchBrowser, watchErrors } from './harness.mjs';

test('the studio opens with its four stages and no errors', async () => {
  const servers = await startServers();
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto(servers.url);
    await page.getByRole('heading', { name: 'FineTune Studio' }).waitFor();
    assert.equal(await page.getByRole('tab').count(), 4);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await servers.close();
  }
});
