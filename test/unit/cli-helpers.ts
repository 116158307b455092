/** Runs `finetune-studio` (bin/finetune-studio.js) as a child process for the CLI tests. */
import { spawn } from 'node:child_process';
import path from 'node:path';

export const root = path.resolve(__dirname, '../..');

/**
 * How long the CLI may print nothing before it counts as hung. Not a limit on how long a run takes: training
 * prints a line every few seconds however slow the machine (its log is throttled to one line per 2 s), so a
 * run that is merely slow (SMS Spam took 6.4 minutes with a load average of 10–13 on 2 cores) goes on, and
 * only a silent one is stopped.
 */
const SILENCE_LIMIT_MS = 5 * 60_000;

export interface CliResult { code: number | null; out: string; err: string }

/** Runs the CLI to the end (asynchronously, so a server in this process keeps answering it). */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'bin/finetune-studio.js'), ...args], { cwd: root, env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    let watchdog: NodeJS.Timeout | undefined;
    const heard = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        err += `\n[test] no output for ${SILENCE_LIMIT_MS / 60_000} minutes: killed as hung\n`;
        child.kill();
      }, SILENCE_LIMIT_MS);
    };
    child.stdout.on('data', (d) => { out += d; heard(); });
    child.stderr.on('data', (d) => { err += d; heard(); });
    child.on('close', (code) => { clearTimeout(watchdog); resolve({ code, out, err }); });
    heard();
  });
}

/** For tests that run the CLI: no wall-clock limit of their own (the silence watchdog above stops a hang). */
export const CLI_TEST_OPTIONS = { timeout: 0 };
