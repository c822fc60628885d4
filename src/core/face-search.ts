/**
 * When to look for several faces. A one-face landmarker is fast because MediaPipe stops running its
 * detector while it tracks, but it cannot see a second person or pick the largest face. So every
 * `probeEveryFrames` frames the several-face landmarker runs instead; while it sees more than one
 * face it runs on every frame (each face is tracked, up to the maximum: src/core/tracking), until it has seen at most one face for
 * `settleFrames` frames in a row. The first frame is a probe: a file or a camera that starts on two people has both
 * tracked from its first frame, not from its probeEveryFrames-th.
 */
export interface FaceSearchOptions {
  probeEveryFrames: number;
  settleFrames: number;
}

export const DEFAULT_FACE_SEARCH_OPTIONS: FaceSearchOptions = { probeEveryFrames: 30, settleFrames: 30 };

export class FaceSearchPolicy {
  private framesSinceProbe: number;
  private calmFrames = 0;
  private multi = false;

  constructor(private readonly options: FaceSearchOptions = DEFAULT_FACE_SEARCH_OPTIONS) {
    this.framesSinceProbe = options.probeEveryFrames - 1;
  }

  /** Whether this frame should go to the several-face landmarker. */
  useMulti(): boolean {
    if (this.multi) return true;
    this.framesSinceProbe += 1;
    if (this.framesSinceProbe >= this.options.probeEveryFrames) {
      this.framesSinceProbe = 0;
      return true;
    }
    return false;
  }

  /** Reports how many faces the several-face landmarker found on a frame it ran on. */
  observeMulti(faceCount: number): void {
    if (faceCount > 1) {
      this.multi = true;
      this.calmFrames = 0;
    } else if (this.multi && ++this.calmFrames >= this.options.settleFrames) {
      this.multi = false;
      this.framesSinceProbe = 0;
    }
  }

  /** Reports a frame where the one-face landmarker found nobody: probe soon, someone may be arriving. */
  observeSingleMiss(): void {
    this.framesSinceProbe = Math.max(this.framesSinceProbe, this.options.probeEveryFrames - 5);
  }
}
