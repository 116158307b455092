import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_TEST_OPTIONS, root, runCli as cli } from './cli-helpers';
import { smsPath } from './data-fixtures';

const hubDir = path.join(root, 'test/fixtures/hub');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ftstudio-cli-hub-'));
let server: http.Server;
let endpoint = '';
const requests: string[] = [];

// The CLI runs asynchronously (runCli): the mock Hub lives in this process and must keep answering.
beforeAll(async () => {
  // A minimal Hub: /{repo}/resolve/{revision}/{file} from test/fixtures/hub, 404 otherwise.
  server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    const m = /^\/(.+?)\/resolve\/[^/]+\/(.+)$/.exec(decodeURIComponent(req.url ?? ''));
    const file = m ? path.join(hubDir, m[1], m[2]) : '';
    if (!m || !file.startsWith(hubDir) || !fs.existsSync(file)) { res.writeHead(404).end('Entry not found'); return; }
    res.writeHead(200, { 'Content-Length': fs.statSync(file).size });
    if (req.method === 'HEAD') res.end();
    else fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => {
  server.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('finetune-studio CLI with a Hub id, and --resume', () => {
  it('downloads the model by Hub id, trains, and resumes from the last file checkpoint', CLI_TEST_OPTIONS, async () => {
    const rows = Papa.parse<string[]>(fs.readFileSync(smsPath, 'utf8'), { skipEmptyLines: true }).data.slice(0, 121);
    const csv = path.join(tmp, 'small.csv');
    fs.writeFileSync(csv, Papa.unparse(rows));
    const out = path.join(tmp, 'model');
    const args = ['train', '--data', csv, '--text-column', 'text', '--label-column', 'label', '--model', 'ftstudio-fixtures/tiny-bert',
      '--out', out, '--epochs', '1', '--batch-size', '16', '--lr', '1e-3', '--max-length', '32'];
    const first = await cli(args, { HF_ENDPOINT: endpoint });
    expect(first.code, first.err + first.out).toBe(0);
    expect(requests.some((u) => u.includes('ftstudio-fixtures/tiny-bert/resolve/main/model.safetensors'))).toBe(true);
    const spec = JSON.parse(fs.readFileSync(path.join(out, 'job.json'), 'utf8'));
    expect(spec.model).toEqual({ source: 'hub', id: 'ftstudio-fixtures/tiny-bert', revision: 'main' });
    // 120 rows → 96 train → 6 steps; the epoch-end checkpoint is the best one (step 6).
    expect(first.out).toMatch(/checkpoint cli\/step-6 at step 6/);
    expect(fs.readdirSync(path.join(out, 'checkpoints'))).toEqual(['cli__step-6']);

    const again = await cli([...args, '--resume'], { HF_ENDPOINT: endpoint });
    expect(again.code, again.err).toBe(0);
    expect(again.out).toMatch(/resuming from cli\/step-6/);
    expect(again.out).toMatch(/resuming at step 6/);
    // Nothing left to train: the same best weights, so the same test metrics line.
    const testLine = (s: string) => /test @ step 6: .*/.exec(s)?.[0];
    expect(testLine(again.out)).toBeDefined();
    expect(testLine(again.out)).toBe(testLine(first.out));

    const missing = await cli(['train', '--data', csv, '--text-column', 'text', '--label-column', 'label', '--model', 'nobody/nothing', '--out', path.join(tmp, 'y')], { HF_ENDPOINT: endpoint });
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/No model "nobody\/nothing"/);
  });
});
