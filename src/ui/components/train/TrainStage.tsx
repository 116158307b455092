/** The train stage of the studio (placeholder until its issue lands). */
export function TrainStage() {
  return <section aria-label="Train"><h2>Train</h2></section>;
}
