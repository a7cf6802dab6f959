import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import * as nodePath from 'node:path';
import { join, type PlatformPath } from 'node:path';
import { MAX_MANIFEST_BYTES, stripBom, type InputFile } from './files';

/**
 * Reading YAML files at a git revision without checking anything out: `git ls-tree` lists
 * them, `git show <rev>:<path>` reads them. Paths are repository-relative with `/`, on
 * every platform, so a diff names the same file the same way on Windows and Linux.
 */
export class GitError extends Error {}

const YAML_FILE = /\.ya?ml$/i;
/** Large enough for a repository's listing and any manifest the CLI reads. */
const MAX_BUFFER = 4 * MAX_MANIFEST_BYTES;

function git(cwd: string, args: readonly string[]): string {
  const result = spawnSync('git', [...args], { cwd, encoding: 'utf8', maxBuffer: MAX_BUFFER, windowsHide: true });
  if (result.error) throw new GitError(`cannot run git: ${result.error.message}`);
  if (result.status !== 0) throw new GitError(result.stderr.trim() || `git ${args[0]} failed`);
  return result.stdout;
}

export interface Repository {
  /** The working tree's top folder. */
  readonly top: string;
}

/**
 * A path with links and Windows short names (RUNNER~1) resolved, as git prints its top
 * folder, so relative paths between the two are exact; the path itself if it does not exist.
 */
export function realPath(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return path;
  }
}

/** The repository the folder is in. */
export function openRepository(cwd: string): Repository {
  try {
    return { top: realPath(git(cwd, ['rev-parse', '--show-toplevel']).trim()) };
  } catch (error) {
    throw new GitError(`not a git repository (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** Whether a name is a commit git knows (a branch, tag, sha, HEAD~1…). */
export function isRevision(repository: Repository, name: string): boolean {
  if (name.startsWith('-')) return false;
  const result = spawnSync('git', ['rev-parse', '--verify', '--quiet', `${name}^{commit}`], { cwd: repository.top, encoding: 'utf8', windowsHide: true });
  return result.status === 0;
}

/**
 * A path typed by the user (relative to `cwd`, either separator, maybe absolute, maybe on
 * a drive) as a repository-relative pathspec with `/`; `.` for the top. `paths` is the
 * platform's path module (a parameter so Windows rules are tested on any machine).
 */
export function toPathspec(repository: Repository, cwd: string, path: string, paths: PlatformPath = nodePath): string {
  const absolute = paths.isAbsolute(path) ? path : paths.resolve(cwd, path);
  const parts = paths.relative(repository.top, absolute).split(/[\\/]/).filter((part) => part !== '' && part !== '.');
  if (parts[0] === '..' || paths.isAbsolute(parts.join(paths.sep))) throw new GitError(`${path} is outside the repository ${repository.top}`);
  return parts.length === 0 ? '.' : parts.join('/');
}

/** The YAML files under the pathspecs at a revision, with their text. */
export function filesAtRevision(repository: Repository, revision: string, pathspecs: readonly string[]): InputFile[] {
  const listing = git(repository.top, ['ls-tree', '-r', '-z', '--name-only', '--full-tree', revision, '--', ...pathspecs]);
  return yamlPaths(listing).map((path) => ({ path, text: stripBom(git(repository.top, ['show', `${revision}:${path}`])) }));
}

/** The YAML files under the pathspecs in the working tree: tracked and untracked, not ignored, not deleted. */
export function filesInWorkingTree(repository: Repository, pathspecs: readonly string[]): InputFile[] {
  const listing = git(repository.top, ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', ...pathspecs]);
  const files: InputFile[] = [];
  for (const path of new Set(yamlPaths(listing))) {
    const onDisk = join(repository.top, path);
    if (!existsSync(onDisk) || statSync(onDisk).size > MAX_MANIFEST_BYTES) continue;
    files.push({ path, text: stripBom(readFileSync(onDisk, 'utf8')) });
  }
  return files;
}

function yamlPaths(listing: string): string[] {
  return listing
    .split('\0')
    .filter((path) => YAML_FILE.test(path))
    .sort();
}
