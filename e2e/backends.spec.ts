import { expect, test } from '@playwright/test';
import type { BackendCheckReport } from '../src/app/pages/backend-check/report';

// Absolute tolerance on activated outputs (tanh/sigmoid/softmax, all in [-1, 1]); measured agreement is ~1e-7.
const TOLERANCE = 1e-3;
const OUTPUTS_PER_STEP = 17;

test('every tfjs backend gives the cpu outputs and a streaming step leaks no tensors @webgpu', async ({ page }) => {
  test.setTimeout(150_000); // WebGPU on SwiftShader compiles shaders for 5–10 s
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));

  await page.goto('/backends.html');
  const container = page.getByTestId('backend-check');
  await expect(container).toHaveAttribute('data-state', /done|failed/, { timeout: 120_000 });
  const status = await page.getByTestId('backend-status').textContent();
  expect(await container.getAttribute('data-state'), status ?? '').toBe('done');

  const report = JSON.parse((await page.getByTestId('backend-report').textContent()) ?? '') as BackendCheckReport;
  expect(report.type).toBe('affectscope-backend-check');
  expect(report.backends.map((b) => b.name)).toEqual(['cpu', 'wasm', 'webgl', 'webgpu']);
  // Print the measurements so a run's log records them.
  for (const b of report.backends) {
    console.log(b.status === 'ran' ? `${b.name}: ${b.stepMs.map((ms) => ms.toFixed(1)).join(' / ')} ms, max|Δ| ${b.maxAbsDiffVsCpu}, leak ${b.tensorLeakPerStep}` : `${b.name}: ${b.status} (${b.reason})`);
  }

  // A backend that initialised but then threw is a failure; one that cannot initialise is only reported.
  expect(report.backends.filter((b) => b.status === 'error')).toEqual([]);
  const ran = report.backends.flatMap((b) => (b.status === 'ran' ? [b] : []));
  expect(ran.map((b) => b.name)).toEqual(expect.arrayContaining(['cpu', 'wasm', 'webgpu'])); // --enable-unsafe-webgpu + allowSoftwareAdapter

  const cpu = ran.find((b) => b.name === 'cpu')!;
  expect(cpu.outputs).toHaveLength(report.input.frames);
  for (const row of cpu.outputs) {
    expect(row).toHaveLength(OUTPUTS_PER_STEP);
    for (const value of row) expect(Number.isFinite(value)).toBe(true);
  }
  for (const backend of ran) {
    // Compared here from the raw outputs, not from the page's own max|Δ|.
    backend.outputs.forEach((row, t) => {
      const worst = Math.max(...row.map((value, i) => Math.abs(value - cpu.outputs[t][i])));
      expect(worst, `${backend.name} step ${t}: max |Δ| vs cpu`).toBeLessThanOrEqual(TOLERANCE);
    });
    expect(backend.tensorLeakPerStep, `${backend.name}: numTensors after − before each step`).toEqual(Array(report.input.frames - 1).fill(0));
    expect(backend.tensorsLeftAfterDispose, `${backend.name}: numTensors after dispose − before the model`).toBe(0);
  }
  // The steps must differ from each other, or the recurrent state and the input would be untested.
  expect(cpu.outputs[1]).not.toEqual(cpu.outputs[0]);

  expect(consoleErrors).toEqual([]);
});
