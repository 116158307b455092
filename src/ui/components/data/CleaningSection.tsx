import type { DatasetRecord } from '../../../core/data/dataset';
import type { PreparedView } from '../../hooks/useDatasetView';
import type { CleaningRuleId } from '../../../core/data/clean';
import { writeCsv } from '../../../core/data/csv';
import { CleaningReport, type CleaningCheckView } from './CleaningReport';
import { downloadText } from '../../download';

interface Props {
  record: DatasetRecord;
  prepared: PreparedView;
  update(patch: Partial<DatasetRecord> | ((r: DatasetRecord) => Partial<DatasetRecord>)): void;
}

/** The cleaning report wired to the record: ticking a rule drops its rows; rows can be viewed and downloaded. */
export function CleaningSection({ record, prepared, update }: Props) {
  const { table, mapping } = record;
  const checks: CleaningCheckView[] = prepared.findings.map((f) => ({
    id: f.rule, title: f.title, explanation: f.description,
    rows: f.rows.map((r) => r - 1), // findings count rows from 1; the table from 0
  }));
  // The ticks show the choice at once (the counts follow when the worker answers).
  const drop = new Set(Object.entries(record.cleaning.drop).filter(([, on]) => on).map(([rule]) => rule));
  // Viewing rows: the text (and pair) and label columns, which are what the checks look at.
  const viewNames = mapping
    ? [mapping.textColumn, mapping.textPairColumn, mapping.labelColumn].filter((c): c is string => !!c)
    : table.columns;
  const viewIdx = viewNames.map((c) => table.columns.indexOf(c));

  return (
    <CleaningReport
      checks={checks}
      drop={drop}
      onToggle={(id, on) => update((r) => ({
        cleaning: { ...r.cleaning, drop: { ...r.cleaning.drop, [id as CleaningRuleId]: on } },
      }))}
      remaining={prepared.kept}
      total={prepared.total}
      viewColumns={viewNames}
      cell={(row, c) => table.rows[row]?.[viewIdx[c]] ?? ''}
      onDownload={(check) => downloadText(
        `${record.name.replace(/[^\w.-]+/g, '_')}-${check.id}.csv`,
        writeCsv(['row', ...table.columns], Array.from(check.rows, (r) => [String(r + 1), ...table.rows[r]]), { neutraliseFormulas: true }),
      )}
    />
  );
}
