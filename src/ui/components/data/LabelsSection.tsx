import { useCallback, useMemo, useState } from 'react';
import type { DatasetRecord, PreparedDataset } from '../../../core/data/dataset';
import { labelledDatasetCsv } from '../../../core/data/dataset';
import { classCounts, NO_LABEL_EDITS, type LabelEdits, type ManualLabels } from '../../../core/data/labels';
import { downloadText } from './download';
import { LabelsPanel } from './LabelsPanel';
import { LabellingView } from './LabellingView';

interface Props {
  record: DatasetRecord;
  prepared: PreparedDataset;
  update(patch: Partial<DatasetRecord> | ((r: DatasetRecord) => Partial<DatasetRecord>)): void;
}

function baseName(record: DatasetRecord): string {
  return record.name.replace(/[^\w.-]+/g, '_') || 'dataset';
}

/** The label editor and the labelling view, wired to the dataset record. */
export function LabelsSection({ record, prepared, update }: Props) {
  const { labels, cleaning } = prepared;
  const [labelling, setLabelling] = useState<number[] | null>(null);
  const textIndex = record.mapping ? record.table.columns.indexOf(record.mapping.textColumn) : -1;

  const classes = useMemo(
    () => classCounts(labels, cleaning.keep).map((c) => ({ name: c.label, count: c.count })),
    [labels, cleaning.keep],
  );
  const unlabelled = useMemo(() => {
    const rows: number[] = [];
    labels.classes.forEach((c, i) => { if (c === null) rows.push(i); });
    return rows;
  }, [labels]);

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
        unlabelled={unlabelled.length}
        onStartLabelling={() => setLabelling(unlabelled)}
        onDownload={() => downloadText(`${baseName(record)}-labelled.csv`,
          labelledDatasetCsv(record, { neutraliseFormulas: true }))}
      />
      {labelling && (
        <LabellingView
          rows={labelling}
          classes={labels.labelNames}
          labels={record.manualLabels}
          text={(row) => (textIndex >= 0 ? record.table.rows[row][textIndex] : '')}
          onLabel={onLabel}
          onClose={closeLabelling}
        />
      )}
    </>
  );
}
