import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FINDING_CODES } from '../../server/src/core/findings';
import { SETTINGS_SCHEMA, SETTINGS_SECTION } from '../../server/src/shared/settings';
import { REPO_ROOT } from '../helpers/fixtures';

describe('documentation', () => {
  it('the README lists every finding code, and no code that does not exist', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const listed = [...readme.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]);
    assert.deepEqual([...listed].sort(), Object.keys(FINDING_CODES).sort());
  });

  it('the README lists every setting with its default', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const rows = [...readme.matchAll(/^\| `(inferenceLens\.[\w.]+)` \| `([^`]*)` \|/gm)].map((m) => [m[1], m[2]]);
    const shown = (value: unknown): string => (typeof value === 'string' && value !== '' ? value : JSON.stringify(value));
    const defined = Object.entries(SETTINGS_SCHEMA).map(([key, s]) => [`${SETTINGS_SECTION}.${key}`, shown(s.schema.default)]);
    assert.deepEqual(rows, defined);
  });

  it('the README quick start is exactly the two commands CI runs', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const quickStart = /## Quick start\n\n```sh\n([\s\S]*?)```/.exec(readme)?.[1]?.trim().split('\n');
    assert.deepEqual(quickStart, ['npm ci && npm start', 'npm test']);
    const ci = readFileSync(join(REPO_ROOT, '.ci', 'run'), 'utf8');
    for (const line of quickStart ?? []) assert.ok(ci.split('\n').includes(line), `.ci/run runs "${line}"`);
  });
});
