// Calibrates and checks the blendshape → AU table of src/core/au/blendshape-aus.ts on faces the app's own
// landmarker prepared (`npm run prepare-data -- faces …`, which keeps the 52 blendshapes per face).
//
//   node tools/data/au-blendshape-table.mjs subset <faces.npz> <ferplus votes.npz> --every 7 --out <prefix>
//   node tools/data/au-blendshape-table.mjs --calibrate <cache prefix> [--calibrate-votes ferplus_*_votes.npz]
//                                        --report <cache prefix> [--report-votes ferplus_*_votes.npz] [--markdown out.md]
//
// subset: every n-th face (images, labels) → <prefix>.npz and its FER+ votes → <prefix>_votes.npz, for prepare-data
// (fer2013_train.npz is sorted by label: its first rows are all Anger, so `prepare-data --limit` is no sample).
// calibrate: per AU, restScore = median raw score on neutral faces; presentScore = the threshold of highest Youden's
// J (TPR − FPR) for "the face's expression is one FACS expects the AU in" (Du, Tao & Martinez 2014 priors ≥ 0.5, the
// table in MODEL_CARD.md) among those that call at most --rest-fpr (default 0.10) of neutral faces present (a neutral
// face shows no AU: unconstrained, J's optimum calls 39–61 % of neutral faces present for AU1, 2, 4, 6 and 15);
// fullScore = 99th percentile over all faces. Labels: FER+ majority when votes are given (cleaner), else FER2013's.
// As evidence it reports, per AU, the ROC AUC (and of the alternatives: left/right mean instead of max; AU25 from the
// jaw alone), J at the chosen threshold, and the unconstrained optimum with the share of neutral faces it calls present.
// report: mean activation and share present per expression class, N per class, on the report split with the
// calibration just found (FER2013 labels, and FER+ majority labels when votes are given).
// Only faces the landmarker found are used. Progress to stderr, summary JSON to stdout.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseCliArgs } from './lib/cli-args.mjs';
import { importTypeScript } from '../build/import-ts.mjs';
import { encodeNpz, parseNpy, parseNpz } from './lib/npy.mjs';

const EXPRESSIONS = ['Neutral', 'Anger', 'Disgust', 'Fear', 'Happiness', 'Sadness', 'Surprise'];
/** AU → expressions whose Du, Tao & Martinez (2014) prior is ≥ 0.5 (MODEL_CARD.md, "Targets for the heads without labels"). */
const EXPECTED = {
  AU1: ['Fear', 'Sadness', 'Surprise'],
  AU2: ['Fear', 'Surprise'],
  AU4: ['Anger', 'Fear', 'Sadness'],
  AU6: ['Happiness', 'Sadness'],
  AU12: ['Happiness'],
  AU15: ['Sadness'],
  AU20: ['Fear'],
  AU25: ['Fear', 'Happiness', 'Surprise'],
};
/** FER+ vote columns → ABAW index; contempt, unknown and not-a-face → -1. */
const FERPLUS_TO_ABAW = [0, 4, 6, 5, 1, 2, 3, -1, -1, -1];
const log = (m) => process.stderr.write(`${m}\n`);

function loadCache(prefix) {
  const npy = (name) => parseNpy(new Uint8Array(readFileSync(`${prefix}_${name}.npy`)), `${prefix}_${name}.npy`);
  const meta = JSON.parse(readFileSync(`${prefix}_meta.json`, 'utf8'));
  const blend = npy('blendshapes');
  const [count, width] = blend.shape;
  const names = meta.blendshapeNames;
  if (names.length !== width) throw new Error(`${prefix}: expected ${width} blendshape names in the meta, got ${names.length}`);
  const rows = Array.from({ length: count }, (_, i) => Object.fromEntries(names.map((n, k) => [n, blend.data[i * width + k]])));
  return { count, rows, labels: Array.from(npy('labels').data), found: Array.from(npy('found').data) };
}

/** FER+ majority label (ABAW index) per row, or -1: votes of 1 dropped, top class > half the rest (Barsoum et al. 2016). */
function ferplusMajority(votesPath, count) {
  const { votes } = parseNpz(new Uint8Array(readFileSync(votesPath)), votesPath);
  const width = votes.shape[1];
  return Array.from({ length: count }, (_, i) => {
    const v = Array.from(votes.data.subarray(i * width, (i + 1) * width), (x) => (x <= 1 ? 0 : x));
    const total = v.reduce((a, b) => a + b, 0);
    const top = v.indexOf(Math.max(...v));
    return total > 0 && v[top] * 2 > total ? FERPLUS_TO_ABAW[top] : -1;
  });
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))];
const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

/** ROC AUC of `scores` for `positive` (Mann–Whitney U, ties count ½). */
function rocAuc(scores, positive) {
  const order = scores.map((s, i) => [s, positive[i]]).sort((a, b) => a[0] - b[0]);
  let rankSum = 0, nPos = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j < order.length && order[j][0] === order[i][0]) j++;
    const rank = (i + j + 1) / 2; // mean 1-based rank of the tie group
    for (let k = i; k < j; k++) if (order[k][1]) { rankSum += rank; nPos++; }
    i = j;
  }
  const nNeg = order.length - nPos;
  return (rankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/**
 * The threshold t (score ≥ t = present) of highest Youden's J over 400 quantiles of `scores`, among those that call
 * at most `maxNeutralShare` of the `neutral` scores present.
 */
function youdenThreshold(scores, positive, neutral, maxNeutralShare = 1) {
  const sorted = [...scores].sort((a, b) => a - b);
  const nPos = positive.filter(Boolean).length, nNeg = positive.length - nPos;
  let best = { threshold: NaN, j: -Infinity, tpr: 0, fpr: 0, neutralPresent: 1 };
  for (let q = 1; q < 400; q++) {
    const t = quantile(sorted, q / 400);
    const neutralPresent = neutral.filter((v) => v >= t).length / neutral.length;
    if (neutralPresent > maxNeutralShare) continue;
    let tp = 0, fp = 0;
    scores.forEach((s, i) => { if (s >= t) positive[i] ? tp++ : fp++; });
    const j = tp / nPos - fp / nNeg;
    if (j > best.j) best = { threshold: t, j, tpr: tp / nPos, fpr: fp / nNeg, neutralPresent };
  }
  return best;
}

const round3 = (x) => Math.round(x * 1000) / 1000;

function calibrate(au, cache, labels, restFpr) {
  const keep = cache.rows.map((_, i) => i).filter((i) => cache.found[i] && labels[i] >= 0);
  const rows = keep.map((i) => cache.rows[i]);
  const lab = keep.map((i) => labels[i]);
  const calibration = {}, evidence = {};
  for (const name of au.ACTION_UNITS) {
    const source = au.BLENDSHAPE_AU_SOURCES[name];
    const raw = rows.map((r) => au.rawAuScore(r, source));
    const positive = lab.map((l) => EXPECTED[name].includes(EXPRESSIONS[l]));
    const neutral = raw.filter((_, i) => lab[i] === 0).sort((a, b) => a - b);
    const restScore = round3(quantile(neutral, 0.5));
    const fullScore = round3(quantile([...raw].sort((a, b) => a - b), 0.99));
    const chosen = youdenThreshold(raw, positive, neutral, restFpr);
    // The presence threshold must lie strictly between rest and full (validateAuCalibration).
    const presentScore = round3(Math.min(Math.max(chosen.threshold, restScore + 0.001), fullScore - 0.001));
    calibration[name] = { restScore, presentScore, fullScore };
    const alternatives = { used: rocAuc(raw, positive) };
    if (source.kind === 'pair-max') alternatives.pairMean = rocAuc(rows.map((r) => (r[source.left] + r[source.right]) / 2), positive);
    if (source.kind === 'lips-apart') {
      alternatives.jawOnly = rocAuc(rows.map((r) => Math.max(0, r.jawOpen - r.mouthClose)), positive);
      alternatives.jawOpen = rocAuc(rows.map((r) => r.jawOpen), positive);
    }
    const free = youdenThreshold(raw, positive, neutral);
    evidence[name] = {
      expected: EXPECTED[name],
      rocAuc: Object.fromEntries(Object.entries(alternatives).map(([k, v]) => [k, round3(v)])),
      chosen: { j: round3(chosen.j), tpr: round3(chosen.tpr), fpr: round3(chosen.fpr), neutralPresent: round3(chosen.neutralPresent) },
      unconstrained: { threshold: round3(free.threshold), j: round3(free.j), neutralPresent: round3(free.neutralPresent) },
    };
  }
  return { faces: keep.length, neutralFaces: lab.filter((l) => l === 0).length, calibration, evidence };
}

function byClass(au, cache, labels, calibration) {
  const out = EXPRESSIONS.map(() => ({ n: 0, sum: new Array(8).fill(0), present: new Array(8).fill(0) }));
  cache.rows.forEach((row, i) => {
    if (!cache.found[i] || labels[i] < 0) return;
    const m = au.blendshapesToActionUnits(row, calibration);
    const c = out[labels[i]];
    c.n++;
    m.activations.forEach((a, k) => { c.sum[k] += a; c.present[k] += m.present[k] ? 1 : 0; });
  });
  const all = out.reduce((a, c) => ({ n: a.n + c.n, present: a.present.map((p, k) => p + c.present[k]) }), { n: 0, present: new Array(8).fill(0) });
  return {
    classes: Object.fromEntries(EXPRESSIONS.map((e, k) => [e, {
      n: out[k].n,
      meanActivation: out[k].sum.map((s) => round3(s / out[k].n)),
      sharePresent: out[k].present.map((p) => round3(p / out[k].n)),
    }])),
    sharePresentAll: all.present.map((p) => round3(p / all.n)),
    faces: all.n,
  };
}

/** Where each AU's mean activation is highest, against the FACS-expected pattern the issue names. */
function patternChecks(au, table) {
  const top = (name) => {
    const k = au.ACTION_UNITS.indexOf(name);
    return EXPRESSIONS.reduce((best, e) => (table.classes[e].meanActivation[k] > table.classes[best].meanActivation[k] ? e : best));
  };
  const tops = Object.fromEntries(au.ACTION_UNITS.map((n) => [n, top(n)]));
  const rankOf = (name, e) => {
    const k = au.ACTION_UNITS.indexOf(name);
    return 1 + EXPRESSIONS.filter((o) => table.classes[o].meanActivation[k] > table.classes[e].meanActivation[k]).length;
  };
  return {
    highestClass: tops,
    'AU12 highest on Happiness': tops.AU12 === 'Happiness',
    'AU6 highest on Happiness': tops.AU6 === 'Happiness',
    'AU1 highest on Surprise': tops.AU1 === 'Surprise',
    'AU2 highest on Surprise': tops.AU2 === 'Surprise',
    'AU4 rank on Anger, Sadness (of 7)': [rankOf('AU4', 'Anger'), rankOf('AU4', 'Sadness')],
    'AU15 highest on Sadness': tops.AU15 === 'Sadness',
  };
}

function markdownTable(au, table, title) {
  const head = `| ${title} | N | ${au.ACTION_UNITS.join(' | ')} |\n|---|---|${au.ACTION_UNITS.map(() => '---').join('|')}|`;
  const rows = EXPRESSIONS.map((e) => {
    const c = table.classes[e];
    return `| ${e} | ${c.n} | ${c.meanActivation.map((v, k) => `${v.toFixed(2)} (${Math.round(c.sharePresent[k] * 100)} %)`).join(' | ')} |`;
  });
  const all = `| all faces | ${table.faces} | ${table.sharePresentAll.map((p) => `(${Math.round(p * 100)} %)`).join(' | ')} |`;
  return [head, ...rows, all].join('\n');
}

/** Every `every`-th row of a face .npz (images, labels) and of its FER+ votes, written as two .npz files. */
function subsetCommand([facesPath, votesPath], options) {
  const every = Number(options.every);
  if (!facesPath || !votesPath || !options.out || !(Number.isInteger(every) && every >= 1)) {
    throw new Error('subset: expected <faces.npz> <votes.npz> --every <n ≥ 1> --out <prefix>');
  }
  const { images, labels } = parseNpz(new Uint8Array(readFileSync(facesPath)), facesPath);
  const { votes } = parseNpz(new Uint8Array(readFileSync(votesPath)), votesPath);
  const [count, h, w] = images.shape;
  if (votes.shape[0] !== count) throw new Error(`subset: expected ${count} vote rows (one per face), got ${votes.shape[0]}`);
  const rows = Array.from({ length: Math.ceil(count / every) }, (_, k) => k * every);
  const take = (array, width) => {
    const out = new array.data.constructor(rows.length * width);
    rows.forEach((r, k) => out.set(array.data.subarray(r * width, (r + 1) * width), k * width));
    return out;
  };
  writeFileSync(`${options.out}.npz`, encodeNpz({ images: { data: take(images, h * w), shape: [rows.length, h, w] }, labels: { data: take(labels, 1), shape: [rows.length] } }));
  writeFileSync(`${options.out}_votes.npz`, encodeNpz({ votes: { data: take(votes, votes.shape[1]), shape: [rows.length, votes.shape[1]] } }));
  return { type: 'affectscope-face-subset', source: facesPath, every, count: rows.length, files: [`${options.out}.npz`, `${options.out}_votes.npz`] };
}

async function main() {
  const { positional, options } = parseCliArgs(process.argv.slice(2));
  if (positional[0] === 'subset') {
    process.stdout.write(`${JSON.stringify(subsetCommand(positional.slice(1), options), null, 2)}\n`);
    return;
  }
  if (!options.calibrate || !options.report) throw new Error('expected --calibrate <cache prefix> and --report <cache prefix>');
  const au = { ...(await importTypeScript('src/core/au/index.ts')), ACTION_UNITS: (await importTypeScript('src/core/labels.ts')).ACTION_UNITS };
  const calibrationCache = loadCache(options.calibrate);
  const calibrationLabels = options['calibrate-votes'] ? ferplusMajority(options['calibrate-votes'], calibrationCache.count) : calibrationCache.labels;
  log(`calibrating on ${calibrationCache.count} faces of ${options.calibrate} (${options['calibrate-votes'] ? 'FER+ majority' : 'FER2013'} labels)`);
  const restFpr = Number(options['rest-fpr'] ?? 0.1);
  if (!(restFpr > 0 && restFpr < 0.5)) throw new Error(`--rest-fpr: expected a share in (0, 0.5), got ${options['rest-fpr']}`);
  const fitted = calibrate(au, calibrationCache, calibrationLabels, restFpr);
  const calibration = au.validateAuCalibration(fitted.calibration);
  const report = loadCache(options.report);
  const tables = { fer2013: byClass(au, report, report.labels, calibration) };
  if (options['report-votes']) tables.ferplusMajority = byClass(au, report, ferplusMajority(options['report-votes'], report.count), calibration);
  const summary = {
    type: 'affectscope-au-blendshape-table',
    version: 1,
    calibrationSplit: { prefix: options.calibrate, images: calibrationCache.count, facesUsed: fitted.faces, neutralFaces: fitted.neutralFaces, labels: options['calibrate-votes'] ? 'FER+ majority' : 'FER2013', restFpr },
    calibration,
    evidence: fitted.evidence,
    reportSplit: { prefix: options.report, images: report.count, found: report.found.filter(Boolean).length },
    tables,
    patternChecks: Object.fromEntries(Object.entries(tables).map(([k, t]) => [k, patternChecks(au, t)])),
  };
  if (options.markdown) {
    const md = Object.entries(tables).map(([k, t]) => markdownTable(au, t, k === 'fer2013' ? 'FER2013 label' : 'FER+ majority')).join('\n\n');
    writeFileSync(options.markdown, `${md}\n`);
  }
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
}

main().catch((error) => {
  log(error.stack ?? String(error));
  process.exit(1);
});
