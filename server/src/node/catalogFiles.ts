import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLED_CATALOG } from '../bundledCatalog';
import { loadCatalog, type CatalogFile, type LoadedCatalog } from '../core/catalog/catalog';

/** A workspace's own catalog additions, merged over the bundled data when present. */
export const WORKSPACE_CATALOG = join('.inference-lens', 'catalog.yaml');

/** Largest override file read; catalogs are small, a bigger file is a mistake or an attack. */
const MAX_CATALOG_FILE_BYTES = 5 * 1024 * 1024;

/**
 * The bundled catalog with the user's override files merged over it, in order.
 * An unreadable override is reported as a problem of that file.
 */
export function loadCatalogWith(overridePaths: readonly string[]): LoadedCatalog & { readonly unreadable: readonly { file: string; reason: string }[] } {
  const files: CatalogFile[] = [...BUNDLED_CATALOG];
  const unreadable: { file: string; reason: string }[] = [];
  for (const path of overridePaths) {
    try {
      const text = readFileSync(path, 'utf8');
      if (text.length > MAX_CATALOG_FILE_BYTES) unreadable.push({ file: path, reason: `larger than ${MAX_CATALOG_FILE_BYTES / 1024 / 1024} MB` });
      else files.push({ name: path, text });
    } catch (error) {
      unreadable.push({ file: path, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return { ...loadCatalog(files), unreadable };
}
