import { useEffect, useRef, useState } from 'react';

interface Props {
  /** 0-based indices of the rows that had no label (fixed while labelling, so ← goes back to done ones). */
  rows: number[];
  classes: string[];
  /** Labels given so far, by row index. */
  labels: Record<number, string>;
  text(row: number): string;
  /** Sets (or, with null, clears) the label of a row. */
  onLabel(row: number, label: string | null): void;
  onClose(): void;
}

interface UndoEntry { row: number; previous: string | null; position: number }

/**
 * Labels rows one at a time: keys 1–9 pick a class (then the next row shows), ←/→ move,
 * Ctrl+Z (or the button) undoes the last label.
 */
export function LabellingView({ rows, classes, labels, text, onLabel, onClose }: Props) {
  const [position, setPosition] = useState(0);
  const [undo, setUndo] = useState<UndoEntry[]>([]);
  const [extra, setExtra] = useState<string[]>([]);
  const [newClass, setNewClass] = useState('');
  const allClasses = [...classes, ...extra.filter((c) => !classes.includes(c))];
  const row = rows[position];
  const done = rows.filter((r) => labels[r] !== undefined).length;

  const last = rows.length - 1;
  function choose(k: number) {
    const label = allClasses[k];
    if (label === undefined || row === undefined) return;
    setUndo((u) => [...u, { row, previous: labels[row] ?? null, position }]);
    onLabel(row, label);
    setPosition((p) => Math.min(p + 1, last));
  }
  function undoLast() {
    const entry = undo.at(-1);
    if (!entry) return;
    setUndo((u) => u.slice(0, -1));
    onLabel(entry.row, entry.previous);
    setPosition(entry.position);
  }
  const move = (delta: number) => setPosition((p) => Math.max(0, Math.min(p + delta, last)));

  // The key handler is registered once and calls the latest choose/undo/move (which close over state).
  const actions = useRef({ choose, undoLast, move, onClose });
  useEffect(() => { actions.current = { choose, undoLast, move, onClose }; });
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement) return;
      const a = actions.current;
      const plain = !e.ctrlKey && !e.altKey && !e.metaKey;
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z') { e.preventDefault(); a.undoLast(); }
      else if (plain && e.key >= '1' && e.key <= '9') { e.preventDefault(); a.choose(Number(e.key) - 1); }
      else if (e.key === 'ArrowRight' || e.key === 'ArrowDown') { e.preventDefault(); a.move(1); }
      else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') { e.preventDefault(); a.move(-1); }
      else if (e.key === 'Escape') a.onClose();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (rows.length === 0) return null;
  return (
    <section className="card labelling" aria-labelledby="labelling-h" data-testid="labelling">
      <h3 id="labelling-h">Label rows</h3>
      <p data-testid="labelling-progress" aria-live="polite">{done} of {rows.length} labelled</p>
      <p className="muted">Row {row + 1} · {position + 1} / {rows.length} · keys 1–9 choose, ←/→ move, Ctrl+Z undoes</p>
      <blockquote className="labelling-text" data-testid="labelling-text">{text(row)}</blockquote>
      <p>Label: <strong data-testid="labelling-current">{labels[row] ?? '—'}</strong></p>
      <div className="class-buttons">
        {allClasses.slice(0, 9).map((c, k) => (
          <button key={c} type="button" onClick={() => choose(k)}>
            <kbd>{k + 1}</kbd> {c}
          </button>
        ))}
      </div>
      <form className="inline-form" onSubmit={(e) => {
        e.preventDefault();
        if (newClass.trim()) setExtra((x) => [...x, newClass.trim()]);
        setNewClass('');
      }}>
        <input aria-label="New class name" value={newClass} placeholder="new class" onChange={(e) => setNewClass(e.target.value)} />
        <button type="submit">Add class</button>
      </form>
      <p>
        <button type="button" onClick={() => move(-1)}>← Previous</button>
        <button type="button" onClick={() => move(1)}>Next →</button>
        <button type="button" onClick={undoLast} disabled={undo.length === 0}>Undo</button>
        <button type="button" onClick={onClose}>Done</button>
      </p>
    </section>
  );
}
