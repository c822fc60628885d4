/** What evaluate.mjs bundles of the data tools' own TypeScript (tools/build/import-ts.mjs). */
export { actionUnitReport, calibrateActionUnitThresholds, predictionsCsv } from './action-unit-report';
export { abawReport } from './abaw-report';
