/**
 * A video frame as the pipeline carries it from its source to the face worker. Preferably ImageData: the frame's RGBA
 * pixels, converted once on the page by the browser's own YUV → RGB (`VideoFrame.copyTo`), so the face worker spends
 * its time on landmarks only (MediaPipe uploads ImageData as it is, and the alignment reads the bytes directly).
 * Else an ImageBitmap, which the worker draws. Both transfer without a copy.
 *
 * Measured in Chromium 156 on the 2-core machine, a 640×480 I420 camera frame: `createImageBitmap(video)` 12–18 ms of
 * the page's main thread; `new VideoFrame(video)` + `copyTo` RGBA 5–9 ms. Decoded file frames take the RGBA path; the
 * camera's stay ImageBitmaps for now (see captureFrame), of which the face worker reads only each crop's window.
 */
export type FrameImage = ImageBitmap | ImageData;

export function isImageData(image: FrameImage): image is ImageData {
  return typeof ImageData !== 'undefined' && image instanceof ImageData;
}

/** Frees a bitmap's memory; ImageData is left to the collector. */
export function releaseFrame(image: FrameImage): void {
  if (!isImageData(image)) image.close();
}

/** RGBA pixels as posted: ImageData itself is copied by postMessage (7 ms a 640×480 frame here), its buffer is not. */
export interface RgbaPixels {
  rgba: Uint8ClampedArray<ArrayBuffer>;
  widthPx: number;
  heightPx: number;
}

/** A frame as a message carries it. */
export type PostedFrame = ImageBitmap | RgbaPixels;

/** The frame ready for postMessage, and what to transfer so that nothing is copied; `image` is unusable after. */
export function postableFrame(image: FrameImage): { frame: PostedFrame; transfer: Transferable[] } {
  if (!isImageData(image)) return { frame: image, transfer: [image] };
  return { frame: { rgba: image.data, widthPx: image.width, heightPx: image.height }, transfer: [image.data.buffer] };
}

/** The frame a message carried (ImageData wraps the posted bytes without a copy). */
export function receivedFrame(frame: PostedFrame): FrameImage {
  return 'rgba' in frame ? new ImageData(frame.rgba, frame.widthPx, frame.heightPx) : frame;
}

/**
 * The frame's visible pixels as RGBA (sRGB); null where this browser cannot convert on copy, or where the frame is
 * stretched for display (then it must be drawn).
 */
export async function videoFrameToImageData(frame: VideoFrame): Promise<ImageData | null> {
  const { width, height } = frame.visibleRect ?? { width: frame.codedWidth, height: frame.codedHeight };
  if (width !== frame.displayWidth || height !== frame.displayHeight) return null;
  const data = new Uint8ClampedArray(width * height * 4);
  try {
    await frame.copyTo(data, { format: 'RGBA', colorSpace: 'srgb' });
  } catch {
    return null;
  }
  return new ImageData(data, width, height);
}

/** `frame` as the pipeline's FrameImage, in RGBA where possible; `frame` is closed. */
export async function fromVideoFrame(frame: VideoFrame): Promise<FrameImage> {
  try {
    return (await videoFrameToImageData(frame)) ?? (await createImageBitmap(frame));
  } finally {
    frame.close();
  }
}

/**
 * The camera's current frame, as an ImageBitmap. Converting it through `new VideoFrame(video)` + `copyTo` (as
 * decoded file frames are) was faster on the page (live 23 fps against 20 here), but in two fresh-clone runs of the
 * whole e2e suite, three replays of recordings made while it ran failed with PIPELINE_ERROR_DECODE at 0:00, a failure
 * seen once before in all earlier runs. A third run with this path reverted failed once the same way (passing on its
 * retry), so the path is not shown to be the cause; it stays reverted until the failure is understood.
 */
export async function captureFrame(video: HTMLVideoElement): Promise<FrameImage> {
  return createImageBitmap(video);
}

/** Draws the frame at its own size, resizing the canvas to it. */
export function drawFrame(canvas: HTMLCanvasElement | OffscreenCanvas, context: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D, image: FrameImage): void {
  if (canvas.width !== image.width || canvas.height !== image.height) [canvas.width, canvas.height] = [image.width, image.height];
  if (isImageData(image)) context.putImageData(image, 0, 0);
  else context.drawImage(image, 0, 0);
}
