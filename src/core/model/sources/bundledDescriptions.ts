/**
 * What the Model stage says about each bundled model: what it is, what it is good at, and how it compares
 * (numbers measured with `npm run bench:quality` on the two bundled datasets, see docs/quality.md).
 */

export interface BundledDescription {
  /** What the network is. */
  what: string;
  /** Where it is the right choice, and where it is not. */
  goodAt: string;
  /** Measured against TF-IDF + logistic regression, the other bundled model and BERT from the Hub. */
  compared: string;
}

export const BUNDLED_CNN_DESCRIPTION: BundledDescription = {
  what:
    'A convolutional network over pre-trained GloVe word vectors (Kim, 2014): filters 3, 4 and 5 words wide ' +
    '(100 of each) slide over the text, so it sees word order and short phrases ("not good", "how many"); the ' +
    'strongest match of each filter feeds a classifier. Vectors, filters and classifier all train. No download ' +
    '(6 MB, shared with the bag-of-vectors model).',
  goodAt:
    'Topic, intent, spam and short-phrase sentiment with a few thousand labelled texts, on a CPU with no network. ' +
    'It reads each word with its neighbours only, not the whole sentence in context: for subtle meaning, a BERT ' +
    'from the Hub is the stronger choice if you can download one.',
  compared:
    'With the one-click default (Auto), test macro-F1 on the bundled datasets against TF-IDF + logistic regression ' +
    'on the same split: SMS spam 0.984 vs 0.981, the ten fortune topics 0.735 vs 0.558 (npm run bench:quality, ' +
    'docs/quality.md); the bag of vectors scored 0.980 and 0.600 there. An epoch over 4,400 short texts takes ' +
    'about 5 s on wasm on an idle 2-core machine (a whole Auto run on SMS spam: 35 s). A BERT from the ' +
    'Hub reads every word in the context of the whole text and is usually more accurate on subtle tasks ' +
    '(published, SST-2 sentiment: BERT-base 93.5 %, a Kim CNN 88.1 %), but it is a download of 4 M to 110 M ' +
    'parameters (17–440 MB in float32) and trains 10× slower or more on a CPU (bert-mini: about 10 texts a second ' +
    'on wasm here).',
};

export const BUNDLED_POOL_DESCRIPTION: BundledDescription = {
  what:
    'A bag-of-word-vectors classifier: each token gets a pre-trained GloVe word vector (Pennington, Socher & ' +
    'Manning, 2014; 6B tokens, 100 dimensions), the vectors of a text are averaged and max-pooled, then a new ' +
    'dense layer with tanh and a classifier decide. No download (6 MB).',
  goodAt:
    'Word order and context are invisible to it ("not good" is "good" plus "not"), so it is weaker than the CNN ' +
    'and far weaker than BERT on anything subtle; it is the smallest and fastest model here.',
  compared: 
    'With its Standard preset, test macro-F1 on the bundled datasets (npm run bench:quality, same split): SMS spam ' +
    '0.980 (TF-IDF + logistic regression 0.981, the CNN 0.984) — spam is told by words, not their order; the ten ' +
    'fortune topics 0.600 (TF-IDF 0.558, the CNN 0.671). On tasks decided by phrases and word order (questions, ' +
    'negation) choose the CNN.',
};
