import { useEffect, useRef } from 'react';

export interface LabellingKeyActions {
  /** Key 1–9: the class at that 0-based index. */
  choose(index: number): void;
  undoLast(): void;
  move(delta: number): void;
  close(): void;
}

/**
 * The labelling view's keyboard: 1–9 choose (or toggle) a class, Enter and →/↓ move on, ←/↑ move back,
 * Ctrl+Z undoes, Escape closes. Typing in a field is left alone, and Enter on a focused button (or link)
 * does what that button does rather than moving on.
 */
export function useLabellingKeys(actions: LabellingKeyActions): void {
  // Registered once; calls the latest actions (they close over the view's state).
  const latest = useRef(actions);
  useEffect(() => { latest.current = actions; });
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const t = e.target;
      if (t instanceof HTMLInputElement || t instanceof HTMLSelectElement || t instanceof HTMLTextAreaElement) return;
      const a = latest.current;
      const plain = !e.ctrlKey && !e.altKey && !e.metaKey;
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z') { e.preventDefault(); a.undoLast(); }
      else if (plain && e.key >= '1' && e.key <= '9') { e.preventDefault(); a.choose(Number(e.key) - 1); }
      else if (e.key === 'Enter' && plain) {
        if (t instanceof HTMLButtonElement || t instanceof HTMLAnchorElement) return;
        e.preventDefault(); a.move(1);
      }
      else if (e.key === 'ArrowRight' || e.key === 'ArrowDown') { e.preventDefault(); a.move(1); }
      else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') { e.preventDefault(); a.move(-1); }
      else if (e.key === 'Escape') a.close();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
