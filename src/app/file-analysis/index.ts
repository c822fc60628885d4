export { FileAnalysis, type FileAnalysisResult, type FileAnalysisSnapshot } from './analysis';
export { FileAnalysisView } from './file-analysis-view';
export { FileSourcePanel, DEMO_CLIP_URL } from './file-source-panel';
export { useFileAnalysis, type FileAnalysisState } from './use-file-analysis';
export { FileOutputStream, FILE_OUTPUT_NAMES } from './outputs';
export { LibrarySink } from './library-sink';
