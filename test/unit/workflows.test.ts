import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { validateAction, validateWorkflow, type ValidationState } from '@action-validator/core';
import { REPO_ROOT } from '../helpers/fixtures';

// The GitHub workflows and the composite action, linted in `npm test` with action-validator
// (GitHub's workflow and action JSON Schemas, plus its checks of globs and job references).
const WORKFLOWS = join(REPO_ROOT, '.github', 'workflows');

function problems(state: ValidationState): string[] {
  return state.errors.map((e) => `${e.title}${'path' in e ? ` at ${e.path}` : ''}${e.detail ? `: ${e.detail}` : ''}`);
}

describe('GitHub workflows and action', () => {
  const workflows = readdirSync(WORKFLOWS).filter((name) => /\.ya?ml$/.test(name)).sort();

  it('are the CI and release workflows', () => {
    assert.deepEqual(workflows, ['ci.yml', 'release.yml']);
  });

  for (const name of workflows) {
    it(`.github/workflows/${name} lints clean`, () => {
      assert.deepEqual(problems(validateWorkflow(readFileSync(join(WORKFLOWS, name), 'utf8'))), []);
    });
  }

  it('action.yml lints clean', () => {
    assert.deepEqual(problems(validateAction(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8'))), []);
  });

  it('the linter rejects a workflow with a misspelt key and an action without runs', () => {
    assert.notDeepEqual(problems(validateWorkflow('on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    stepz:\n      - run: echo\n')), []);
    assert.notDeepEqual(problems(validateAction('name: x\ndescription: y\n')), []);
  });

  it('CI runs the README quick start on Linux and the unit and CLI tests on macOS and Windows', () => {
    const ci = readFileSync(join(WORKFLOWS, 'ci.yml'), 'utf8');
    for (const line of ['run: npm ci && npm start', 'run: npm test', 'run: xvfb-run -a npm run test:vscode', 'os: [macos-latest, windows-latest]', 'run: npm run test:node']) {
      assert.ok(ci.includes(line), `ci.yml has "${line}"`);
    }
  });

  it('the release publishes to both marketplaces, GitHub and npm with the secrets the README names', () => {
    const release = readFileSync(join(WORKFLOWS, 'release.yml'), 'utf8');
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    for (const step of ['vsce publish', 'ovsx@', 'gh release create', 'npm publish']) assert.ok(release.includes(step), `release.yml runs ${step}`);
    for (const secret of ['VSCE_PAT', 'OVSX_PAT', 'NPM_TOKEN']) {
      assert.ok(release.includes(`secrets.${secret}`), `release.yml uses ${secret}`);
      assert.ok(readme.includes(`\`${secret}\``), `the README's release section names ${secret}`);
    }
  });
});
