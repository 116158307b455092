/**
 * Entry point of the `finetune-studio` command (bin/finetune-studio.js runs its build, dist-cli/, or this
 * file through tsx). Errors end the process with their message, never a stack trace for a user mistake.
 * Each command is imported when it runs: tfjs and the tokenizer take most of a second to load, and
 * `--help` or a usage error needs neither.
 */
import { parseCli, USAGE } from './args';

async function main(argv: string[]): Promise<number> {
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const { command, flags } = parseCli(argv);
  if (flags.help || !command) {
    log(USAGE);
    return command || flags.help ? 0 : 2;
  }
  switch (command) {
    case 'train':
      return (await import('./train')).trainCommand(flags, log);
    case 'search':
      return (await import('./search')).searchCommand(flags, log);
    case 'predict':
      return (await import('./predict')).predictCommand(flags, log);
    default:
      process.stderr.write(`unknown command "${command}"\n\n${USAGE}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`finetune-studio: ${e instanceof Error ? e.message : String(e)}\n`);
    if (process.env.FINETUNE_STUDIO_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    process.exit(1);
  },
);
