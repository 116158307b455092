/**
 * The transformers.js snippet of README.md ("Use your model elsewhere") runs as written (Node, offline) on an
 * exported folder, with the float and the int8 ONNX files, and prints probabilities for every label.
 */
import { describe, expect, it, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildHfFolder } from '../../src/core/export/hfFolder';
import { root, tinyBert, tokenizerFiles, writeFolder, removeFolders } from './export-helpers';

afterAll(removeFolders);

describe('README.md: Use your model elsewhere', () => {
  const doc = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = doc.slice(doc.indexOf('### transformers.js'));
  const snippet = /```js\n([\s\S]*?)```/.exec(section)?.[1] ?? '';

  it.each(['fp32', 'q8'])('the transformers.js snippet runs offline with dtype %s', (dtype) => {
    expect(snippet).toContain("pipeline('text-classification', 'my-model'");
    const m = tinyBert(2, 11);
    const modelsDir = path.join(writeFolder({}), 'models');
    writeFolder(buildHfFolder({ config: m.config, weights: m.weights, tokenizerFiles: tokenizerFiles(), labelNames: ['ham', 'spam'], task: 'single_label_classification', formats: { tfjs: false } }), path.join(modelsDir, 'my-model'));
    // Written inside the project (git-ignored .cache/) so its import resolves; pointed at the temporary models folder.
    const runner = path.join(root, '.cache', `snippet-${dtype}.mjs`);
    fs.mkdirSync(path.dirname(runner), { recursive: true });
    fs.writeFileSync(runner, snippet.replace("'./models/'", JSON.stringify(modelsDir + '/')).replace("dtype: 'fp32'", `dtype: '${dtype}'`));
    const out = JSON.parse(execFileSync(process.execPath, [runner], { cwd: root, encoding: 'utf8' }).trim().split('\n').pop()!) as { label: string; score: number }[];
    expect(out.map((o) => o.label).sort()).toEqual(['ham', 'spam']);
    expect(out[0].score + out[1].score).toBeCloseTo(1, 5);
    expect(Math.abs(out[0].score - out[1].score)).toBeGreaterThan(1e-4); // a real, not uniform, prediction
  });
});
