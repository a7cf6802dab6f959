import { FINDING_CODES, type Finding } from '../core/findings';
import type { LineCounter } from 'yaml';
import type { Analysis } from '../core/engine/analyze';
import { toRegion, type Region } from './positions';

/**
 * A file as the CLI reports it: by default with its whole analysis; `check` keeps only
 * the findings, so a run over thousands of files does not hold every estimate until it prints.
 */
export interface CheckedFile<A extends Pick<Analysis, 'findings'> = Analysis> {
  readonly path: string;
  readonly analysis: A;
  /** Line starts of the file, for 1-based lines and columns. */
  readonly lines: LineCounter;
}

/** What the findings' outputs read of a file. */
export type FindingsFile = CheckedFile<Pick<Analysis, 'findings'>>;

export type JsonFinding = { readonly code: string; readonly severity: string; readonly message: string } & Region;

export function jsonFinding(file: FindingsFile, finding: Finding): JsonFinding {
  return { code: finding.code, severity: finding.severity, message: finding.message, ...toRegion(file.lines, finding.span) };
}

/** `file:line:col severity code message`, one finding a line. */
export function textFindings(files: readonly FindingsFile[]): string {
  const lines: string[] = [];
  for (const file of files) {
    for (const finding of file.analysis.findings) {
      const { line, column } = toRegion(file.lines, finding.span);
      lines.push(`${file.path}:${line}:${column} ${finding.severity} ${finding.code} ${finding.message}`);
    }
  }
  return lines.join('\n');
}

export function jsonFindings(files: readonly FindingsFile[]): string {
  return JSON.stringify(
    { files: files.map((file) => ({ file: file.path, findings: file.analysis.findings.map((f) => jsonFinding(file, f)) })) },
    null,
    2,
  );
}

const README_CODES = 'https://github.com/inference-lens/inference-lens#finding-codes';

/** SARIF 2.1.0 as GitHub code scanning accepts it: one run, one rule per code used, relative file URIs. */
export function sarifFindings(files: readonly FindingsFile[], version: string): string {
  const used = [...new Set(files.flatMap((f) => f.analysis.findings.map((x) => x.code)))].sort();
  const level = { error: 'error', warning: 'warning', info: 'note' } as const;
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'inference-lens',
            version,
            informationUri: 'https://github.com/inference-lens/inference-lens',
            rules: used.map((code) => ({
              id: code,
              name: code,
              shortDescription: { text: FINDING_CODES[code] },
              helpUri: `${README_CODES}`,
            })),
          },
        },
        results: files.flatMap((file) =>
          file.analysis.findings.map((finding) => {
            const region = toRegion(file.lines, finding.span);
            return {
              ruleId: finding.code,
              ruleIndex: used.indexOf(finding.code),
              level: level[finding.severity],
              message: { text: finding.message },
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: { uri: file.path.replace(/\\/g, '/').replace(/^\.\//, '') },
                    region: { startLine: region.line, startColumn: region.column, endLine: region.endLine, endColumn: region.endColumn },
                  },
                },
              ],
            };
          }),
        ),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2);
}
