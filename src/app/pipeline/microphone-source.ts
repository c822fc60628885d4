/** The live page's audio source: the microphone, whose AudioWorklet sends PCM straight to the model worker over a port. */
import { openMicrophone, type MicrophoneHandle } from '../../io/microphone';
import { announceTrackRelease, type TrackReleaseReason } from '../../io/track-release';

export interface MicrophoneSourceHandlers {
  /** the worklet's PCM goes to this port: hand it to the model worker */
  onPort(port: MessagePort): void;
  onOpened(): void;
  onOpenFailed(error: unknown): void;
  /** the track ended by itself (unplugged) */
  onEnded(): void;
}

export class MicrophoneSource {
  private handle: MicrophoneHandle | null = null;

  constructor(private readonly handlers: MicrophoneSourceHandlers, private readonly deviceId: () => string | undefined) {}

  get isOpen(): boolean {
    return this.handle !== null;
  }

  get stream(): MediaStream | null {
    return this.handle?.stream ?? null;
  }

  /** The AudioContext is 'suspended' until a user gesture in headed browsers. */
  get suspended(): boolean {
    return this.handle?.context.state === 'suspended';
  }

  async start(): Promise<void> {
    const channel = new MessageChannel();
    try {
      this.handle = await openMicrophone(channel.port1, this.deviceId());
      this.handlers.onPort(channel.port2);
      this.handlers.onOpened();
      this.handle.stream.getAudioTracks()[0]?.addEventListener('ended', () => {
        this.handle = null;
        this.handlers.onEnded();
      });
    } catch (error) {
      this.handle = null;
      this.handlers.onOpenFailed(error);
    }
  }

  async resume(): Promise<void> {
    await this.handle?.context.resume().catch(() => undefined);
  }

  /** Closes the microphone; a recording of its track is told why first. */
  async stop(reason: TrackReleaseReason): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    handle?.stream.getAudioTracks().forEach((t) => announceTrackRelease(t, reason));
    await handle?.close();
  }
}
