import type { LengthSummary } from '../../../core/auto';

/** The train texts' token counts as bars, the max sequence length as a line: bars past it are cut. */
export function LengthHistogram({ lengths, maxLength }: { lengths: LengthSummary; maxLength: number }) {
  const { bins } = lengths;
  if (bins.length === 0) return null;
  const top = Math.max(1, ...bins.map((b) => b.count));
  const end = bins[bins.length - 1].to;
  const cut = Math.min(100, (100 * maxLength) / end);
  return (
    <figure className="length-histogram" data-testid="length-histogram">
      <figcaption>Tokens per train text ({lengths.total} measured); the line is the max sequence length, {maxLength}</figcaption>
      <div className="bars" role="img" aria-label={`Histogram of token counts from 0 to ${end}; max sequence length ${maxLength}`}>
        {bins.map((b) => (
          <div key={b.from} className={b.from >= maxLength ? 'bar cut' : 'bar'} style={{ height: `${(100 * b.count) / top}%` }}
            title={`${b.from}–${b.to - 1} tokens: ${b.count} texts`} />
        ))}
        <div className="cutoff" style={{ left: `${cut}%` }} data-testid="length-cutoff" />
      </div>
      <div className="axis"><span>0</span><span>{end} tokens</span></div>
    </figure>
  );
}
