/**
 * What a job's freezing settings train, in one sentence for the job form — so unticking "Train head only" on a
 * preset that also freezes the embeddings says that they stay frozen, instead of leaving it to be discovered.
 */
import type { Hyperparameters } from './jobSpec';

export function describeFreezing(hp: Pick<Hyperparameters, 'freeze' | 'gradualUnfreezing'>): string {
  const { headOnly, embeddings, firstLayers } = hp.freeze;
  if (headOnly) return 'Trains only the classifier head; the embeddings and every encoder layer stay frozen.';
  const frozen = [embeddings ? 'the embeddings' : '', firstLayers > 0 ? `the first ${firstLayers} encoder layer${firstLayers === 1 ? '' : 's'}` : '']
    .filter(Boolean);
  const gradual = hp.gradualUnfreezing ? ' Gradual unfreezing starts with the head and opens one more layer from the top each epoch.' : '';
  if (frozen.length === 0) return `Trains everything: the embeddings, every encoder layer and the head.${gradual}`;
  const untick = embeddings ? ' (untick "Freeze embeddings" to train them too)' : '';
  return `Trains the head and the encoder, but ${frozen.join(' and ')} stay frozen${untick}.${gradual}`;
}
