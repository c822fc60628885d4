/**
 * The live page's frame source: the camera, shown in the page's <video>, opened again every 2 s while it is missing
 * (some platforms never fire devicechange), and a frame loop that captures a frame whenever the pipeline can take one.
 * A reopened camera starts a new loop and the old one stops.
 */
import { openCamera } from '../../io/camera';
import { captureFrame, type FrameImage } from '../../io/frame-image';
import { releaseTrack, type TrackReleaseReason } from '../../io/track-release';

export interface CameraSourceHandlers {
  /** the camera opened; frames follow */
  onOpened(): void;
  onOpenFailed(error: unknown): void;
  /** the track ended by itself (unplugged, taken by another app); the source is already closed and retrying */
  onUnplugged(): void;
  /** true, with a slot reserved for it, when a frame captured now can be sent */
  reserveFrame(): boolean;
  onFrame(image: FrameImage, timestampMs: number): void;
  /** the reserved frame could not be captured */
  onFrameFailed(): void;
}

const RETRY_INTERVAL_MS = 2000;

export class CameraSource {
  /** the open camera stream, or null */
  stream: MediaStream | null = null;
  /** performance.now() when the current stream started: results for older frames are stale */
  sinceMs = 0;
  private video: HTMLVideoElement | null = null;
  private retryTimer: ReturnType<typeof setInterval> | null = null;
  private frameLoop = 0;
  private disposed = false;

  constructor(private readonly handlers: CameraSourceHandlers, private readonly deviceId: () => string | undefined) {}

  /** Shows the camera in `video` and starts the frame loop. */
  async attach(video: HTMLVideoElement): Promise<void> {
    this.video = video;
    await this.start();
  }

  async start(): Promise<void> {
    if (!this.video || this.disposed) return;
    try {
      const stream = await openCamera({ widthPx: 640, heightPx: 480, frameRateHz: 30, deviceId: this.deviceId() });
      this.stream = stream;
      stream.getVideoTracks()[0].addEventListener('ended', this.onEnded);
      this.video.srcObject = stream;
      this.video.muted = true;
      await this.video.play().catch(() => undefined);
      // No width/height attributes: the frames go to MediaPipe as ImageBitmaps, and a height attribute would fix
      // the element at 480 px tall, letterboxing the video under the overlay, which is sized by CSS aspect-ratio.
      this.stopRetrying();
      this.sinceMs = performance.now();
      this.handlers.onOpened();
      this.scheduleFrame(++this.frameLoop);
    } catch (error) {
      this.handlers.onOpenFailed(error);
      this.startRetrying();
    }
  }

  /** Stops the camera; a recording of its track is told why first (stop() alone fires no 'ended'). */
  stop(reason: TrackReleaseReason): void {
    this.stream?.getTracks().forEach((t) => {
      t.removeEventListener('ended', this.onEnded);
      releaseTrack(t, reason);
    });
    this.stream = null;
    if (this.video) this.video.srcObject = null;
  }

  dispose(): void {
    this.disposed = true;
    this.stopRetrying();
    this.stop('capture-closed');
  }

  private onEnded = (): void => {
    // The track has ended already: a recording of it heard 'ended' and stopped with that reason.
    this.stop('capture-closed');
    this.handlers.onUnplugged();
    this.startRetrying();
  };

  private startRetrying(): void {
    if (this.retryTimer || this.disposed) return;
    this.retryTimer = setInterval(() => {
      if (!this.stream) void this.start();
    }, RETRY_INTERVAL_MS);
  }

  private stopRetrying(): void {
    if (this.retryTimer) clearInterval(this.retryTimer);
    this.retryTimer = null;
  }

  private scheduleFrame(loop: number): void {
    const video = this.video;
    if (!video || !this.stream || this.disposed || loop !== this.frameLoop) return;
    if ('requestVideoFrameCallback' in video) video.requestVideoFrameCallback(() => void this.pumpFrame(loop));
    else requestAnimationFrame(() => void this.pumpFrame(loop));
  }

  private async pumpFrame(loop: number): Promise<void> {
    const video = this.video;
    if (!video || !this.stream || loop !== this.frameLoop) return;
    if (video.readyState >= 2 && video.videoWidth > 0 && this.handlers.reserveFrame()) {
      try {
        const image = await captureFrame(video);
        this.handlers.onFrame(image, performance.now());
      } catch {
        this.handlers.onFrameFailed();
      }
    }
    this.scheduleFrame(loop);
  }
}
