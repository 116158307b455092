/** The use stage of the studio (placeholder until its issue lands). */
export function UseStage() {
  return <section aria-label="Use"><h2>Use</h2></section>;
}
