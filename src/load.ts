import { isUtf8 } from 'node:buffer';
import { readFileSync, type Stats, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { codeOf, dataError, printable, type SampleError, usageError } from './errors.js';
import type { Messages } from './i18n/en.js';
import { type Model, type ModelPaths, modelFromTexts } from './model.js';

/** The model bundled with the package: found beside it, never in the current directory. */
export const bundledModelPaths: ModelPaths = {
  vocab: fileURLToPath(new URL('../vocab.json', import.meta.url)),
  weights: fileURLToPath(new URL('../weights.json', import.meta.url)),
};

export function loadModel(paths: ModelPaths = bundledModelPaths): Model {
  const texts = readModelTexts(paths);
  return modelFromTexts(texts.vocab, texts.weights, paths);
}

/** The texts of a model's two files, checked as loadModel checks them. */
export function readModelTexts(paths: ModelPaths): { vocab: string; weights: string } {
  return { vocab: readVocabText(paths.vocab), weights: readText(paths.weights, 'weights', '--weights') };
}

/** The text of a vocabulary file, checked as loadModel checks it. */
export const readVocabText = (path: string): string => readText(path, 'vocabulary', '--vocab');

/** A captured tensor may be far larger than a model file: 500 positions of 128,256 float32 are 245 MiB. */
export const MAX_CAPTURE_BYTES = 4 * 1024 ** 3;

/** The size of a --logits file, checked as the model files are (a regular file, bounded), before its bytes are read as needed. */
export function captureSize(path: string): number {
  return fileStats(path, 'capture', '--logits', MAX_CAPTURE_BYTES).size;
}

/** The text of a --settings file, checked as the model files are. */
export const readSettingsText = (path: string): string => readText(path, 'settings', '--settings');

/** Model files are refused past this size: a vocabulary of millions of tokens is far smaller. */
export const MAX_MODEL_BYTES = 256 * 1024 * 1024;

/** A model file's text: its bytes (readBytes), in UTF-8. */
function readText(path: string, what: FileKind, option: string): string {
  return utf8Text(
    readBytes(path, what, option),
    (m) => m.file(what, printable(path)),
    (m) => m.passFile(option),
  );
}

type FileKind = 'vocabulary' | 'weights' | 'settings' | 'capture';

/**
 * A regular file of bounded size. A device (/dev/zero), a FIFO or a directory is refused before
 * anything is read, so that no input can make the load hang or eat memory.
 */
function readBytes(path: string, what: FileKind, option: string): Buffer {
  fileStats(path, what, option, MAX_MODEL_BYTES);
  try {
    return readFileSync(path);
  } catch (error) {
    throw cannotRead(path, what, option, error);
  }
}

/** A regular file of at most `limit` bytes, or the data error that says why not. */
function fileStats(path: string, what: FileKind, option: string, limit: number): Stats {
  if (path === '') throw usageError((m) => m.emptyPath(option));
  const file = (m: Messages): string => m.file(what, printable(path));
  const fix = (m: Messages): string => m.passFile(option);
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    throw cannotRead(path, what, option, error);
  }
  if (!stats.isFile()) throw dataError((m) => m.notRegular(file(m), kindOf(stats), fix(m)));
  if (stats.size > limit) {
    const size = (stats.size / 2 ** 20).toFixed(0);
    throw dataError((m) => m.tooLarge(file(m), size, limit / 2 ** 20, fix(m)));
  }
  return stats;
}

/** A file that cannot be opened or read, named with the option that gave it. */
export const cannotRead = (path: string, what: FileKind, option: string, error: unknown): SampleError =>
  dataError((m) => m.cannotRead(m.file(what, printable(path)), m.reason(codeOf(error)), m.passFile(option)));

/** A file's bytes as UTF-8 text: UTF-16, binary or invalid UTF-8 is named; a byte-order mark is dropped. */
export function utf8Text(bytes: Buffer, file: (m: Messages) => string, fix: (m: Messages) => string): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw dataError((m) => m.utf16(file(m)));
  }
  if (!isUtf8(bytes) || bytes.includes(0)) {
    throw dataError((m) => m.notUtf8(file(m), fix(m)));
  }
  // Some editors begin a UTF-8 file with a byte-order mark, which JSON.parse refuses.
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return bytes.toString('utf8', start);
}

function kindOf(stats: Stats): 'directory' | 'fifo' | 'device' | 'socket' | 'other' {
  if (stats.isDirectory()) return 'directory';
  if (stats.isFIFO()) return 'fifo';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'device';
  if (stats.isSocket()) return 'socket';
  return 'other';
}
