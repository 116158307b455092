/** The run's notable events in words, newest last (collapsed by default). */
export function RunLog({ lines }: { lines: string[] }) {
  if (lines.length === 0) return null;
  return (
    <details className="run-log" data-testid="run-log" data-lines={lines.length}>
      <summary>Log ({lines.length})</summary>
      <ol>{lines.map((l, i) => <li key={i}>{l}</li>)}</ol>
    </details>
  );
}
