/** Plain-DOM view of a backend check: one table row per backend, then the JSON report. */
import type { BackendCheck, BackendCheckReport } from './report';

function cell(row: HTMLTableRowElement, text: string, className?: string): void {
  const td = row.insertCell();
  td.textContent = text;
  if (className) td.className = className;
}

function formatLeak(check: Extract<BackendCheck, { status: 'ran' }>): string {
  const perStep = check.tensorLeakPerStep.join(', ');
  return `${perStep} (after dispose: ${check.tensorsLeftAfterDispose})`;
}

/** Adds or replaces the row of `check.name`. */
export function renderRow(table: HTMLTableElement, check: BackendCheck): void {
  const body = table.tBodies[0] ?? table.createTBody();
  const existing = body.querySelector<HTMLTableRowElement>(`tr[data-backend="${check.name}"]`);
  const row = document.createElement('tr');
  row.dataset.backend = check.name;
  row.dataset.status = check.status;
  cell(row, check.name);
  if (check.status === 'ran') {
    const leaked = check.tensorLeakPerStep.some((n) => n !== 0) || check.tensorsLeftAfterDispose !== 0;
    cell(row, 'ran', 'ok');
    cell(row, `${check.meanStepMs.toFixed(1)} (first ${check.stepMs[0].toFixed(0)})`);
    cell(row, check.maxAbsDiffVsCpu === null ? '—' : check.maxAbsDiffVsCpu.toExponential(2));
    cell(row, formatLeak(check), leaked ? 'bad' : 'ok');
  } else {
    cell(row, `${check.status}: ${check.reason}`, check.status === 'error' ? 'bad' : 'muted');
    for (let i = 0; i < 3; i++) cell(row, '—');
  }
  if (existing) existing.replaceWith(row);
  else body.append(row);
}

export function renderReport(pre: HTMLElement, report: BackendCheckReport): void {
  pre.textContent = JSON.stringify(report, null, 2);
}
