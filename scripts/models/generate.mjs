// Runs scripts/models/cli.ts (TypeScript) by bundling it with esbuild, as the build does.
import * as esbuild from 'esbuild';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const outfile = resolve('out/scripts/models.cjs');
mkdirSync(resolve('out/scripts'), { recursive: true });
await esbuild.build({ entryPoints: ['scripts/models/cli.ts'], bundle: true, platform: 'node', format: 'cjs', outfile, logLevel: 'warning' });
createRequire(import.meta.url)(outfile);
