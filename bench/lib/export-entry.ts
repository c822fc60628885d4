// What bench/export.mjs runs: the session zip's streamed writer and reader, and the synthetic session.
export { writeSessionZip, importSessionZipStream, sha256Hex, Sha256 } from '../../src/core/session';
export { syntheticFrame, syntheticSessionHeader } from '../../src/core/session/synthetic-session';
