import { describe, expect, it } from 'vitest';
import { columnSplit, exactTextGroups, parseSplitName, ratioSplit, SPLIT_PRESETS, summarizeSplit, textsInSeveralSplits } from '../../src/core/data/split';
import { SPLIT_CODE } from '../../src/core/data/types';

/** 1,000 rows: a 700, b 250, c 45, d 5; every 50th row excluded. */
function fixture() {
  const strata: string[] = [];
  const sizes: [string, number][] = [['a', 700], ['b', 250], ['c', 45], ['d', 5]];
  for (const [label, n] of sizes) for (let i = 0; i < n; i++) strata.push(label);
  const keep = Uint8Array.from(strata, (_, i) => (i % 50 === 49 ? 0 : 1));
  return { strata, keep };
}

function perClass(codes: Uint8Array, strata: string[], keep: Uint8Array) {
  const m = new Map<string, number[]>();
  codes.forEach((c, i) => {
    if (!keep[i]) return;
    const e = m.get(strata[i]) ?? [0, 0, 0];
    e[c]++;
    m.set(strata[i], e);
  });
  return m;
}

describe('ratio split', () => {
  for (const [preset, r] of Object.entries(SPLIT_PRESETS)) {
    it(`${preset}: every class within ±1 row of the ratio, every kept row in exactly one split`, () => {
      const { strata, keep } = fixture();
      const codes = ratioSplit(strata, keep, r, 7);
      codes.forEach((c, i) => {
        if (keep[i]) expect([0, 1, 2]).toContain(c);
        else expect(c).toBe(SPLIT_CODE.excluded);
      });
      for (const [label, [train, val, test]] of perClass(codes, strata, keep)) {
        const n = train + val + test;
        expect(Math.abs(val - n * r.validation), `${label} val`).toBeLessThanOrEqual(1);
        expect(Math.abs(test - n * r.test), `${label} test`).toBeLessThanOrEqual(1);
        expect(Math.abs(train - n * r.train), `${label} train`).toBeLessThanOrEqual(1);
      }
    });
  }

  it('exact allocation per class: n_val = round(n·r_val), n_test = round(n·r_test)', () => {
    const { strata, keep } = fixture();
    const codes = ratioSplit(strata, keep, SPLIT_PRESETS['80/10/10'], 1);
    const m = perClass(codes, strata, keep);
    // a: 700 rows, 14 excluded → n = 686: val = round(68.6) = 69, test = round(68.6) = 69, train = 548
    expect(m.get('a')).toEqual([548, 69, 69]);
    // d: 5 rows, 1 excluded → n = 4: val = round(0.4) = 0, test = 0, all 4 train
    expect(m.get('d')).toEqual([4, 0, 0]);
  });

  it('same seed → same codes; different seed → different codes', () => {
    const { strata, keep } = fixture();
    const r = SPLIT_PRESETS['70/15/15'];
    expect(ratioSplit(strata, keep, r, 3)).toEqual(ratioSplit(strata, keep, r, 3));
    const a = ratioSplit(strata, keep, r, 3);
    const b = ratioSplit(strata, keep, r, 4);
    let diff = 0;
    a.forEach((c, i) => { if (c !== b[i]) diff++; });
    expect(diff).toBeGreaterThan(100);
  });

  it('custom ratios, unstratified pool, and invalid ratios rejected with a message', () => {
    const strata = Array.from({ length: 10 }, () => null);
    const codes = ratioSplit(strata, new Uint8Array(10).fill(1), { train: 0.5, validation: 0.3, test: 0.2 }, 1);
    expect([0, 1, 2].map((c) => codes.filter((x) => x === c).length)).toEqual([5, 3, 2]);
    expect(() => ratioSplit(strata, new Uint8Array(10), { train: 0.9, validation: 0.3, test: 0 }, 1))
      .toThrow('Split ratios must be ≥ 0 and add up to 100 % (got train 90 %, validation 30 %, test 0 %).');
  });
});

describe('column split', () => {
  it('accepts names and aliases case-insensitively; other values are reported and excluded', () => {
    expect(['Train', 'training', 'DEV', 'val', 'valid', 'eval', 'validation', 'test', 'Testing', 'other'].map(parseSplitName))
      .toEqual(['train', 'train', 'validation', 'validation', 'validation', 'validation', 'validation', 'test', 'test', null]);
    const r = columnSplit(['train', 'dev', 'test', 'oops', 'train'], Uint8Array.from([1, 1, 1, 1, 0]));
    expect(Array.from(r.codes)).toEqual([0, 1, 2, 255, 255]);
    expect(r.problems).toEqual([{ row: 4, value: 'oops' }]);
  });
});

describe('split summary', () => {
  it('counts per split and class, warns about small and imbalanced classes', () => {
    const { strata, keep } = fixture();
    const codes = ratioSplit(strata, keep, SPLIT_PRESETS['80/10/10'], 1);
    const s = summarizeSplit(codes, strata);
    expect(s.counts.train + s.counts.validation + s.counts.test).toBe(980);
    expect(s.excluded).toBe(20);
    expect(s.perClass.map((c) => c.label)).toEqual(['a', 'b', 'c', 'd']);
    expect(s.perClass[3]).toEqual({ label: 'd', train: 4, validation: 0, test: 0 });
    expect(s.warnings).toContain('Class "d" has 4 rows: too few to appear in every split (none in validation, test). Add examples or merge it into another class.');
    expect(s.warnings.some((w) => w.startsWith('Classes are imbalanced: "a" has 686 rows, "d" 4 (171.5×)'))).toBe(true);
    const tiny = summarizeSplit(Uint8Array.from([0, 0, 1, 2, 0]), ['x', 'x', 'x', 'x', 'y']);
    expect(tiny.warnings[0]).toBe('Class "y" has 1 row: too few to appear in every split (none in validation, test). Add examples or merge it into another class.');
  });
});

describe('exact duplicates stay in one split', () => {
  /** 300 rows: 120 distinct texts, some repeated up to 5 times, labels a/b by text. */
  function withDuplicates() {
    const texts: string[] = [];
    for (let t = 0; t < 120; t++) for (let c = 0; c < 1 + (t % 5 === 0 ? 4 : t % 3 === 0 ? 1 : 0); c++) texts.push(`text ${t}`);
    const strata = texts.map((t) => (Number(t.slice(5)) % 4 === 0 ? 'b' : 'a'));
    return { texts, strata, keep: new Uint8Array(texts.length).fill(1) };
  }

  it('every copy of a text gets the split of its first copy, for every seed', () => {
    const { texts, strata, keep } = withDuplicates();
    const groups = exactTextGroups(texts);
    for (let seed = 0; seed < 20; seed++) {
      const codes = ratioSplit(strata, keep, SPLIT_PRESETS['80/10/10'], seed, groups);
      const splitOf = new Map<string, number>();
      texts.forEach((t, i) => {
        if (!splitOf.has(t)) splitOf.set(t, codes[i]);
        expect(codes[i], `seed ${seed}, row ${i} "${t}"`).toBe(splitOf.get(t));
      });
      expect(textsInSeveralSplits(codes, groups)).toBe(0);
      // The first copies are split exactly as a duplicate-free table: ratios hold over distinct texts.
      const firsts = Uint8Array.from(texts, (t, i) => (texts.indexOf(t) === i ? 1 : 0));
      const plain = ratioSplit(strata, firsts, SPLIT_PRESETS['80/10/10'], seed);
      firsts.forEach((f, i) => { if (f) expect(codes[i]).toBe(plain[i]); });
    }
  });

  it('without duplicates the split is the same as before; a column split that mixes copies is counted', () => {
    const { strata, keep } = fixture();
    const distinct = strata.map((_, i) => `row ${i}`);
    expect(ratioSplit(strata, keep, SPLIT_PRESETS['70/15/15'], 5, exactTextGroups(distinct))).toEqual(ratioSplit(strata, keep, SPLIT_PRESETS['70/15/15'], 5));
    const groups = exactTextGroups(['x', 'y', 'x', 'z', 'y', 'x'], ['p', 'p', 'p', 'p', 'q', 'p']);
    expect(Array.from(groups)).toEqual([0, 1, 0, 3, 4, 0]); // "y" with pair q is another text
    expect(textsInSeveralSplits(Uint8Array.from([0, 0, 1, 2, 2, 0]), groups)).toBe(1);
  });
});
