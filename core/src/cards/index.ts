// Character cards: read V1/V2/V3 JSON, PNG/APNG, CHARX and lorebook files into one model, and write them back.
export * from './errors';
export * from './types';
export { type ReadLimits, DEFAULT_LIMITS, ByteBudget } from './limits';
export { readCard, readCardJson, readLorebook, readAny, sniff, type CardImport, type LorebookImport, type ReadOptions } from './read';
export { writeCardJson, writeCardPng, writeCharx, writeLorebookJson, exportCard, type JsonFlavour, type ExportFormat } from './write';
export { toV2Object, toV3Object } from './card-json';
export { defaultPortrait } from './portrait';
export { uniqueCardName } from './names';
export {
  resolveAsset,
  getAppData,
  withAppData,
  getCardVoice,
  withCardVoice,
  packCardVoice,
  unpackCardVoice,
  VOICE_ASSET_TYPE,
  VOICE_ASSET_EXT,
  type ResolvedAsset,
  type CardVoice,
  type PackedVoice,
  type UnpackedVoice,
} from './assets';
export { readPngChunks, writePngChunks, decodeTextChunk, textChunk, isPng, type PngChunk } from './png';
export { readZip, writeZip, safeZipPath, isZip, type ZipEntry } from './zip';
export { encodeBase64, decodeBase64 } from './bytes';
