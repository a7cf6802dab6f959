import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS, normalizeSettings, SETTINGS_SCHEMA, SETTINGS_SECTION } from '../../server/src/shared/settings';
import { REPO_ROOT } from '../helpers/fixtures';

const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));

describe('settings', () => {
  it('package.json contributes exactly the settings the server defines', () => {
    const contributed = manifest.contributes.configuration.properties as Record<string, unknown>;
    const defined = Object.fromEntries(Object.entries(SETTINGS_SCHEMA).map(([key, s]) => [`${SETTINGS_SECTION}.${key}`, s.schema]));
    assert.deepEqual(contributed, JSON.parse(JSON.stringify(defined)));
  });

  it('each contributed default is the server’s default', () => {
    for (const { field, schema } of Object.values(SETTINGS_SCHEMA)) {
      assert.deepEqual(schema.default, DEFAULT_SETTINGS[field], field);
    }
  });

  it('reads client settings tolerantly', () => {
    assert.deepEqual(normalizeSettings(undefined), DEFAULT_SETTINGS);
    assert.deepEqual(normalizeSettings({ region: ' eu-west-1 ', pricing: 'spot', utilization: 0.5, catalog: { paths: ['a.yaml', 3, ''] }, codeLens: { enable: false } }), {
      ...DEFAULT_SETTINGS,
      region: 'eu-west-1',
      pricing: 'spot',
      utilization: 0.5,
      catalogPaths: ['a.yaml'],
      codeLensEnabled: false,
    });
    assert.deepEqual(normalizeSettings({ pricing: 'free', utilization: 7, memoryUtilization: -1, inlayHints: { enable: 'yes' } }), DEFAULT_SETTINGS);
  });
});
