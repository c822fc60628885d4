export { FileAnalysis, type FileAnalysisResult, type FileAnalysisSnapshot } from './analysis';
export { FileAnalysisView } from './FileAnalysisView';
export { FileSourcePanel, DEMO_CLIP_URL } from './FileSourcePanel';
export { useFileAnalysis, type FileAnalysisState } from './useFileAnalysis';
export { FileOutputStream, FILE_OUTPUT_NAMES } from './outputs';
export { LibrarySink } from './library-sink';
