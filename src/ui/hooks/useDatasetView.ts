import { useEffect, useMemo } from 'react';
import type { DatasetRecord, PreparedDataset } from '../../core/data/dataset';
import { prepareDataset } from '../../core/data/dataset';
import { checkMapping, suggestMapping, type MappingSuggestion } from '../../core/data/infer';
import { profileColumns, type ColumnProfile } from '../../core/data/profile';

/** A derived value, or the message of what went wrong computing it (shown instead of a blank stage). */
export type Derived<T> = { ok: true; value: T } | { ok: false; error: string };

function derive<T>(f: () => T): Derived<T> {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

export interface DatasetView {
  profiles: Derived<ColumnProfile[]>;
  suggestion: Derived<MappingSuggestion>;
  mappingWarnings: string[];
  /** Labels, cleaning report, split codes and summary for the current choices; null without a mapping. */
  prepared: Derived<PreparedDataset> | null;
}

function sameCodes(a: Uint8Array | null, b: Uint8Array): boolean {
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Everything the data stage shows about the open dataset, computed by the data core from the record.
 * Also keeps the record complete: the suggested mapping is adopted when none was chosen yet, and the
 * split codes are stored whenever the choices change them (the train stage reads them from IndexedDB).
 */
export function useDatasetView(record: DatasetRecord, update: (patch: Partial<DatasetRecord>) => void): DatasetView {
  const { table } = record;
  const profiles = useMemo(() => derive(() => profileColumns(table)), [table]);
  const suggestion = useMemo(
    () => derive(() => suggestMapping(table, profiles.ok ? profiles.value : undefined)),
    [table, profiles],
  );
  const mappingWarnings = useMemo(() => {
    if (!record.mapping) return suggestion.ok ? suggestion.value.warnings.map((w) => w.message) : [];
    const r = derive(() => checkMapping(table, record.mapping!, profiles.ok ? profiles.value : undefined));
    return r.ok ? r.value.map((w) => w.message) : [r.error];
  }, [table, record.mapping, profiles, suggestion]);

  const { mapping, cleaning, labelEdits, manualLabels, split } = record;
  const prepared = useMemo(
    () => (mapping ? derive(() => prepareDataset({ ...record, splitCodes: null })) : null),
    // prepareDataset reads only these fields of the record (not its name, dates or stored codes).
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [table, mapping, cleaning, labelEdits, manualLabels, split],
  );

  const suggested = suggestion.ok ? suggestion.value.mapping : null;
  useEffect(() => {
    if (!mapping && suggested) update({ mapping: suggested });
  }, [mapping, suggested, update]);

  const codes = prepared?.ok ? prepared.value.splitCodes : null;
  useEffect(() => {
    if (codes && !sameCodes(record.splitCodes, codes)) update({ splitCodes: codes });
  }, [codes, record.splitCodes, update]);

  return { profiles, suggestion, mappingWarnings, prepared };
}
