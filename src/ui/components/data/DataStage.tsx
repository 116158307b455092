/** The data stage of the studio (placeholder until its issue lands). */
export function DataStage() {
  return <section aria-label="Data"><h2>Data</h2></section>;
}
