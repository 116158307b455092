import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCycles, importGraph } from './import-graph';

describe('import structure', () => {
  it('the model registry and the architecture folders import each other in one direction only', () => {
    const graph = importGraph(path.join('src', 'core', 'model'));
    expect(importCycles(graph)).toEqual([]);
    // The helper sees real edges (so an empty cycle list is not vacuous).
    expect(graph.get(path.join('src', 'core', 'model', 'registry.ts'))).toContain(path.join('src', 'core', 'model', 'bert', 'index.ts'));
  });

  it('finds a cycle when there is one', () => {
    const graph = new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', ['a.ts']]]);
    expect(importCycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
  });
});
