import type { FaceResult, PredictionResult } from '../../workers/protocol';
import { CropView } from './crop-view';
import { SpectrogramStrip } from './spectrogram-strip';

/** What the network sees: the aligned crop and the scrolling spectrogram (live page and file analysis). */
export function ModelInputs({ face, predicted, audioActive }: { face: FaceResult | null; predicted: PredictionResult | null; audioActive: boolean }) {
  return (
    <div className="inputs">
      <div>
        <h2>Aligned crop</h2>
        <CropView rgba={face?.cropRgba ?? null} sizePx={face?.cropSizePx ?? 96} />
      </div>
      <div className="grow">
        <h2>Audio</h2>
        <SpectrogramStrip frame={predicted?.latestSpectrogramFrame ?? null} framesTotal={predicted?.audioFramesTotal ?? 0} active={audioActive} />
      </div>
    </div>
  );
}
