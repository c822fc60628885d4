export { boxIou, centreShift } from './box-overlap';
export {
  DEFAULT_FACE_TRACKER_OPTIONS,
  FaceTracker,
  FILE_MAX_TRACKS,
  LIVE_MAX_TRACKS,
  validateFaceTrackerOptions,
  type FaceTrackerOptions,
  type TrackUpdate,
} from './face-tracker';
