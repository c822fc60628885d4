export { ReplayView, type ReplayViewProps, type AnnotationSlotContext } from './replay-view';
export { importSessionFile } from './import';
export { RECORDED_FRAME_RATE_HZ } from './export';
export { sessionZipFileName } from './download';
