import type { Source } from '../catalog/types';

/** Escapes text for Markdown so names from manifests and catalogs cannot inject markup or links. */
export function md(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>~]/g, (c) => `\\${c}`);
}


export const NOT_PUBLISHED = '_not published_';

/** The sources line every card ends with: host names linked, with their dates. */
export function sourcesLine(sources: readonly Source[]): string {
  const items = sources.map((s) => `[${md(hostOf(s.url))}](${s.url}) (${s.asOf})`);
  return `Sources: ${items.join(', ')}`;
}

/** A source's short name: its host, and for code hosts the repository too. */
function hostOf(url: string): string {
  try {
    const parsed = new URL(url);
    const host = parsed.host.replace(/^www\./, '');
    const [owner, repo] = parsed.pathname.split('/').filter(Boolean);
    if ((host === 'github.com' || host === 'raw.githubusercontent.com' || host === 'huggingface.co') && owner && repo) return `${owner}/${repo}`;
    return host;
  } catch {
    return url;
  }
}
