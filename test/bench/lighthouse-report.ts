import type { Result } from 'lighthouse';

export const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

/** What a page owner needs to act on an audit: which one, by how much, and where. */
export interface Finding {
  id: string;
  title: string;
  detail: string;
  nodes: string[];
  /** How many of the runs it failed in (Lighthouse varies from run to run). */
  runs: number;
}

const MAX_NODES = 4;
// Lighthouse's own report draws an audit as passed from 0.9 up; below that it is one to fix.
const PASS = 0.9;

const percent = (score: number | null | undefined) => (score === null || score === undefined ? '–' : String(Math.round(score * 100)));

export function scoreLine(lhr: Result): string {
  return CATEGORIES.map((id) => `${id} ${percent(lhr.categories[id]?.score)}`).join('  ');
}

function nodesOf(audit: Result['audits'][string]): string[] {
  const details = audit.details;
  if (!details || !('items' in details) || !Array.isArray(details.items)) return [];
  const nodes: string[] = [];
  for (const item of details.items as Record<string, unknown>[]) {
    const node = item.node as { selector?: string; snippet?: string } | undefined;
    if (node?.snippet) nodes.push(`${node.selector ?? ''}  ${node.snippet}`.trim());
    else if (typeof item.url === 'string') nodes.push(item.url);
    if (nodes.length === MAX_NODES) break;
  }
  return nodes;
}

/**
 * The audits that keep a category below 100. Performance also lists its metrics, since its
 * score is their weighted sum and a metric's own score says which one costs the points.
 */
export function findings(lhr: Result, category: (typeof CATEGORIES)[number]): Omit<Finding, 'runs'>[] {
  const cat = lhr.categories[category];
  if (!cat || cat.score === null || cat.score >= 1) return [];
  const out: Omit<Finding, 'runs'>[] = [];
  for (const ref of cat.auditRefs) {
    const audit = lhr.audits[ref.id];
    if (!audit) continue;
    const metric = ref.group === 'metrics';
    const failed =
      audit.scoreDisplayMode === 'error' ||
      (audit.score !== null && (metric ? audit.score < 1 : audit.score < PASS) && ['binary', 'numeric', 'metricSavings'].includes(audit.scoreDisplayMode));
    if (!failed) continue;
    const detail = audit.scoreDisplayMode === 'error' ? `error: ${audit.errorMessage ?? ''}` : `score ${percent(audit.score)}${audit.displayValue ? `, ${audit.displayValue}` : ''}${metric ? ` (metric, weight ${ref.weight})` : ''}`;
    out.push({ id: audit.id, title: audit.title, detail, nodes: nodesOf(audit) });
  }
  return out;
}

/** Merges each run's findings per category, counting the runs each one failed in. */
export function mergeFindings(lhrs: Result[]): Map<string, Finding[]> {
  const byCategory = new Map<string, Finding[]>();
  for (const category of CATEGORIES) {
    const merged = new Map<string, Finding>();
    for (const lhr of lhrs) {
      for (const finding of findings(lhr, category)) {
        const seen = merged.get(finding.id);
        if (seen) seen.runs += 1;
        else merged.set(finding.id, { ...finding, runs: 1 });
      }
    }
    if (merged.size) byCategory.set(category, [...merged.values()]);
  }
  return byCategory;
}

export function printPage(label: string, url: string, lhrs: Result[], seconds: number[]): void {
  console.log(`  ${label}  ${url}`);
  // benchmarkIndex is Lighthouse's own measure of the CPU it had (higher is faster).
  lhrs.forEach((lhr, i) => console.log(`    run ${i + 1}: ${scoreLine(lhr)}  (${seconds[i]?.toFixed(0)} s, benchmarkIndex ${lhr.environment.benchmarkIndex.toFixed(0)})`));
  for (const [category, list] of mergeFindings(lhrs)) {
    console.log(`    below 100 in ${category}:`);
    for (const f of list) {
      const runs = lhrs.length > 1 ? ` [${f.runs} of ${lhrs.length} runs]` : '';
      console.log(`      ${f.id}: ${f.title} — ${f.detail}${runs}`);
      for (const node of f.nodes) console.log(`          ${node.replace(/\s+/g, ' ').slice(0, 200)}`);
    }
  }
}
