/**
 * The layers import downward only — core ← storage ← worker ← ui, and cli → core — and React stays in
 * src/ui. ESLint enforces it (eslint.config.js); these tests run the project's own ESLint configuration
 * on small snippets placed in each layer, so a rule that stopped rejecting would fail here. And the
 * import graph of src/ shows the result: no import cycle, no import upward.
 */
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { importCycles, importGraph } from './import-graph';

const root = path.resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: root });

/** The no-restricted-imports messages ESLint gives `code` as the file `file`. */
async function importErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const LAYERS = ['core', 'storage', 'worker', 'ui', 'cli'] as const;
/** Who may import whom (besides itself). */
const ALLOWED: Record<(typeof LAYERS)[number], readonly string[]> = {
  core: [],
  storage: ['core'],
  worker: ['core', 'storage'],
  ui: ['core', 'storage', 'worker'],
  cli: ['core'],
};

describe('layer rules (ESLint)', () => {
  for (const from of LAYERS) {
    it(`src/${from} may import only ${ALLOWED[from].join(', ') || 'itself'}`, async () => {
      const file = `src/${from}/example/probe.ts`;
      for (const to of LAYERS) {
        if (to === from) continue;
        const errors = await importErrors(file, `import { x } from '../../${to}/example/thing';\nexport const y = x;\n`);
        if (ALLOWED[from].includes(to)) expect(errors, `${from} → ${to}`).toEqual([]);
        else expect(errors.join('\n'), `${from} → ${to}`).toMatch(new RegExp(`must not import from src/${to}`));
      }
    });
  }

  it('React only in src/ui, IndexedDB only in src/storage (and the worker and UI above it)', async () => {
    const react = `import { useState } from 'react';\nexport const s = useState;\n`;
    for (const layer of ['core', 'storage', 'worker', 'cli']) {
      expect((await importErrors(`src/${layer}/probe.ts`, react)).join('\n'), layer).toMatch(/React lives in src\/ui only/);
    }
    expect(await importErrors('src/ui/probe.tsx', react)).toEqual([]);
    const idb = `import { openDB } from 'idb';\nexport const o = openDB;\n`;
    expect((await importErrors('src/core/probe.ts', idb)).join('\n')).toMatch(/IndexedDB lives in src\/storage/);
    expect((await importErrors('src/cli/probe.ts', idb)).join('\n')).toMatch(/IndexedDB lives in src\/storage/);
    expect(await importErrors('src/storage/probe.ts', idb)).toEqual([]);
  });
});

describe('the import graph of src/', () => {
  const graph = importGraph(path.join('src'));
  const layerOf = (file: string) => file.split(path.sep)[1];

  it('has no import cycle (the model registry and the architecture folders included)', () => {
    expect(importCycles(graph)).toEqual([]);
    // The graph has real edges, and a cycle would be found (so the empty list above is not vacuous).
    expect(graph.get(path.join('src', 'core', 'model', 'registry.ts'))).toContain(path.join('src', 'core', 'model', 'bert', 'index.ts'));
    expect(importCycles(new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', ['a.ts']]]))).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
  });

  it('points downward only', () => {
    const upward: string[] = [];
    for (const [file, deps] of graph) {
      const from = layerOf(file) as (typeof LAYERS)[number];
      for (const dep of deps) {
        const to = layerOf(dep);
        if (to !== from && !ALLOWED[from]?.includes(to)) upward.push(`${file} → ${dep}`);
      }
    }
    expect(upward).toEqual([]);
    expect([...new Set([...graph.keys()].map(layerOf))].sort()).toEqual([...LAYERS].sort());
  });
});
