export { AnnotationPanel, type AnnotationPanelProps } from './AnnotationPanel';
export type { AnnotationStore } from './useAnnotationTracks';
