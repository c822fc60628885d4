/**
 * A model's held-out results (manifest provenance.heldOutMetrics, camelCase keys such as
 * `ferPublicTestAccuracy`) as rows a person reads: data set, metric, value with its unit.
 * Keys this table does not know are still shown, split into words, so no result is hidden.
 */
export interface HeldOutRow {
  dataSet: string;
  metric: string;
  /** formatted with its unit: "64.2 %" for rates, "0.580" for F1/CCC */
  value: string;
  key: string;
}

const DATA_SETS: [prefix: string, name: string][] = [
  ['ferplusPublicTest', 'FER+ PublicTest (majority of 10 raters)'],
  ['ferPublicTest', 'FER2013 PublicTest faces'],
  ['ravdessActors17to20', 'RAVDESS speech, actors 17–20'],
  ['abawValidation', 'Aff-Wild2 (ABAW) Validation_Set'],
];
const METRICS: [suffix: string, name: string, kind: 'rate' | 'score'][] = [
  ['Accuracy', 'accuracy (7 expressions)', 'rate'],
  ['MacroF1', 'macro-F1 (7 expressions)', 'score'],
  ['AuMeanF1', 'mean AU F1', 'score'],
  ['ValenceCcc', 'valence CCC', 'score'],
  ['ArousalCcc', 'arousal CCC', 'score'],
];

/**
 * What the FER sets' AU and valence/arousal scores are measured against: they hold no such labels, so the AUs are
 * scored against the landmarker's measured AUs of the same faces, and valence/arousal against the derived targets.
 */
const AGAINST: Record<string, string> = {
  AuMeanF1: " against the landmarker's measured AUs",
  ValenceCcc: ' against derived targets',
  ArousalCcc: ' against derived targets',
};
const UNLABELLED_SETS = new Set(['ferplusPublicTest', 'ferPublicTest']);

const words = (camel: string) => camel.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
const rate = (x: number) => `${(x * 100).toFixed(1)} %`;
const score = (x: number) => x.toFixed(3);

function describeKey(key: string, value: number): Omit<HeldOutRow, 'key'> {
  const detection = /^faceDetectionRate(.+)$/.exec(key);
  if (detection) {
    const dataSet = DATA_SETS.find(([prefix]) => prefix.toLowerCase() === detection[1].toLowerCase())?.[1] ?? words(detection[1]);
    return { dataSet, metric: 'faces found by the landmarker', value: rate(value) };
  }
  for (const [prefix, dataSet] of DATA_SETS) {
    if (!key.startsWith(prefix)) continue;
    const suffix = key.slice(prefix.length);
    const found = METRICS.find(([s]) => s === suffix);
    const against = UNLABELLED_SETS.has(prefix) ? AGAINST[suffix] ?? '' : '';
    if (found) return { dataSet, metric: found[1] + against, value: found[2] === 'rate' ? rate(value) : score(value) };
    return { dataSet, metric: words(suffix), value: score(value) };
  }
  return { dataSet: '—', metric: words(key), value: String(value) };
}

/** The numeric results as rows, and how they were measured (the `measuredWith` string, if any). */
export function heldOutRows(metrics: Record<string, number | string> | null): { rows: HeldOutRow[]; measuredWith: string | null } {
  const rows: HeldOutRow[] = [];
  let measuredWith: string | null = null;
  for (const [key, value] of Object.entries(metrics ?? {})) {
    if (key === 'measuredWith' && typeof value === 'string') measuredWith = value;
    else if (typeof value === 'number') rows.push({ key, ...describeKey(key, value) });
    else rows.push({ key, dataSet: '—', metric: words(key), value });
  }
  return { rows, measuredWith };
}
