/**
 * Where a model's files come from and what the rest of the studio receives: the raw files of one model
 * in Hugging Face layout, already downloaded (or read from disk). Parsing them into tensors is the
 * engine's job (src/core/model/load.ts); tokenizing is src/core/model/tokenizer.ts.
 */

export type ModelSource =
  | { kind: 'hub'; id: string; revision: string; host: string }
  | { kind: 'local'; name: string }
  | { kind: 'bundled'; id: string };

export interface ModelFiles {
  source: ModelSource;
  /** config.json, as parsed JSON. */
  config: Record<string, unknown>;
  /** model.safetensors, the whole file. */
  weights: ArrayBuffer;
  /** tokenizer.json, as parsed JSON. */
  tokenizerJson: object;
  /** tokenizer_config.json, as parsed JSON ({} when the repository has none). */
  tokenizerConfig: object;
  /** Other small text files worth keeping for export: vocab.txt, special_tokens_map.json, … (name → text). */
  extraFiles: Record<string, string>;
}

/**
 * A persistent store of downloaded files, injected from outside so src/core stays DOM-free
 * (the UI implements it with the Cache Storage API, tests with a Map). Keys are URL-like strings.
 */
export interface FileCache {
  get(key: string): Promise<ArrayBuffer | undefined>;
  put(key: string, data: ArrayBuffer): Promise<void>;
}

/** Byte progress of a download, reported while streaming. Totals come from Content-Length. */
export interface DownloadProgress {
  /** The file being read, e.g. 'model.safetensors'. */
  file: string;
  fileLoaded: number;
  /** undefined when the server sent no Content-Length. */
  fileTotal: number | undefined;
  /** All files so far, for one overall bar. */
  loaded: number;
  /** Sum of the sizes known so far (grows as each file's headers arrive). */
  total: number;
  /** true when this file was served from the cache (no network). */
  fromCache: boolean;
}
