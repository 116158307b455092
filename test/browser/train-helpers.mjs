// Helpers for the train-* browser tests (not a test file itself).

/** Polls `check` until it is true; fails naming what it waited for. */
export async function waitFor(check, timeoutMs, what) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try { if (await check()) return; } catch { /* element not there yet */ }
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

export async function openTrainStage(page) {
  await page.getByRole('tab', { name: /Train/ }).click();
  await page.getByRole('heading', { name: 'Train', exact: true }).waitFor();
}

/** Opens the Train stage's Advanced section (presets and every field), where the stage starts on Auto. */
export async function openAdvanced(page) {
  const details = page.getByTestId('train-advanced');
  if (!(await details.evaluate((d) => d.open))) await page.getByText('Advanced: presets and every setting').click();
}

export async function setField(page, path, value) {
  await openAdvanced(page);
  await page.getByTestId(`field-${path}`).locator('input').first().fill(value);
}

/** Picks the tiny BERT fixture (hidden 32, 2 layers, real bert-base-uncased vocabulary) from the mock Hub in the Model stage. */
export async function chooseFixtureModel(page, servers, id = 'ftstudio-fixtures/tiny-bert') {
  await page.getByRole('tab', { name: /Model/ }).click();
  await page.getByTestId('model-source-hub').check();
  await page.getByTestId('hub-model-id').fill(id);
  await page.getByText('Advanced: revision and Hub host').click();
  await page.getByTestId('hub-host').fill(servers.hubUrl);
  await page.getByTestId('hub-load').click();
  await page.getByTestId('model-chosen').waitFor({ timeout: 120_000 });
}

/** Runs `fn`; on failure writes what the page showed to test-results/<name>.txt (and a screenshot) before rethrowing. */
export async function dumpOnFailure(getPage, name, fn) {
  try {
    return await fn();
  } catch (e) {
    const page = getPage();
    if (page) {
      const { default: fs } = await import('node:fs');
      const { default: path } = await import('node:path');
      const dir = path.join(process.cwd(), 'test-results');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `${name}.txt`), await page.locator('body').innerText().catch(() => '(page gone)'));
      await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true }).catch(() => {});
    }
    throw e;
  }
}

/**
 * In the Train stage: a Quick run of 1 epoch at sequence length 32 on `backend`, with `batchSize` and the
 * train / validation-and-test example limits (and a checkpoint every `checkpointEvery` steps if given); then Start.
 */
export async function startQuickRun(page, { backend, batchSize, trainExamples, evalExamples, checkpointEvery }) {
  await openAdvanced(page);
  await page.getByRole('radio', { name: /Quick/ }).check();
  await setField(page, 'hyperparameters.maxSequenceLength', '32');
  await setField(page, 'hyperparameters.epochs', '1');
  await setField(page, 'hyperparameters.batchSize', String(batchSize));
  if (checkpointEvery) {
    await page.getByLabel('Checkpoint strategy').selectOption('steps');
    await page.getByLabel('Checkpoint every N steps').fill(String(checkpointEvery));
  }
  await page.getByTestId('field-hyperparameters.backend').locator('select').selectOption(backend);
  await page.getByLabel('Max train examples').fill(String(trainExamples));
  await page.getByLabel('Max validation / test examples').fill(String(evalExamples));
  await page.getByRole('button', { name: 'Start training' }).click();
}

/**
 * Page init script: wraps Worker so a training worker's storage estimate can be squeezed — post it
 * `{ squeezeFreeBytes: n }` and it reports only n bytes free from then on. Chromium's quota cannot be shrunk
 * from a test (Storage.overrideQuotaForOrigin does not change navigator.storage.estimate); everything else
 * (worker, trainer, IndexedDB) is the real thing. The page's training workers are in window.__trainWorkers.
 */
export function squeezableTrainWorker() {
  const RealWorker = window.Worker;
  window.__trainWorkers = [];
  window.Worker = class extends RealWorker {
    constructor(url, options) {
      const href = new URL(url, location.href).href;
      if (!href.includes('train.worker')) { super(url, options); return; }
      const src = `
        const real = navigator.storage.estimate.bind(navigator.storage);
        let free = null;
        navigator.storage.estimate = async () => { const e = await real(); return free === null ? e : { usage: e.usage, quota: e.usage + free }; };
        addEventListener('message', (ev) => { if (ev.data && ev.data.squeezeFreeBytes !== undefined) { free = ev.data.squeezeFreeBytes; ev.stopImmediatePropagation(); } });
        // Messages that arrive while the real worker module loads would find no listener: hold them.
        const held = [];
        const hold = (ev) => { held.push(ev.data); ev.stopImmediatePropagation(); };
        addEventListener('message', hold);
        await import(${JSON.stringify(href)});
        removeEventListener('message', hold);
        for (const data of held) dispatchEvent(new MessageEvent('message', { data }));`;
      super(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })), { ...options, type: 'module' });
      window.__trainWorkers.push(this);
    }
  };
}
