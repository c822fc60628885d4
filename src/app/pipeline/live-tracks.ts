/**
 * The page's view of the tracked faces (src/core/tracking): for every track alive, its face in the newest frame,
 * its newest prediction and its own valence/arousal history, so each face has plots of its own. Tracks come and go
 * with the face worker's `liveTrackIds`; a remembered face (away ≤ 1 s) stays listed, shown as away.
 */
import type { AffectPrediction } from '../../core/labels';
import type { FaceResult, PredictionResult, TrackedFace } from '../../workers/protocol';
import { AffectHistory, type AffectSample } from './history';

export interface LiveTrack {
  trackId: number;
  /** this face in the newest frame, or null while it is away */
  face: TrackedFace | null;
  /** its newest prediction; null before the first and while it is away */
  prediction: AffectPrediction | null;
}

export class LiveTracks {
  private tracks: LiveTrack[] = [];
  private readonly histories = new Map<number, AffectHistory>();

  constructor(private readonly historySpanMs: number = 30_000) {}

  /** The tracks alive, ascending by id (a stable order for a picker). */
  get list(): LiveTrack[] {
    return this.tracks;
  }

  /** A face result: which tracks are alive and where each face is; returns the new list. */
  onFace(result: FaceResult): LiveTrack[] {
    const byId = new Map(result.faces.map((f) => [f.trackId, f]));
    const previous = new Map(this.tracks.map((t) => [t.trackId, t]));
    this.tracks = result.liveTrackIds.map((trackId) => {
      const face = byId.get(trackId) ?? null;
      return { trackId, face, prediction: face ? previous.get(trackId)?.prediction ?? null : null };
    });
    for (const trackId of this.histories.keys()) if (!result.liveTrackIds.includes(trackId)) this.histories.delete(trackId);
    return this.tracks;
  }

  /** A prediction: each live track's values, or a gap for a track without a face in that frame; returns the new list. */
  onPrediction(result: PredictionResult): LiveTrack[] {
    const byId = new Map(result.tracks.map((t) => [t.trackId, t.prediction]));
    this.tracks = this.tracks.map((track) => {
      const prediction = byId.get(track.trackId) ?? null;
      this.historyOf(track.trackId).push({ timestampMs: result.timestampMs, valence: prediction?.valence ?? null, arousal: prediction?.arousal ?? null });
      return { ...track, prediction };
    });
    return this.tracks;
  }

  /** The track's valence/arousal samples of the last span ([] for a track not alive). */
  history(trackId: number): AffectSample[] {
    return this.histories.get(trackId)?.recent() ?? [];
  }

  clear(): void {
    this.tracks = [];
    this.histories.clear();
  }

  private historyOf(trackId: number): AffectHistory {
    let history = this.histories.get(trackId);
    if (!history) {
      history = new AffectHistory(this.historySpanMs);
      this.histories.set(trackId, history);
    }
    return history;
  }
}
