/** The help the CLI prints: one text for the tool, one per command. */

export const COMMAND_NAMES = ['check', 'estimate', 'report', 'catalog', 'diff'] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

export function isCommand(name: string): name is CommandName {
  return (COMMAND_NAMES as readonly string[]).includes(name);
}

const CATALOG_OPTION = `  --catalog FILE   Merge a catalog file over the bundled data (repeatable). Without it,
                   .inference-lens/catalog.yaml in the current directory is used if present.`;

export const USAGE = `Usage: inference-lens <command> [options]

Commands:
  check <files|dirs…> [--format text|json|sarif]   Check manifests; exit 1 if any finding is an error.
  estimate <file> [--json]                          Estimate every deployment in a file.
  report <files|dirs…>                              Findings and an estimate table for people (always exits 0 on readable input).
  catalog [query] [--json] [--stats]                Search chips, instances, models and API offers; an exact id prints its card.
  diff <base> [<head>] [paths…] [--format …]        What changes between two git revisions, per deployment: cost, speed, fit.

Options:
${CATALOG_OPTION}
  -h, --help       Show this help, or a command's help (inference-lens check --help).
  -v, --version    Print the version.`;

export const COMMAND_USAGE: Readonly<Record<CommandName, string>> = {
  check: `Usage: inference-lens check <files|dirs…> [--format text|json|sarif]

Checks every YAML file named, or found under the directories named (node_modules and .git
are skipped). Documents that are not deployments are left alone.

Options:
  --format text    file:line:col severity code message, one finding a line (default)
  --format json    {"files":[{"file","findings":[{code,severity,message,line,column,endLine,endColumn}]}]}
  --format sarif   SARIF 2.1.0 for GitHub code scanning
${CATALOG_OPTION}

Exit codes: 0 no errors (warnings and notes allowed), 1 a finding of error severity,
2 usage or an unreadable file.`,

  estimate: `Usage: inference-lens estimate <file> [--json]

Estimates every deployment in one file: memory fit, time to first token, time per output
token, throughput, cost per hour and per million output tokens, with the assumptions used.

Options:
  --json           Every figure, its explanation and the findings, as JSON (null where unknown)
${CATALOG_OPTION}

Exit codes: 0 no errors, 1 a finding of error severity, 2 usage or an unreadable file.`,

  report: `Usage: inference-lens report [files|dirs…]

Findings per file and one estimate table, for people (default: the current directory).

Options:
${CATALOG_OPTION}

Exit codes: 0 whatever the findings, 2 an unreadable file.`,

  catalog: `Usage: inference-lens catalog [query] [--json] [--stats]

Searches chips, instances, models and API offers by id, alias and name. A query that is an
exact id or alias prints that entry's card: its figures with units, each with its source.

Options:
  --json           Entries as JSON
  --stats          How many entries of each kind, and the oldest as-of date
${CATALOG_OPTION}

Exit codes: 0 found, 1 nothing matches (with suggestions on stderr).`,

  diff: `Usage: inference-lens diff <base> [<head>] [paths…] [--format text|json|markdown]

What a change does to each deployment between two git revisions: cost per hour and per
million output tokens, time to first token, time per output token, memory fit, hardware.
Files are read with \`git show\`; nothing is checked out. Without <head>, the working tree
(tracked and untracked files, not ignored ones) is compared. Paths limit the YAML files
compared; put \`--\` before them when a path could be read as a revision.

  inference-lens diff main                        the working tree against main
  inference-lens diff origin/main HEAD deploy/    a pull request's deployments under deploy/

Options:
  --format text       One line per deployment, with arrows (default)
  --format json       {"deployments":[{name,file,change,before,after}],"totals":{costPerHourBefore,costPerHourAfter}}
  --format markdown   A review comment: a table with ± percentages, and the findings the change introduces
${CATALOG_OPTION}

Each deployment is added, removed, changed (any figure or hardware differs) or unchanged.
Exit codes: 0 compared, 2 usage, not a git repository, or an unknown revision.`,
};
