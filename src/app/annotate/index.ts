export { AnnotationPanel, type AnnotationPanelProps } from './annotation-panel';
export type { AnnotationStore } from './use-annotation-tracks';
