/** Every failure a user can meet, as a stable code the UI turns into a message. */
export type ErrorCode =
  | 'camera-denied'
  | 'camera-absent'
  | 'camera-busy'
  | 'camera-unplugged'
  | 'microphone-denied'
  | 'microphone-absent'
  | 'webgpu-missing'
  | 'backend-unavailable'
  | 'model-missing'
  | 'model-integrity'
  | 'model-manifest'
  | 'landmarker-missing'
  | 'landmarker-integrity'
  | 'invalid-options'
  | 'import-invalid'
  | 'import-too-large'
  | 'import-version'
  | 'import-integrity'
  | 'storage-full'
  | 'recording-interrupted'
  | 'storage-unavailable'
  | 'session-missing'
  | 'session-exists'
  | 'file-unreadable'
  | 'file-unsupported'
  | 'internal';

/** An error with a code; `message` is written for the person using the app. */
export class AffectscopeError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AffectscopeError';
    this.code = code;
  }
}

export function isAffectscopeError(value: unknown): value is AffectscopeError {
  return value instanceof Error && typeof (value as { code?: unknown }).code === 'string';
}

/** The message of anything thrown: an Error's message, else its string form. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
