/** The job form's freezing sentence: unticking "Train head only" on the Quick preset says the embeddings stay frozen. */
import { describe, expect, it } from 'vitest';
import { describeFreezing } from '../../src/core/spec/freezing';
import { presetHyperparameters } from '../../src/core/spec/jobSpec';

describe('describeFreezing', () => {
  it('says what trains and what stays frozen for each case', () => {
    const quick = presetHyperparameters('quick');
    expect(describeFreezing(quick)).toBe('Trains only the classifier head; the embeddings and every encoder layer stay frozen.');
    const unticked = { ...quick, freeze: { ...quick.freeze, headOnly: false } };
    expect(describeFreezing(unticked)).toBe('Trains the head and the encoder, but the embeddings stay frozen (untick "Freeze embeddings" to train them too).');
    expect(describeFreezing(presetHyperparameters('standard'))).toBe('Trains everything: the embeddings, every encoder layer and the head.');
    expect(describeFreezing({ freeze: { headOnly: false, embeddings: false, firstLayers: 2 }, gradualUnfreezing: true }))
      .toBe('Trains the head and the encoder, but the first 2 encoder layers stay frozen. Gradual unfreezing starts with the head and opens one more layer from the top each epoch.');
  });
});
