// The benches' command lines: node's parseArgs, with `--help` and a mistyped option answered
// by the usage line on the right stream instead of a stack trace.
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * The parsed options of `process.argv`. `--help` or `-h` prints `usage` and exits 0; an unknown
 * option or a missing value prints what was wrong and `usage` to stderr and exits 2.
 */
export function benchOptions<T extends Options>(usage: string, options: T): ReturnType<typeof parseArgs<{ options: T }>>['values'] {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`usage: ${usage}\n`);
    process.exit(0);
  }
  try {
    return parseArgs({ args, options }).values;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\nusage: ${usage}\n`);
    process.exit(2);
  }
}
