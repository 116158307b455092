import { describe, expect, it } from 'vitest';
import { threadsFor, threadsLabel } from '../../src/worker/wasmBackend';

describe('wasm thread count', () => {
  it('takes half the logical cores like tfjs, but at least 2 when there are 2, and at most 8', () => {
    expect([1, 2, 3, 4, 6, 8, 12, 16, 32].map(threadsFor)).toEqual([1, 2, 2, 2, 3, 4, 6, 8, 8]);
    expect(threadsFor(0)).toBe(1);
  });

  it('says how many threads, and why one when that is all', () => {
    expect(threadsLabel({ backend: 'wasm', threads: 2 })).toBe('2 threads');
    expect(threadsLabel({ backend: 'wasm', threads: 1, note: 'one thread: the page is not cross-origin isolated' }))
      .toBe('1 thread: the page is not cross-origin isolated');
  });
});
