// The `inference-lens` command: runs `main` on the process's arguments. Kept apart from
// main.ts so that benches and tests can import `main` without running it.
import { main } from './main';

// A closed pipe (`inference-lens report | head`) ends output quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
process.exitCode = main(process.argv.slice(2), (text) => process.stdout.write(`${text}\n`), (text) => process.stderr.write(`${text}\n`));
