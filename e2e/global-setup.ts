import { ensureMediaFixtures } from '../test-support/media.mjs';

/** Makes the fake camera/microphone files before any browser starts (Chromium reads them at launch). */
export default function globalSetup(): void {
  ensureMediaFixtures();
}
