export { ReplayView, type ReplayViewProps, type AnnotationSlotContext } from './ReplayView';
export { importSessionFile } from './import';
export { sessionZipBytes, RECORDED_FRAME_RATE_HZ } from './export';
export { downloadBytes, sessionZipFileName } from './download';
