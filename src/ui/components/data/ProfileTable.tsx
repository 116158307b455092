/** One column's profile as the preview shows it. */
export interface ProfileRow {
  name: string;
  /** The type guess, in words: 'text', 'category', 'number', 'empty', … */
  type: string;
  distinct: number;
  empty: number;
  minLength: number;
  meanLength: number;
  maxLength: number;
}

const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 1 });

/** Per-column profile: what the column looks like, to check the mapping against. */
export function ProfileTable({ profiles }: { profiles: ProfileRow[] }) {
  return (
    <table className="data-table" aria-label="Column profile" data-testid="column-profile">
      <thead>
        <tr>
          <th scope="col">column</th><th scope="col">type</th><th scope="col">distinct</th><th scope="col">empty</th>
          <th scope="col">length min / mean / max</th>
        </tr>
      </thead>
      <tbody>
        {profiles.map((p) => (
          <tr key={p.name} data-testid={`profile-${p.name}`}>
            <th scope="row">{p.name}</th>
            <td>{p.type}</td>
            <td>{fmt(p.distinct)}</td>
            <td>{fmt(p.empty)}</td>
            <td>{fmt(p.minLength)} / {fmt(p.meanLength)} / {fmt(p.maxLength)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
