/** The model stage of the studio (placeholder until its issue lands). */
export function ModelStage() {
  return <section aria-label="Model"><h2>Model</h2></section>;
}
