import { useState } from 'react';
import { DEFAULT_SPLIT, SPLIT_PRESETS, type SplitRatios, type SplitSettings, type SplitSummary } from '../../../core/data/split';
import { SplitBalanceChart, type SplitBalanceRow } from './ClassChart';

interface Props {
  settings: SplitSettings;
  onChange(s: SplitSettings): void;
  /** The mapping names a split column, so "use the column" is possible. */
  splitColumn: string | undefined;
  summary: SplitSummary;
}

type RatioSettings = Extract<SplitSettings, { mode: 'ratio' }>;
const SPLITS = ['train', 'validation', 'test'] as const;
const PRESETS = Object.entries(SPLIT_PRESETS).map(([label, ratios]) => ({ label: label.replaceAll('/', ' / '), ratios }));

const MAX_CLASS_COLUMNS = 12;
const pct = (n: number, total: number) => (total > 0 ? (100 * n) / total : 0);
const fmtPct = (x: number) => String(Math.round(x * 1000) / 10);
const same = (a: SplitRatios, b: SplitRatios) => SPLITS.every((k) => Math.abs(a[k] - b[k]) < 1e-9);

/** How rows are divided into train / validation / test, and what each split then holds. */
export function SplitPanel({ settings, onChange, splitColumn, summary }: Props) {
  // The ratio choices survive a detour through "from column".
  const [lastRatio, setLastRatio] = useState<RatioSettings>(
    settings.mode === 'ratio' ? settings : (DEFAULT_SPLIT as RatioSettings));
  const ratio = settings.mode === 'ratio' ? settings : lastRatio;
  const byColumn = settings.mode === 'column';
  const setRatio = (patch: Partial<RatioSettings>) => {
    const next = { ...ratio, ...patch, mode: 'ratio' as const };
    setLastRatio(next);
    onChange(next);
  };
  const custom = !PRESETS.some((p) => same(p.ratios, ratio.ratios));
  // Typed percentages are a draft until they add up to 100 %: a half-typed ratio must not break the split.
  const [draft, setDraft] = useState<Record<keyof SplitRatios, string> | null>(null);
  const shown = draft ?? { train: fmtPct(ratio.ratios.train), validation: fmtPct(ratio.ratios.validation), test: fmtPct(ratio.ratios.test) };
  const draftSum = SPLITS.reduce((a, k) => a + (Number(shown[k]) || 0), 0);
  const setShare = (k: keyof SplitRatios, text: string) => {
    const next = { ...shown, [k]: text };
    const nums = SPLITS.map((x) => Number(next[x]));
    const valid = SPLITS.every((x) => next[x].trim() !== '') && nums.every((x) => Number.isFinite(x) && x >= 0);
    if (valid && Math.abs(nums[0] + nums[1] + nums[2] - 100) < 0.05) {
      setDraft(null);
      setRatio({ ratios: { train: nums[0] / 100, validation: nums[1] / 100, test: nums[2] / 100 } });
    } else setDraft(next);
  };
  // Per-class columns for the largest classes only: a label column of free text would make thousands.
  const shownClasses = summary.perClass.slice(0, MAX_CLASS_COLUMNS);
  const classes = shownClasses.map((c) => c.label);
  const balance: SplitBalanceRow[] = shownClasses.map((c) => ({
    name: c.label, train: pct(c.train, summary.counts.train),
    validation: pct(c.validation, summary.counts.validation), test: pct(c.test, summary.counts.test),
  }));

  return (
    <section className="card" aria-labelledby="split-h" data-testid="split">
      <h3 id="split-h">Train / validation / test</h3>
      <div className="form-grid">
        <fieldset>
          <legend>Split</legend>
          {PRESETS.map((p) => (
            <label key={p.label}>
              <input type="radio" name="split-preset" checked={!byColumn && same(p.ratios, ratio.ratios)}
                onChange={() => { setDraft(null); setRatio({ ratios: p.ratios }); }} /> {p.label}
            </label>
          ))}
          <label>
            <input type="radio" name="split-preset" checked={!byColumn && custom}
              onChange={() => setRatio({ ratios: { train: 0.6, validation: 0.2, test: 0.2 } })} /> custom
          </label>
          {splitColumn !== undefined && (
            <label>
              <input type="radio" name="split-preset" checked={byColumn}
                onChange={() => onChange({ mode: 'column', column: splitColumn })} />
              {' '}from column “{splitColumn}”
            </label>
          )}
        </fieldset>
        {!byColumn && (
          <>
            {SPLITS.map((k) => (
              <label key={k}>
                {k} %
                <input type="number" min={0} max={100} step={1} value={shown[k]}
                  onChange={(e) => setShare(k, e.target.value)} />
              </label>
            ))}
            <label>
              Seed
              <input type="number" step={1} value={ratio.seed}
                onChange={(e) => setRatio({ seed: Math.trunc(Number(e.target.value)) || 0 })} />
            </label>
            <label className="inline-label">
              <input type="checkbox" checked={ratio.stratify} onChange={(e) => setRatio({ stratify: e.target.checked })} />
              {' '}stratified (same class shares in every split)
            </label>
          </>
        )}
      </div>
      {draft && !byColumn && (
        <p className="warning" role="alert">The percentages add up to {Math.round(draftSum * 10) / 10} %; they must add up to 100 %.</p>
      )}
      <table className="data-table" aria-label="Split counts" data-testid="split-table">
        <thead>
          <tr><th scope="col">split</th><th scope="col">rows</th>{classes.map((c) => <th scope="col" key={c}>{c}</th>)}</tr>
        </thead>
        <tbody>
          {SPLITS.map((s) => (
            <tr key={s} data-testid={`split-row-${s}`}>
              <th scope="row">{s}</th>
              <td data-testid={`split-count-${s}`}>{summary.counts[s].toLocaleString('en-US')}</td>
              {shownClasses.map((c) => (
                <td key={c.label} data-testid={`split-share-${s}-${c.label}`}>
                  {c[s].toLocaleString('en-US')} ({pct(c[s], summary.counts[s]).toFixed(1)} %)
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {summary.perClass.length > MAX_CLASS_COLUMNS && (
        <p className="muted">Showing the {MAX_CLASS_COLUMNS} largest of {summary.perClass.length.toLocaleString('en-US')} classes.</p>
      )}
      {classes.length > 0 && <SplitBalanceChart rows={balance} />}
      {summary.excluded > 0 && <p className="muted">{summary.excluded.toLocaleString('en-US')} rows are in no split (dropped or unlabelled).</p>}
      {summary.warnings.map((w) => <p key={w} className="warning" role="alert">{w}</p>)}
    </section>
  );
}
