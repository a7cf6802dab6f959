import { readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, posix, relative } from 'node:path';

/**
 * Finds references to paths outside the repository in its own files: a fresh clone must
 * build and test with nothing beside it. Three kinds are looked for:
 *   - relative paths in string literals (`'../shared/x.csv'`, `"../../../.."`) that climb
 *     above the root when resolved from the file's folder;
 *   - `join(__dirname, '..', …)` chains that climb above the root from where the file
 *     runs once bundled (tests run from `out/test/…`, the product from `dist/`);
 *   - absolute paths into someone's machine (`/work/…`, `/home/…`, `/Users/…`, `C:\Users\…`).
 */
export interface OutsideReference {
  readonly file: string;
  readonly line: number;
  readonly text: string;
  readonly why: string;
}

/** Folders that are built, installed or written by runs, not written by people. */
const SKIPPED = new Set(['node_modules', '.git', 'out', 'dist', '.inference-lens-cache']);
const SCANNED = /\.(?:[cm]?[jt]s|json|ya?ml|sh)$/;
/** Files that are data or generated: lockfile URLs and catalog sources are not paths. */
const NOT_SCANNED = new Set(['package-lock.json', 'media/webview.js']);
/** The guard and its test quote the very paths they look for. */
const EXAMPLES = new Set(['test/helpers/selfContained.ts', 'test/unit/selfContained.test.ts']);
/**
 * Data, not references: catalog sources, third-party manifests kept as test fixtures (their
 * /mnt volumes are paths inside pods), Hugging Face config.json copies (their _name_or_path).
 */
const NOT_SCANNED_UNDER = ['server/data/', 'test/e2e/out/', 'test/fixtures/', 'scripts/models/configs/'];
/** Extension-less scripts that run in CI. */
const SCRIPTS = new Set(['.ci/run']);

/** Every file a person wrote that the guard reads, as repository-relative POSIX paths. */
export function scannedFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!SKIPPED.has(entry.name) && !NOT_SCANNED_UNDER.some((p) => `${path}/`.startsWith(p))) walk(path);
      } else if ((SCANNED.test(entry.name) || SCRIPTS.has(path)) && !NOT_SCANNED.has(path) && !EXAMPLES.has(path)) {
        files.push(path);
      }
    }
  };
  walk('');
  return files.sort();
}

/**
 * Where a file's `__dirname` points when it runs: esbuild bundles tests into `out/test/`
 * (same folders), the product, CLI and benches into `dist/`; scripts run where they are.
 */
export function runFolder(file: string): string {
  const folder = posix.dirname(file);
  if (file.startsWith('test/e2e/suite/')) return 'out/e2e/runner/dist/suite';
  if (file.startsWith('test/')) return `out/${folder}`;
  if (file.startsWith('bench/')) return 'dist/bench';
  if (file.startsWith('server/src/') || file.startsWith('extension/src/')) return 'dist';
  return folder;
}

const ABSOLUTE = /(?:^|[\s'"`(=:,[])(\/(?:work|home|Users|root|mnt)\/[^\s'"`)]*|[A-Za-z]:\\{1,2}(?:Users|work)\\[^\s'"`)]*)/g;
const RELATIVE_LITERAL = /['"`](\.\.?[\\/][^'"`\s]*)['"`]/g;
/** A line that quotes a path as test data, not to read it, says so: `// path example`. */
const EXAMPLE_LINE = /\/\/ path example\b/;
const MODULE_REFERENCE = /^\s*(?:import|export)\b|\bfrom\s+['"]|\brequire\(|\bimport\(/;
const DIRNAME_JOIN = /\b(?:join|resolve)\(\s*(__dirname|dirname\(fileURLToPath\(import\.meta\.url\)\))((?:\s*,\s*'[^']*')*)/g;

/** The references to outside `root` in one file's text (`file` is repository-relative, POSIX). */
export function outsideReferences(file: string, text: string): OutsideReference[] {
  const found: OutsideReference[] = [];
  const lines = text.split(/\r?\n/);
  const escapes = (from: string, path: string): boolean => {
    const target = join('/repo', from, path);
    const rel = relative('/repo', target);
    return rel === '..' || rel.startsWith('../') || rel.startsWith('..\\') || isAbsolute(rel);
  };
  lines.forEach((line, index) => {
    if (EXAMPLE_LINE.test(line)) return;
    const at = (text: string, why: string): void => void found.push({ file, line: index + 1, text: text.trim(), why });
    for (const match of line.matchAll(ABSOLUTE)) at(match[1] ?? line, 'absolute path on a machine');
    // Module specifiers and config references resolve from the file's folder; any other
    // path is read from the working directory, which npm scripts and CI set to the root.
    const fromFile = MODULE_REFERENCE.test(line) || file.endsWith('.json');
    for (const match of line.matchAll(RELATIVE_LITERAL)) {
      const path = (match[1] ?? '').replace(/\\/g, '/');
      // A template (`../${name}/*`, an import-ban glob) names no one path to check.
      if (path.includes('${')) continue;
      const from = fromFile ? posix.dirname(file) : '.';
      if (escapes(from, path)) at(match[0], `"${path}" climbs above the repository from ${from}/`);
    }
    for (const match of line.matchAll(DIRNAME_JOIN)) {
      const segments = [...(match[2] ?? '').matchAll(/'([^']*)'/g)].map((m) => m[1] ?? '');
      const from = match[1] === '__dirname' ? runFolder(file) : posix.dirname(file);
      if (escapes(from, segments.join('/'))) at(match[0], `climbs above the repository from ${from}/`);
    }
  });
  return found;
}

export function repositoryOutsideReferences(root: string): OutsideReference[] {
  return scannedFiles(root).flatMap((file) => outsideReferences(file, readFileSync(join(root, file), 'utf8')));
}
