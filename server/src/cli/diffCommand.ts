import type { Catalog } from '../core/catalog/catalog';
import { diffDeployments } from './diff';
import { diffJson, diffMarkdown, diffText } from './diffOutput';
import { resolve } from 'node:path';
import { filesAtRevision, filesInWorkingTree, GitError, isRevision, openRepository, realPath, toPathspec } from './git';
import { COMMAND_USAGE } from './usage';

const FORMATS = ['text', 'json', 'markdown'] as const;

/**
 * `inference-lens diff <base> [<head>] [paths…]`. The second argument is the head when it
 * names a commit and was not given after `--`; otherwise it is the first path and the
 * head is the working tree.
 */
export function diffCommand(
  args: readonly string[],
  pathsAfterTerminator: number,
  format: string,
  catalog: Catalog,
  out: (text: string) => void,
  err: (text: string) => void,
): number {
  const [base, ...rest] = args;
  if (base === undefined) {
    err(`diff needs a base revision.\n\n${COMMAND_USAGE.diff}`);
    return 2;
  }
  if (!(FORMATS as readonly string[]).includes(format)) {
    err(`Unknown format "${format}": use ${FORMATS.join(', ')}.`);
    return 2;
  }
  try {
    const cwd = realPath(process.cwd());
    const repository = openRepository(cwd);
    if (!isRevision(repository, base)) throw new GitError(`"${base}" is not a revision of this repository`);
    const mayBeHead = rest.length > pathsAfterTerminator ? rest[0] : undefined;
    const head = mayBeHead !== undefined && isRevision(repository, mayBeHead) ? mayBeHead : undefined;
    const paths = head === undefined ? rest : rest.slice(1);
    const pathspecs = (paths.length > 0 ? paths : ['.']).map((p) => toPathspec(repository, cwd, realPath(resolve(cwd, p))));
    const before = filesAtRevision(repository, base, pathspecs);
    const after = head === undefined ? filesInWorkingTree(repository, pathspecs) : filesAtRevision(repository, head, pathspecs);
    const result = diffDeployments(before, after, catalog);
    out(format === 'json' ? diffJson(result) : format === 'markdown' ? diffMarkdown(result) : diffText(result));
    return 0;
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    err(`diff: ${error.message}`);
    return 2;
  }
}
