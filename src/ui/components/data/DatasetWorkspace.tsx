import { useCallback } from 'react';
import type { DatasetRecord } from '../../../core/data/dataset';
import type { ColumnMapping } from '../../../core/data/types';
import { useDatasetView } from '../../hooks/useDatasetView';
import type { SaveStatus } from '../../hooks/useDataset';
import type { PackedTable } from '../../../core/data/packedTable';
import { CleaningSection } from './CleaningSection';
import { IssueList } from './ImportStatus';
import { LabelsSection } from './LabelsSection';
import { MappingForm } from './MappingForm';
import { ProfileTable } from './ProfileTable';
import { RowsTable } from './RowsTable';
import { SplitPanel } from './SplitPanel';

interface Props {
  record: DatasetRecord;
  packed: PackedTable[];
  saveStatus: SaveStatus;
  update(patch: Partial<DatasetRecord> | ((r: DatasetRecord) => Partial<DatasetRecord>)): void;
}

const SAVE_TEXT: Record<SaveStatus, string> = { saved: 'Saved in this browser', saving: 'Saving…', error: 'Not saved' };

/** The open dataset: preview and profile, column mapping, cleaning, labels, splits. */
export function DatasetWorkspace({ record, packed, saveStatus, update }: Props) {
  const { table } = record;
  const patch = useCallback((p: Partial<DatasetRecord>) => update(p), [update]);
  const { view, computing, error, labelledCsv } = useDatasetView(record, packed, patch);
  const mapping: ColumnMapping = record.mapping ?? {
    textColumn: table.columns[0], labelColumn: table.columns[1] ?? table.columns[0], labelKind: 'single',
  };
  const suggested = !!view?.suggestion.ok && JSON.stringify(view.suggestion.value.mapping) === JSON.stringify(record.mapping);
  const prepared = view?.prepared ?? null;
  const mappingWarnings = view?.mappingWarnings ?? [];

  const onMapping = (m: ColumnMapping) => update((r) => ({
    mapping: m,
    // A split column chosen in the mapping becomes the split; removing it goes back to ratios.
    split: m.splitColumn ? { mode: 'column', column: m.splitColumn }
      : r.split.mode === 'column' ? { mode: 'ratio', ratios: { train: 0.8, validation: 0.1, test: 0.1 }, seed: 42, stratify: true }
        : r.split,
  }));

  return (
    <div className="dataset-workspace" data-testid="dataset-workspace">
      <div className="dataset-head">
        <h3>{record.name}</h3>
        <p>
          <strong data-testid="row-count">{table.rows.length.toLocaleString('en-US')} rows</strong>
          {' '}· {table.columns.length} columns · {table.fileName} · {table.encoding}
          {' '}· <span data-testid="save-status" className="muted">{SAVE_TEXT[saveStatus]}</span>
          {computing && <span className="muted" data-testid="computing"> · computing…</span>}
        </p>
        {error && <p className="error" role="alert">{error}</p>}
      </div>
      <IssueList issues={table.issues} fileName={table.fileName} />

      <section className="card" aria-labelledby="preview-h">
        <h3 id="preview-h">Preview</h3>
        <RowsTable
          label="Dataset rows"
          testId="preview-table"
          columns={table.columns}
          count={table.rows.length}
          cell={(i, c) => table.rows[i][c] ?? ''}
          rowNumber={(i) => i + 1}
        />
        {view && (view.profiles.ok ? <ProfileTable profiles={view.profiles.value.map((p) => ({
          name: p.name, type: p.type, distinct: p.distinct, empty: p.empty,
          minLength: p.length.min, meanLength: p.length.mean, maxLength: p.length.max,
        }))} /> : <p className="error" role="alert">Could not profile the columns: {view.profiles.error}</p>)}
      </section>

      {view && !view.suggestion.ok && <p className="error" role="alert">Could not suggest a mapping: {view.suggestion.error}</p>}
      {view?.suggestion.ok && !view.suggestion.value.mapping && !record.mapping && (
        <p className="warning" role="alert" data-testid="no-mapping">
          This file needs a text column and a label column; choose them below.
        </p>
      )}
      <MappingForm columns={table.columns} mapping={mapping} onChange={onMapping}
        warnings={mappingWarnings} suggested={suggested} />

      {prepared && !prepared.ok && <p className="error" role="alert" data-testid="prepare-error">{prepared.error}</p>}
      {prepared?.ok && (
        <>
          {prepared.value.errors.map((e) => <p key={e} className="error" role="alert">{e}</p>)}
          <CleaningSection record={record} prepared={prepared.value} update={update} />
          <LabelsSection record={record} prepared={prepared.value} update={update} labelledCsv={labelledCsv} />
          <SplitPanel settings={record.split} onChange={(split) => update({ split })}
            splitColumn={record.mapping?.splitColumn} summary={prepared.value.summary} />
          {prepared.value.warnings
            .filter((w) => !prepared.value.summary.warnings.includes(w) && !mappingWarnings.includes(w))
            .map((w) => <p key={w} className="warning">{w}</p>)}
        </>
      )}
    </div>
  );
}
