export type { PixelPoint, NormalizedPoint, PixelBox, RgbaImage, RgbaWindow } from './types';
export {
  IDENTITY_SIMILARITY,
  estimateSimilarity,
  applySimilarity,
  invertSimilarity,
  similarityScale,
  similarityRotationRad,
  type SimilarityTransform,
} from './similarity';
export { ARCFACE_TEMPLATE_112, FACE_TEMPLATE_96, faceTemplate } from './template';
export {
  FACE_MESH_INDICES,
  FACE_MESH_POINTS,
  FACE_MESH_POINTS_WITH_IRIS,
  fivePointsFromLandmarks,
  boundingBox,
  largestFaceIndex,
} from './landmarks';
export {
  DEFAULT_ALIGN_OPTIONS,
  validateAlignOptions,
  warpToCrop,
  cropSourceWindow,
  faceAlignmentTransform,
  alignFace,
  type AlignOptions,
  type AlignColorMode,
  type AlignedFace,
} from './align';
