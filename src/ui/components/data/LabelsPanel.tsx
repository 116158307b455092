import { useState } from 'react';
import type { LabelEdits } from '../../../core/data/labels';
import { ClassChart, type ClassCount } from './ClassChart';

interface Props {
  classes: ClassCount[];
  edits: LabelEdits;
  onRename(from: string, to: string): void;
  onMerge(from: string[], into: string): void;
  onDelete(label: string): void;
  onResetEdits(): void;
  unlabelled: number;
  /** Regression targets are numbers: no classes to list. */
  regression: boolean;
  onStartLabelling(): void;
  onDownload(): void;
  /** Why a class cannot be renamed to this name (multi-label: it contains the separator); null = it can. */
  nameProblem(name: string): string | null;
}

/** A label column of free text has thousands of "classes": list and chart the largest only. */
const MAX_CLASSES_LISTED = 100;
const MAX_CLASSES_CHARTED = 30;

function describe(e: LabelEdits): string[] {
  return [
    ...Object.entries(e.renames).map(([from, to]) => `“${from}” → “${to}”`),
    ...e.deleted.map((d) => `deleted “${d}” (its rows are now unlabelled)`),
  ];
}

/** The classes with their counts: rename, merge, delete; and the way into labelling unlabelled rows. */
export function LabelsPanel({ classes, edits, onRename, onMerge, onDelete, onResetEdits, unlabelled, regression, onStartLabelling, onDownload, nameProblem }: Props) {
  const [selected, setSelected] = useState<string[]>([]);
  const [renaming, setRenaming] = useState<{ from: string; to: string } | null>(null);
  const [mergeName, setMergeName] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);
  /** Refuses a new name that could not be stored (the message shows instead); true = go ahead. */
  const accept = (name: string) => {
    const problem = nameProblem(name);
    setNameError(problem);
    return problem === null;
  };
  const toggle = (name: string, on: boolean) =>
    setSelected((s) => (on ? [...s, name] : s.filter((x) => x !== name)));

  return (
    <section className="card" aria-labelledby="labels-h" data-testid="labels">
      <h3 id="labels-h">Labels</h3>
      {classes.length === 0 ? (
        <p className="muted" data-testid="no-classes">{regression ? 'Regression: the label is a number, there are no classes.' : 'No classes yet.'}</p>
      ) : (
      <table className="data-table" aria-label="Classes">
        <thead><tr><th scope="col">select</th><th scope="col">class</th><th scope="col">rows</th><th scope="col" /></tr></thead>
        <tbody>
          {classes.slice(0, MAX_CLASSES_LISTED).map((c) => (
            <tr key={c.name} data-testid={`class-${c.name}`}>
              <td>
                <input type="checkbox" aria-label={`Select ${c.name}`} checked={selected.includes(c.name)}
                  onChange={(e) => toggle(c.name, e.target.checked)} />
              </td>
              <th scope="row">
                {renaming?.from === c.name ? (
                  <form onSubmit={(e) => {
                    e.preventDefault();
                    const to = renaming.to.trim();
                    const changed = to !== '' && to !== c.name;
                    if (changed && !accept(to)) return;
                    if (changed) onRename(c.name, to);
                    setNameError(null);
                    setRenaming(null);
                  }}>
                    <input aria-label={`New name for ${c.name}`} value={renaming.to} autoFocus
                      onChange={(e) => setRenaming({ from: c.name, to: e.target.value })} />
                    <button type="submit">OK</button>
                  </form>
                ) : c.name}
              </th>
              <td data-testid={`class-count-${c.name}`}>{c.count.toLocaleString('en-US')}</td>
              <td>
                <button type="button" aria-label={`Rename class ${c.name}`} onClick={() => setRenaming({ from: c.name, to: c.name })}>Rename</button>
                <button type="button" aria-label={`Delete class ${c.name}`} onClick={() => onDelete(c.name)}>Delete</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      )}
      {selected.length >= 2 && (
        <form className="inline-form" onSubmit={(e) => {
          e.preventDefault();
          const into = mergeName.trim() || selected[0];
          if (!accept(into)) return;
          onMerge(selected, into);
          setSelected([]);
          setMergeName('');
        }}>
          <label>Merge {selected.length} classes into <input aria-label="Merged class name" value={mergeName}
            placeholder={selected[0]} onChange={(e) => setMergeName(e.target.value)} /></label>
          <button type="submit">Merge</button>
        </form>
      )}
      {nameError && <p className="error" role="alert" data-testid="class-name-error">{nameError}</p>}
      {classes.length > MAX_CLASSES_LISTED && (
        <p className="muted" data-testid="classes-more">
          … and {(classes.length - MAX_CLASSES_LISTED).toLocaleString('en-US')} more classes (the largest are listed).
        </p>
      )}
      {classes.length > 0 && <ClassChart classes={classes.slice(0, MAX_CLASSES_CHARTED)} />}
      {describe(edits).length > 0 && (
        <div className="muted" data-testid="label-edits">
          Edits: {describe(edits).join('; ')}. <button type="button" onClick={onResetEdits}>Undo all label edits</button>
        </div>
      )}
      <p>
        <span data-testid="unlabelled-count">{unlabelled.toLocaleString('en-US')}</span> rows have no label.{' '}
        {unlabelled > 0 && <button type="button" onClick={onStartLabelling}>Label them</button>}{' '}
        <button type="button" onClick={onDownload}>Download labelled CSV</button>
      </p>
    </section>
  );
}
