// Regenerates test/fixtures/real-world/known-misreads.json: builds the tests and runs the
// corpus test in write mode, which records the fields the product misreads today and prints
// each one (file, field, expected, read) as a tab-separated line.
// Usage: node scripts/corpus-misreads.mjs
import { execFileSync } from 'node:child_process';

execFileSync(process.execPath, ['esbuild.mjs', '--tests'], { stdio: 'inherit' });
execFileSync(process.execPath, ['--enable-source-maps', '--test', '--test-reporter=spec', 'out/test/unit/corpus.test.js'], {
  stdio: 'inherit',
  env: { ...process.env, CORPUS_WRITE_MISREADS: '1' },
});
