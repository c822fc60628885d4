import type { FaceResult, PredictionResult } from '../../workers/protocol';
import { CropView } from './crop-view';
import { SpectrogramStrip } from './spectrogram-strip';

/**
 * What the network sees: the aligned crop and the scrolling spectrogram (live page and file analysis). `crop`: a
 * tracked face's crop to show instead of the primary face's (undefined: the primary's).
 */
export function ModelInputs({ face, predicted, audioActive, crop }: {
  face: FaceResult | null; predicted: PredictionResult | null; audioActive: boolean; crop?: Uint8ClampedArray | null;
}) {
  return (
    <div className="inputs">
      <div>
        <h2>Aligned crop</h2>
        <CropView rgba={crop !== undefined ? crop : face?.cropRgba ?? null} sizePx={face?.cropSizePx ?? 96} />
      </div>
      <div className="grow">
        <h2>Audio</h2>
        <SpectrogramStrip frame={predicted?.latestSpectrogramFrame ?? null} framesTotal={predicted?.audioFramesTotal ?? 0} active={audioActive} />
      </div>
    </div>
  );
}
