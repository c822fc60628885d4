/**
 * Where each tracked face was, frame by frame, without its landmarks: what a replay needs to draw the faces' boxes
 * and to name them as the export does (face-tracks.ts), for a session read without landmarks (replay-read.ts).
 * Five Float32 numbers (track id, box) per face per frame: about 9 MB for two hours of two faces at 30 fps (up to twice
 * that while the array grows), against ~2 GiB of landmarks.
 */
import { TrackCensus } from './face-tracks';
import type { FrameRecord } from './types';

/** A face's landmark box, normalised to the video frame like the landmarks ([0, 1] nominally). */
export interface FaceBox {
  trackId: number;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

const VALUES_PER_BOX = 5;

/** Appended to frame by frame as a session is read; boxesAt(i) gives frame i's faces with landmarks. */
export class FaceBoxes {
  /** the census over the frames with their landmarks, so the names match the export's */
  readonly census = new TrackCensus();
  /** frame i's boxes are values[starts[i] … starts[i + 1]) */
  private starts: number[] = [0];
  private values = new Float32Array(1024);
  private length = 0;

  /** Adds `frame`'s faces (those with landmarks, the primary one first) as the next frame. */
  add(frame: FrameRecord): void {
    this.census.add(frame);
    if (frame.faceFound && frame.trackId !== undefined) this.put(frame.trackId, frame.landmarks);
    for (const face of frame.faceFound ? frame.otherFaces ?? [] : []) this.put(face.trackId, face.landmarks);
    this.starts.push(this.length);
  }

  get frameCount(): number {
    return this.starts.length - 1;
  }

  /** Frame `index`'s faces with landmarks, the primary one first; none outside the frames added. */
  boxesAt(index: number): FaceBox[] {
    if (!(index >= 0 && index < this.frameCount)) return [];
    const boxes: FaceBox[] = [];
    for (let at = this.starts[index]; at < this.starts[index + 1]; at += VALUES_PER_BOX) {
      const v = this.values;
      boxes.push({ trackId: v[at], minX: v[at + 1], minY: v[at + 2], maxX: v[at + 3], maxY: v[at + 4] });
    }
    return boxes;
  }

  private put(trackId: number, landmarks: readonly number[] | null | undefined): void {
    if (!landmarks || landmarks.length < 2) return;
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let i = 0; i + 1 < landmarks.length; i += 2) {
      const x = landmarks[i];
      const y = landmarks[i + 1];
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    if (this.length + VALUES_PER_BOX > this.values.length) {
      const grown = new Float32Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values.set([trackId, minX, minY, maxX, maxY], this.length);
    this.length += VALUES_PER_BOX;
  }
}
