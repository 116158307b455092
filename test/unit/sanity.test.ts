import { describe, expect, it } from 'vitest';
import { SPLIT_CODE } from '../../src/core/data/types';

describe('split codes', () => {
  it('are distinct bytes', () => {
    expect(new Set(Object.values(SPLIT_CODE)).size).toBe(4);
  });
});
