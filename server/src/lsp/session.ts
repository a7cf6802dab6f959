import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Catalog, CatalogFileFindings } from '../core/catalog/catalog';
import { setImmediate as yieldToEvents } from 'node:timers/promises';
import { analysisSteps, analyze, AnalysisCache, type Analysis, type AnalysisOptions } from '../core/engine/analyze';
import { DEFAULTS } from '../core/resolve/resolve';
import { DEFAULT_ASSUMPTIONS, withOverrides } from '../core/estimator/assumptions';
import { loadCatalogWith, WORKSPACE_CATALOG } from '../node/catalogFiles';
import { defaultHfHome, withLocalModels, type LocalModels } from '../node/models';
import { DEFAULT_SETTINGS, type Settings } from '../shared/settings';

/** Files longer than this are analyzed in slices, so other requests are answered meanwhile. */
const SLICED_ANALYSIS_CHARACTERS = 200_000;
/** How long a slice of analysis may hold the event loop, milliseconds. */
const SLICE_MS = 8;

interface DocumentState {
  readonly version: number;
  readonly analysis: Analysis;
}

/**
 * The server's state: settings, the catalog they select, and one analysis per
 * open document version (the parse cache every feature reads). Changing settings
 * or the catalog drops every analysis.
 */
export class Session {
  settings: Settings = DEFAULT_SETTINGS;
  catalog: Catalog;
  catalogProblems: readonly CatalogFileFindings[] = [];
  catalogFiles: readonly string[] = [];
  /** Models read from .inference-lens/models/ and the Hugging Face cache (trusted workspaces only). */
  localModels: LocalModels = { models: [], read: [], problems: [] };
  private options: Required<AnalysisOptions> = { assumptions: DEFAULT_ASSUMPTIONS, defaults: DEFAULTS };
  private readonly documents = new Map<string, DocumentState>();
  /** Per document, results by document text: an edit re-analyzes only the documents it touched. */
  private readonly caches = new Map<string, AnalysisCache>();
  private readonly jobs = new Map<string, { readonly version: number; promise: Promise<Analysis | undefined> }>();

  constructor(private workspaceFolders: readonly string[] = []) {
    this.catalog = loadCatalogWith([]).catalog;
  }

  /**
   * Whether the workspace is trusted. An untrusted workspace's own catalog files
   * (and catalog paths from its settings) are ignored: they could change every figure shown.
   */
  trusted = true;

  /** Applies settings (and workspace folders): reloads the catalog and forgets every analysis. */
  configure(settings: Settings, workspaceFolders: readonly string[] = this.workspaceFolders): void {
    this.settings = settings;
    this.workspaceFolders = workspaceFolders;
    const files = this.catalogPaths();
    const loaded = loadCatalogWith(files);
    // Models the catalog lacks may be described on this machine; an untrusted workspace's files are not read.
    const local = withLocalModels(loaded.catalog, {
      workspaceFolders: this.trusted ? this.workspaceFolders : [],
      hfHome: this.trusted ? defaultHfHome() : undefined,
    });
    this.catalog = local.catalog;
    this.localModels = local.local;
    this.catalogFiles = files;
    this.catalogProblems = [
      ...loaded.problems,
      ...loaded.unreadable.map((u) => ({ file: u.file, findings: [{ code: 'yaml-syntax' as const, severity: 'error' as const, message: `Cannot read catalog file: ${u.reason}`, span: { start: 0, end: 0 } }] })),
    ];
    this.options = {
      assumptions: withOverrides({ memoryUtilization: settings.memoryUtilization, utilization: settings.utilization }),
      defaults: { ...DEFAULTS, pricing: settings.pricing, ...(settings.region ? { region: settings.region } : {}) },
    };
    this.documents.clear();
    this.caches.clear();
    this.jobs.clear();
  }

  get analysisOptions(): Required<AnalysisOptions> {
    return this.options;
  }

  /** The analysis of a document version, computed once (at once) and reused by every feature. */
  analysisOf(document: TextDocument): Analysis {
    const state = this.documents.get(document.uri);
    if (state?.version === document.version) return state.analysis;
    return this.store(document, analyze(document.getText(), this.catalog, this.options, this.cacheFor(document.uri)));
  }

  /**
   * The analysis of a document version, computed in slices for long files so the
   * server keeps answering other requests. Resolves to undefined when a newer
   * version arrived first: that result would be stale, and is dropped.
   */
  analysisFor(document: TextDocument): Promise<Analysis | undefined> {
    const state = this.documents.get(document.uri);
    if (state?.version === document.version) return Promise.resolve(state.analysis);
    if (document.getText().length < SLICED_ANALYSIS_CHARACTERS) return Promise.resolve(this.analysisOf(document));
    const running = this.jobs.get(document.uri);
    if (running?.version === document.version) return running.promise;
    // Registered before it starts, so a job that finishes within its first slice still counts as current.
    const job: { version: number; promise: Promise<Analysis | undefined> } = { version: document.version, promise: Promise.resolve(undefined) };
    this.jobs.set(document.uri, job);
    job.promise = this.sliced(document);
    return job.promise;
  }

  private async sliced(document: TextDocument): Promise<Analysis | undefined> {
    const steps = analysisSteps(document.getText(), this.catalog, this.options, this.cacheFor(document.uri));
    let sliceStart = performance.now();
    for (;;) {
      const step = steps.next();
      if (step.done) return this.jobs.get(document.uri)?.version === document.version ? this.store(document, step.value) : undefined;
      if (performance.now() - sliceStart > SLICE_MS) {
        await yieldToEvents();
        if (this.jobs.get(document.uri)?.version !== document.version) return undefined;
        sliceStart = performance.now();
      }
    }
  }

  private cacheFor(uri: string): AnalysisCache {
    let cache = this.caches.get(uri);
    if (!cache) {
      cache = new AnalysisCache();
      this.caches.set(uri, cache);
    }
    return cache;
  }

  private store(document: TextDocument, analysis: Analysis): Analysis {
    this.documents.set(document.uri, { version: document.version, analysis });
    this.jobs.delete(document.uri);
    return analysis;
  }

  forget(uri: string): void {
    this.documents.delete(uri);
    this.caches.delete(uri);
    this.jobs.delete(uri);
  }

  /** Setting paths (relative ones against the first workspace folder), then each folder's own catalog file. */
  private catalogPaths(): string[] {
    if (!this.trusted) return [];
    const root = this.workspaceFolders[0];
    const fromSettings = this.settings.catalogPaths.map((p) => (isAbsolute(p) || !root ? p : join(root, p)));
    const fromWorkspace = this.workspaceFolders.map((folder) => join(folder, WORKSPACE_CATALOG)).filter((p) => existsSync(p));
    return [...fromSettings, ...fromWorkspace];
  }
}

/** A workspace folder URI as a path, or undefined for non-file schemes. */
export function folderPath(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}
