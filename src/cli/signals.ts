/**
 * Ctrl-C (SIGINT) and SIGTERM for the whole CLI, installed by main.ts before any command runs. While a
 * command has registered a graceful stop (training: stop within a step and write a checkpoint), the first
 * signal asks for it and a second one quits at once; at any other time a signal quits at once. Either way
 * the exit code is 128 + the signal's number (130, 143), as a shell reports it. Nothing is half-written by
 * quitting at once: every file the CLI writes is renamed into place only when complete (diskWrite.ts).
 */
const CODES: Record<'SIGINT' | 'SIGTERM', number> = { SIGINT: 130, SIGTERM: 143 };

type StopHandler = (signal: 'SIGINT' | 'SIGTERM') => void;

let handler: StopHandler | null = null;
let stopping = false;

export function exitCodeFor(signal: 'SIGINT' | 'SIGTERM'): number {
  return CODES[signal];
}

export function installSignalHandlers(log: (line: string) => void): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (!handler || stopping) process.exit(CODES[signal]);
      stopping = true;
      log(`${signal === 'SIGINT' ? 'Ctrl-C' : 'SIGTERM'}: stopping after this step and saving a checkpoint (${signal === 'SIGINT' ? 'Ctrl-C' : 'a second signal'} again quits at once)…`);
      handler(signal);
    });
  }
}

/** Registers the graceful stop of the running command; returns the function that unregisters it. */
export function onStopSignal(stop: StopHandler): () => void {
  handler = stop;
  stopping = false;
  return () => {
    if (handler === stop) handler = null;
  };
}
