import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../helpers/fixtures';

/**
 * The import graph of the product's source is a line: the linter forbids imports
 * up the core's layers (eslint.config.mjs); this test forbids cycles anywhere,
 * inside a folder too.
 */
const SOURCE = join(REPO_ROOT, 'server', 'src');

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/from '(\.[^']+)'/g)].flatMap((match) => {
    const target = join(dirname(file), match[1] ?? '');
    return [`${target}.ts`, join(target, 'index.ts')].filter((candidate) => existsSync(candidate)).slice(0, 1);
  });
}

function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const found: string[][] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') found.push(path.slice(path.indexOf(next)));
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return found;
}

describe('architecture', () => {
  it('has no import cycle in the product source', () => {
    const files = sourceFiles(SOURCE);
    const graph = new Map(files.map((file) => [file, importsOf(file)]));
    assert.ok(files.length > 50, `${files.length} source files`);
    assert.deepEqual(cycles(graph).map((cycle) => cycle.map((file) => relative(SOURCE, file)).join(' → ')), []);
  });

  it('finds a cycle when there is one (the check can fail)', () => {
    assert.deepEqual(cycles(new Map([['a', ['b']], ['b', ['a']], ['c', []]])), [['a', 'b']]);
  });
});
