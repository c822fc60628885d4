// Measures one pipeline in one page of the benchmark browser: a peer page (window.__bench, peer-pages/bench-loop.js)
// or the affectscope app (window.__affectscope, as bench/live.mjs reads it). Both: wait for the first result
// with a face, discard a warm-up, clear, measure `seconds`, read back.
import { median, summarise } from './measure.mjs';

const FIRST_RESULT_DEADLINE_MS = 180_000;
const WARM_UP_MS = 2000;
const round = (x, digits = 1) => (Number.isFinite(x) ? Math.round(x * 10 ** digits) / 10 ** digits : null);

/** A new page that may reach only `origin`; resolves with it and the list of requests it blocked. */
async function openPage(browser, origin) {
  const page = await browser.newPage({ serviceWorkers: 'block' });
  const blocked = [];
  const errors = [];
  await page.route((url) => new URL(url).origin !== origin, (route) => {
    blocked.push(route.request().url().slice(0, 120));
    return route.abort();
  });
  page.on('pageerror', (e) => errors.push(String(e).slice(0, 300)));
  return { page, blocked, errors };
}

async function waitFor(page, read, done) {
  const startedMs = Date.now();
  for (;;) {
    const state = await page.evaluate(read);
    if (done(state)) return state;
    if (Date.now() - startedMs > FIRST_RESULT_DEADLINE_MS) return { ...state, timedOut: true };
    await page.waitForTimeout(250);
  }
}

/** A peer page at `url` (its origin the only one reachable). */
export async function measurePeer(browser, url, seconds) {
  const { page, blocked, errors } = await openPage(browser, new URL(url).origin);
  try {
    await page.goto(url);
    const first = await waitFor(page, () => {
      const b = window.__bench;
      return b ? { phase: b.phase, error: b.error, firstResultMs: b.firstResultMs } : null;
    }, (s) => s && (s.phase === 'failed' || s.firstResultMs !== null));
    if (first?.phase === 'failed' || first?.timedOut || !first) {
      return { error: first?.error ?? `no result with a face within ${FIRST_RESULT_DEADLINE_MS / 1000} s`, pageErrors: errors, blockedRequests: blocked };
    }
    await page.waitForTimeout(WARM_UP_MS);
    await page.evaluate(() => window.__bench.clear());
    await page.waitForTimeout(seconds * 1000);
    const b = await page.evaluate(() => {
      const { calls, meta, cameraReadyMs, modelsReadyMs, firstResultMs, phase, error } = window.__bench;
      return { calls: calls.slice(), meta, cameraReadyMs, modelsReadyMs, firstResultMs, phase, error };
    });
    if (b.phase === 'failed') return { error: b.error, pageErrors: errors, blockedRequests: blocked };
    const ends = b.calls.map(([start, ms]) => start + ms);
    const spanMs = ends.at(-1) - ends[0];
    return {
      fps: round(((ends.length - 1) * 1000) / spanMs),
      perFrameMs: summarise(b.calls.map(([, ms]) => ms)),
      firstResultMs: Math.round(b.firstResultMs),
      modelsReadyMs: Math.round(b.modelsReadyMs),
      cameraReadyMs: Math.round(b.cameraReadyMs),
      facesPerFrameMedian: median(b.calls.map(([, , faces]) => faces)),
      framesWithoutFace: b.calls.filter(([, , faces]) => faces === 0).length,
      meta: b.meta,
      pageErrors: errors,
      blockedRequests: blocked,
    };
  } finally {
    await page.close();
  }
}

/** The built app live at `url` (vite preview), read through window.__affectscope as bench/live.mjs does. */
export async function measureAffectscope(browser, url, seconds) {
  const { page, blocked, errors } = await openPage(browser, new URL(url).origin);
  try {
    await page.goto(url);
    const first = await waitFor(page, () => {
      const s = window.__affectscope?.getSnapshot();
      return s ? { first: s.firstPredictionMs, phase: s.phase, messages: s.messages.map((m) => `${m.code}: ${m.text}`) } : null;
    }, (s) => s && (s.first || s.phase === 'failed'));
    if (!first?.first) return { error: first?.messages?.join(' | ') || `no prediction within ${FIRST_RESULT_DEADLINE_MS / 1000} s`, pageErrors: errors, blockedRequests: blocked };
    await page.waitForTimeout(WARM_UP_MS);
    const read = () => {
      const c = window.__affectscope;
      const s = c.getSnapshot();
      return { nowMs: performance.now(), results: s.resultsTotal, predictions: s.predictionsTotal };
    };
    await page.evaluate(() => window.__affectscope.stats.clear());
    const before = await page.evaluate(read);
    await page.waitForTimeout(seconds * 1000);
    const after = await page.evaluate(read);
    const details = await page.evaluate(() => {
      const c = window.__affectscope;
      const s = c.getSnapshot();
      const totals = c.stats.stages.get('totalMs');
      const r = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Math.round(v * 100) / 100]));
      return {
        backend: s.backend, model: s.model?.name, firstPredictionMs: s.firstPredictionMs, faceCount: s.face?.faceCount ?? null,
        totalMedianMs: totals.percentile(50), totalP95Ms: totals.percentile(95), totalCount: totals.count,
        stageMedianMs: r(c.stats.medians()), stageP95Ms: r(c.stats.p95s()), fps5s: c.stats.fps(),
      };
    });
    const spanS = (after.nowMs - before.nowMs) / 1000;
    return {
      fps: round((after.results - before.results) / spanS),
      predictionsPerSecond: round((after.predictions - before.predictions) / spanS),
      // Frame captured → prediction shown; the stages overlap in two workers, so fps can exceed 1000 / this.
      perFrameMs: { medianMs: round(details.totalMedianMs, 2), p95Ms: round(details.totalP95Ms, 2), steps: details.totalCount, of: 'the last 120 frames (the page keeps 120)' },
      firstResultMs: Math.round(details.firstPredictionMs),
      facesSeenByTheLandmarker: details.faceCount,
      meta: { backend: details.backend, model: details.model, stageMedianMs: details.stageMedianMs, stageP95Ms: details.stageP95Ms, pageFps5s: round(details.fps5s) },
      pageErrors: errors,
      blockedRequests: blocked,
    };
  } finally {
    await page.close();
  }
}
