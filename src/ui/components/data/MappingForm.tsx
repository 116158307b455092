import type { ColumnMapping, LabelKind } from '../../../core/data/types';

interface Props {
  columns: string[];
  mapping: ColumnMapping;
  onChange(m: ColumnMapping): void;
  /** Messages about the current mapping (e.g. the label column looks like free text). */
  warnings: string[];
  /** True when the shown mapping is still the automatic suggestion. */
  suggested: boolean;
}

const KINDS: { id: LabelKind; label: string }[] = [
  { id: 'single', label: 'One class per row' },
  { id: 'multi', label: 'Several labels per row (multi-label)' },
  { id: 'regression', label: 'A number (regression)' },
];

/** Which column is the text, the optional second text, the label, and the optional split. */
export function MappingForm({ columns, mapping, onChange, warnings, suggested }: Props) {
  const set = (patch: Partial<ColumnMapping>) => onChange({ ...mapping, ...patch });
  const optional = (v: string) => (v === '' ? undefined : v);

  return (
    <section className="card" aria-labelledby="mapping-h" data-testid="mapping">
      <h3 id="mapping-h">Columns</h3>
      {suggested && <p className="muted">Suggested from the column contents — change anything that is wrong.</p>}
      <div className="form-grid">
        <label>
          Text column
          <select aria-label="Text column" value={mapping.textColumn} onChange={(e) => set({ textColumn: e.target.value })}>
            {columns.map((c) => <option key={c} value={c}>{c}</option>)}
          </select>
        </label>
        <label>
          Second text column (pairs)
          <select aria-label="Second text column" value={mapping.textPairColumn ?? ''} onChange={(e) => set({ textPairColumn: optional(e.target.value) })}>
            <option value="">(none)</option>
            {columns.map((c) => <option key={c} value={c}>{c}</option>)}
          </select>
        </label>
        <label>
          Label column
          <select aria-label="Label column" value={mapping.labelColumn} onChange={(e) => set({ labelColumn: e.target.value })}>
            {columns.map((c) => <option key={c} value={c}>{c}</option>)}
          </select>
        </label>
        <label>
          Label kind
          <select aria-label="Label kind" value={mapping.labelKind} onChange={(e) => set({ labelKind: e.target.value as LabelKind })}>
            {KINDS.map((k) => <option key={k.id} value={k.id}>{k.label}</option>)}
          </select>
        </label>
        {mapping.labelKind === 'multi' && (
          <label>
            Label separator
            <input
              aria-label="Label separator"
              value={mapping.multiLabelSeparator ?? ''}
              size={3}
              onChange={(e) => set({ multiLabelSeparator: e.target.value })}
            />
          </label>
        )}
        <label>
          Split column
          <select aria-label="Split column" value={mapping.splitColumn ?? ''} onChange={(e) => set({ splitColumn: optional(e.target.value) })}>
            <option value="">(none — split below)</option>
            {columns.map((c) => <option key={c} value={c}>{c}</option>)}
          </select>
        </label>
      </div>
      {warnings.map((w) => <p key={w} className="warning" role="alert">{w}</p>)}
    </section>
  );
}
