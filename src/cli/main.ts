/**
 * Entry point of the `finetune-studio` command (bin/finetune-studio.js runs this file with tsx).
 * Errors end the process with their message, never a stack trace for a user mistake.
 */
import { parseCli, USAGE } from './args';
import { predictCommand } from './predict';
import { searchCommand } from './search';
import { trainCommand } from './train';

async function main(argv: string[]): Promise<number> {
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const { command, flags } = parseCli(argv);
  if (flags.help || !command) {
    log(USAGE);
    return command || flags.help ? 0 : 2;
  }
  switch (command) {
    case 'train':
      return trainCommand(flags, log);
    case 'search':
      return searchCommand(flags, log);
    case 'predict':
      return predictCommand(flags, log);
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
