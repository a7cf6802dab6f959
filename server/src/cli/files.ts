import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Largest manifest the CLI reads; a bigger file is reported, not half-read. */
export const MAX_MANIFEST_BYTES = 10 * 1024 * 1024;

export interface InputFile {
  readonly path: string;
  readonly text: string;
}

export interface ExpandedInputs {
  readonly files: readonly InputFile[];
  readonly unreadable: readonly { readonly path: string; readonly reason: string }[];
}

const YAML_FILE = /\.ya?ml$/i;
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);

/** The YAML files named, or found under the directories named, in a stable order. */
export function expandInputs(paths: readonly string[]): ExpandedInputs {
  const files: InputFile[] = [];
  const unreadable: { path: string; reason: string }[] = [];
  const visit = (path: string, named: boolean): void => {
    try {
      const stat = statSync(path);
      if (stat.isDirectory()) {
        for (const entry of readdirSync(path).sort()) {
          if (!SKIPPED_DIRECTORIES.has(entry)) visit(join(path, entry), false);
        }
      } else if (named || YAML_FILE.test(path)) {
        if (stat.size > MAX_MANIFEST_BYTES) unreadable.push({ path, reason: `larger than ${MAX_MANIFEST_BYTES / 1024 / 1024} MB` });
        else files.push({ path, text: stripBom(readFileSync(path, 'utf8')) });
      }
    } catch (error) {
      unreadable.push({ path, reason: error instanceof Error ? error.message.replace(/^[A-Z]+: /, '') : String(error) });
    }
  };
  for (const path of paths) visit(path, true);
  return { files, unreadable };
}

/** Text without a leading byte-order mark (editors on Windows write one). */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
