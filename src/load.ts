import { isUtf8 } from 'node:buffer';
import { readFileSync, type Stats, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dataError, inWords, printable, SampleError, usageError } from './errors.js';
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
  return {
    vocab: readText(paths.vocab, 'vocabulary', '--vocab'),
    weights: readText(paths.weights, 'weights', '--weights'),
  };
}

/** Model files are refused past this size: a vocabulary of millions of tokens is far smaller. */
export const MAX_MODEL_BYTES = 256 * 1024 * 1024;

/**
 * A model file's text: a regular file of bounded size, in UTF-8. A device (/dev/zero), a FIFO or a
 * directory is refused before anything is read, so that no input can make the load hang or eat
 * memory.
 */
function readText(path: string, what: string, option: string): string {
  if (path === '') throw usageError(`${option} needs a file path, not an empty one`);
  const file = `the ${what} file ${printable(path)}`;
  const fix = `pass a readable JSON file with ${option}`;
  let bytes: Buffer;
  try {
    const stats = statSync(path);
    if (!stats.isFile()) throw dataError(`${file} is ${kindOf(stats)}, not a regular file; ${fix}`);
    if (stats.size > MAX_MODEL_BYTES) {
      const size = (stats.size / 2 ** 20).toFixed(0);
      throw dataError(`${file} is ${size} MiB, over the limit of ${MAX_MODEL_BYTES / 2 ** 20} MiB; ${fix}`);
    }
    bytes = readFileSync(path);
  } catch (error) {
    if (error instanceof SampleError) throw error;
    throw dataError(`cannot read ${file}: ${inWords(error)}; ${fix}`);
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw dataError(`${file} is UTF-16 text; save it as UTF-8`);
  }
  if (!isUtf8(bytes) || bytes.includes(0)) {
    throw dataError(`${file} is not UTF-8 text (it looks binary); ${fix}`);
  }
  // Some editors begin a UTF-8 file with a byte-order mark, which JSON.parse refuses.
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return bytes.toString('utf8', start);
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'not a file';
}
