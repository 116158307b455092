import type { ClassScores } from '../../../core/train/metrics';

interface Props {
  labels: string[];
  /** matrix[true][predicted] counts. */
  matrix: number[][];
  title?: string;
  testId?: string;
}

/**
 * Confusion-matrix heatmap: rows are the true class, columns the predicted one. Cell colour is the
 * row-normalised share (so a rare class is as readable as a common one); the count is printed.
 */
export function ConfusionMatrix({ labels, matrix, title = 'Confusion matrix (validation)', testId = 'confusion-matrix' }: Props) {
  const rowTotals = matrix.map((r) => r.reduce((a, b) => a + b, 0));
  return (
    <figure className="confusion" data-testid={testId} data-classes={labels.length}>
      <figcaption>{title}</figcaption>
      <table>
        <thead>
          <tr>
            <th scope="col">true \ predicted</th>
            {labels.map((l) => <th key={l} scope="col">{l}</th>)}
          </tr>
        </thead>
        <tbody>
          {matrix.map((row, i) => (
            <tr key={labels[i] ?? i}>
              <th scope="row">{labels[i]}</th>
              {row.map((count, j) => {
                const share = rowTotals[i] > 0 ? count / rowTotals[i] : 0;
                const diag = i === j;
                // Blue for correct, red for confusions; intensity is the row share.
                const bg = diag ? `rgba(37, 99, 235, ${0.1 + 0.8 * share})` : `rgba(220, 38, 38, ${share === 0 ? 0 : 0.1 + 0.8 * share})`;
                return (
                  <td key={j} data-testid={`cm-${i}-${j}`} style={{ background: bg, color: share > 0.55 ? '#fff' : undefined }}
                    title={`${labels[i]} predicted as ${labels[j]}: ${count} (${(share * 100).toFixed(1)} % of ${labels[i]})`}>
                    {count}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

export function PerClassTable({ rows, testId = 'per-class-table' }: { rows: ClassScores[]; testId?: string }) {
  return (
    <table className="per-class" data-testid={testId}>
      <thead>
        <tr><th scope="col">class</th><th scope="col">precision</th><th scope="col">recall</th><th scope="col">F1</th><th scope="col">support</th></tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.label}>
            <th scope="row">{r.label}</th>
            <td>{r.precision.toFixed(3)}</td>
            <td>{r.recall.toFixed(3)}</td>
            <td>{r.f1.toFixed(3)}</td>
            <td>{r.support}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
