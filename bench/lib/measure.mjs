// The benchmarks' options (`--name=value`, `--flag`), the statistics they print, and how they print them.
import { writeFileSync } from 'node:fs';

/** argv → { name: value }; a bare `--flag` has the value undefined (test it with `'flag' in args`). */
export function parseArgs(argv) {
  return Object.fromEntries(argv.map((a) => a.replace(/^--/, '').split('=')));
}

/** The median of a list (the mean of the two middle values when the count is even). */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median, p95 and count of a list of ms, rounded to 0.01 ms. */
export function summarise(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  return { medianMs: Math.round(at(0.5) * 100) / 100, p95Ms: Math.round(at(0.95) * 100) / 100, steps: sorted.length };
}

/** Prints a benchmark's report as JSON on stdout and, with `--out=FILE`, writes the same JSON to FILE. */
export function printReport(report, outPath) {
  const json = JSON.stringify(report, null, 2);
  console.log(json);
  if (outPath) writeFileSync(outPath, `${json}\n`);
}
