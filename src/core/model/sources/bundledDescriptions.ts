/**
 * What the Model stage says about each bundled model: what it is, what it is good at, and how it compares
 * (numbers measured with `npm run bench:quality`, see docs/quality.md).
 */

export const BUNDLED_CNN_DESCRIPTION =
  'A convolutional network over pre-trained GloVe word vectors (Kim, 2014): filters 3, 4 and 5 words wide ' +
  '(100 of each) slide over the text, so it sees word order and short phrases ("not good", "how many"), then ' +
  'the strongest match of each filter and a classifier decide. Vectors, filters and classifier all train. ' +
  'No download (6 MB, shared with the bag-of-vectors model).';

export const BUNDLED_POOL_DESCRIPTION =
  'A bag-of-word-vectors classifier: each token gets a pre-trained GloVe word vector (Pennington, Socher & ' +
  'Manning, 2014; 6B tokens, 100 dimensions), the vectors of a text are averaged and max-pooled, then a new ' +
  'dense layer with tanh and a classifier decide. It ignores word order and context, so it is far weaker than ' +
  'BERT on anything subtle, but it is small (6 MB), trains in seconds and needs no network at all.';
