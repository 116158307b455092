import { useCallback, useMemo, useState } from 'react';
import type { DatasetRecord } from '../../../core/data/dataset';
import { NO_LABEL_EDITS, type LabelEdits, type ManualLabels } from '../../../core/data/labels';
import { classNameProblem, type LabellingMode } from '../../../core/data/labelling';
import type { PreparedView } from '../../hooks/useDatasetView';
import { downloadText } from '../../download';
import { LabelsPanel } from './LabelsPanel';
import { LabellingView } from './LabellingView';

interface Props {
  record: DatasetRecord;
  prepared: PreparedView;
  /** The labelled dataset as CSV, built in the dataset worker. */
  labelledCsv(): Promise<string>;
  update(patch: Partial<DatasetRecord> | ((r: DatasetRecord) => Partial<DatasetRecord>)): void;
}

function baseName(record: DatasetRecord): string {
  return record.name.replace(/[^\w.-]+/g, '_') || 'dataset';
}

/** The label editor and the labelling view, wired to the dataset record. */
export function LabelsSection({ record, prepared, update, labelledCsv }: Props) {
  const [labelling, setLabelling] = useState<number[] | null>(null);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const textIndex = record.mapping ? record.table.columns.indexOf(record.mapping.textColumn) : -1;

  const mapping = record.mapping;
  // The same default separator as resolveLabels, so a typed label reads back exactly like a file's cell.
  const mode: LabellingMode = mapping?.labelKind === 'multi'
    ? { kind: 'multi', separator: mapping.multiLabelSeparator ?? '|' } : { kind: 'single' };
  const classes = useMemo(() => prepared.classes.map((c) => ({ name: c.label, count: c.count })), [prepared.classes]);

  const editLabels = (f: (e: LabelEdits) => LabelEdits) => update((r) => ({ labelEdits: f(r.labelEdits) }));
  const onLabel = useCallback((row: number, label: string | null) => {
    update((r) => {
      const manualLabels: ManualLabels = { ...r.manualLabels };
      if (label === null) delete manualLabels[row];
      else manualLabels[row] = label;
      return { manualLabels };
    });
  }, [update]);
  const closeLabelling = useCallback(() => setLabelling(null), []);

  return (
    <>
      <LabelsPanel
        classes={classes}
        edits={record.labelEdits}
        onRename={(from, to) => editLabels((e) => ({ ...e, renames: { ...e.renames, [from]: to } }))}
        onMerge={(from, into) => editLabels((e) => {
          const renames = { ...e.renames };
          for (const f of from) if (f !== into) renames[f] = into;
          return { ...e, renames };
        })}
        onDelete={(label) => editLabels((e) => ({ ...e, deleted: [...e.deleted, label] }))}
        onResetEdits={() => update({ labelEdits: NO_LABEL_EDITS })}
        nameProblem={(name) => classNameProblem(name, mode)}
        unlabelled={prepared.unlabelled.length}
        regression={record.mapping?.labelKind === 'regression'}
        onStartLabelling={() => setLabelling(Array.from(prepared.unlabelled))}
        onDownload={() => {
          setDownloadError(null);
          labelledCsv().then(
            (csv) => downloadText(`${baseName(record)}-labelled.csv`, csv),
            (e: unknown) => setDownloadError(`Could not build the labelled CSV: ${e instanceof Error ? e.message : String(e)}`),
          );
        }}
      />
      {downloadError && <p className="error" role="alert">{downloadError}</p>}
      {labelling && (
        <LabellingView
          rows={labelling}
          classes={prepared.labelNames}
          mode={mode}
          labels={record.manualLabels}
          text={(row) => (textIndex >= 0 ? record.table.rows[row][textIndex] : '')}
          onLabel={onLabel}
          onClose={closeLabelling}
        />
      )}
    </>
  );
}
