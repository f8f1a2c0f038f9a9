// Shared bits for benchmarks: percentiles, timing, and a readable table.
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function ms(n: number): string {
  return `${n.toFixed(1)} ms`;
}

export type BenchRow = { id: string; what: string; ours: string; baseline: string; ratio: string; target: string; pass: boolean; details?: Record<string, unknown> };

export function printTable(rows: BenchRow[]): void {
  const head = ['#', 'what', 'ours', 'baseline (same run)', 'ratio', 'target', 'ok'];
  const body = rows.map((r) => [r.id, r.what, r.ours, r.baseline, r.ratio, r.target, r.pass ? 'yes' : 'NO']);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  console.log(line(head));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const b of body) console.log(line(b));
}
