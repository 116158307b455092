import { useEffect, useRef, useState } from 'react';
import {
  classNameProblem, labelStep, mergeClassOrder, storedClasses, type LabellingMode, type LabellingUndoEntry,
} from '../../../core/data/labelling';
import { useLabellingKeys } from '../../hooks/useLabellingKeys';

interface Props {
  /** 0-based indices of the rows that had no label (fixed while labelling, so ← goes back to done ones). */
  rows: number[];
  classes: string[];
  /** Single: a key picks the class and moves on. Multi: keys toggle classes, Enter moves on. */
  mode: LabellingMode;
  /** Labels given so far, by row index (multi-label: the classes joined with the separator). */
  labels: Record<number, string>;
  text(row: number): string;
  /** Sets (or, with null, clears) the label of a row. */
  onLabel(row: number, label: string | null): void;
  onClose(): void;
}

/**
 * Labels rows one at a time. Single-label: keys 1–9 pick a class (then the next row shows). Multi-label:
 * keys 1–9 add or remove a class on the row, Enter moves on. ←/→ move, Ctrl+Z (or the button) undoes.
 */
export function LabellingView({ rows, classes, mode, labels, text, onLabel, onClose }: Props) {
  const [position, setPosition] = useState(0);
  const [undo, setUndo] = useState<LabellingUndoEntry[]>([]);
  const [extra, setExtra] = useState<string[]>([]);
  const [newClass, setNewClass] = useState('');
  const [classError, setClassError] = useState<string | null>(null);
  // Button order stays put while labelling (see mergeClassOrder); adjusted during render, not in an effect.
  const [order, setOrder] = useState(classes);
  const allClasses = mergeClassOrder(order, [...classes, ...extra]);
  if (allClasses.join('\n') !== order.join('\n')) setOrder(allClasses);
  const multi = mode.kind === 'multi';
  const row = rows[position];
  const done = rows.filter((r) => storedClasses(labels[r], mode).length > 0).length;
  const current = row === undefined ? [] : storedClasses(labels[row], mode);

  const last = rows.length - 1;
  const move = (delta: number) => setPosition((p) => Math.max(0, Math.min(p + delta, last)));
  function choose(k: number) {
    const cls = allClasses[k];
    if (cls === undefined || row === undefined) return;
    const step = labelStep(mode, labels, row, cls, allClasses, position);
    setUndo((u) => [...u, step.undo]);
    onLabel(row, step.label);
    if (!multi) move(1);
  }
  function undoLast() {
    const entry = undo.at(-1);
    if (!entry) return;
    setUndo((u) => u.slice(0, -1));
    onLabel(entry.row, entry.previous);
    setPosition(entry.position);
  }
  useLabellingKeys({ choose, undoLast, move, close: onClose });

  // Focus the view when it opens, so Enter moves on here rather than pressing the button that opened it.
  const section = useRef<HTMLElement>(null);
  useEffect(() => section.current?.focus(), []);

  if (row === undefined) return null;
  return (
    <section className="card labelling" aria-labelledby="labelling-h" data-testid="labelling" ref={section} tabIndex={-1}>
      <h3 id="labelling-h">Label rows</h3>
      <p data-testid="labelling-progress" aria-live="polite">{done} of {rows.length} labelled</p>
      <p className="muted">
        Row {row + 1} · {position + 1} / {rows.length} · {multi
          ? 'keys 1–9 add or remove a class, Enter or → next, ← back, Ctrl+Z undoes'
          : 'keys 1–9 choose, ←/→ move, Ctrl+Z undoes'}
      </p>
      <blockquote className="labelling-text" data-testid="labelling-text">{text(row)}</blockquote>
      <p>{multi ? 'Labels' : 'Label'}: <strong data-testid="labelling-current">{labels[row] || '—'}</strong></p>
      <div className="class-buttons">
        {allClasses.slice(0, 9).map((c, k) => (
          // Clicking keeps the focus off the class button, so a following Enter moves on instead of re-toggling.
          <button key={c} type="button" onClick={() => choose(k)} onMouseDown={(e) => e.preventDefault()}
            aria-pressed={multi ? current.includes(c) : undefined}>
            <kbd>{k + 1}</kbd> {c}
          </button>
        ))}
      </div>
      <form className="inline-form" onSubmit={(e) => {
        e.preventDefault();
        const problem = classNameProblem(newClass, mode);
        setClassError(problem);
        if (problem) return;
        setExtra((x) => [...x, newClass.trim()]);
        setNewClass('');
      }}>
        <input aria-label="New class name" value={newClass} placeholder="new class" onChange={(e) => setNewClass(e.target.value)} />
        <button type="submit">Add class</button>
      </form>
      {classError && <p className="error" role="alert" data-testid="labelling-class-error">{classError}</p>}
      <p>
        <button type="button" onClick={() => move(-1)}>← Previous</button>
        <button type="button" onClick={() => move(1)}>Next →</button>
        <button type="button" onClick={undoLast} disabled={undo.length === 0}>Undo</button>
        <button type="button" onClick={onClose}>Done</button>
      </p>
    </section>
  );
}
