import { LITTLE_ENDIAN } from './endian.js';
import { dataError, printable } from './errors.js';

/** NumPy's .npy files begin with these six bytes. */
export const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

/** What a .npy header says: the element type, the byte order, the shape, and where the data starts. */
export interface NpyHeader {
  readonly bytes: 2 | 4 | 8;
  readonly littleEndian: boolean;
  /** Positions × vocabulary; a 1-D file is one position. */
  readonly rows: number;
  readonly columns: number;
  readonly dataOffset: number;
}

export const isNpy = (bytes: Uint8Array): boolean => NPY_MAGIC.every((b, i) => bytes[i] === b);

/**
 * A .npy header (format versions 1 to 3): a Python dict literal of `descr`, `fortran_order` and
 * `shape`. Floats of 2, 4 or 8 bytes in either byte order, in C order, 1-D or 2-D; anything else
 * is refused by name. `size`: the file's length, which must hold the data the header promises.
 */
export function npyHeader(start: Uint8Array, size: number, source: string): NpyHeader {
  const fail = (what: string): never => {
    throw dataError((m) => m.npyHeader(source, printable(what, 80)));
  };
  if (!isNpy(start) || start.length < 10) fail('no NumPy header');
  const major = start[6];
  if (major < 1 || major > 3) fail(`format version ${major}`);
  const view = new DataView(start.buffer, start.byteOffset, start.byteLength);
  const [length, at] = major === 1 ? [view.getUint16(8, true), 10] : [view.getUint32(8, true), 12];
  if (at + length > start.length) fail('a header longer than the file');
  const header = Buffer.from(start.subarray(at, at + length)).toString('latin1');
  const descr = /'descr'\s*:\s*'([<>|=])f([248])'/.exec(header);
  if (descr === null) fail(`dtype ${/'descr'\s*:\s*'([^']*)'/.exec(header)?.[1] ?? 'unknown'}`);
  if (/'fortran_order'\s*:\s*True/.test(header)) fail('fortran_order True');
  const shape = /'shape'\s*:\s*\(\s*(\d+)\s*,?\s*(?:(\d+)\s*,?\s*)?\)/.exec(header);
  if (shape === null) fail(`shape ${/'shape'\s*:\s*(\([^)]*\))/.exec(header)?.[1] ?? 'unknown'}`);
  const [order, width] = [(descr as RegExpExecArray)[1], Number((descr as RegExpExecArray)[2]) as 2 | 4 | 8];
  const dims = shape as RegExpExecArray;
  const [rows, columns] = dims[2] === undefined ? [1, Number(dims[1])] : [Number(dims[1]), Number(dims[2])];
  const dataOffset = at + length;
  if (dataOffset + rows * columns * width > size) fail('less data than its shape says');
  // '|' is "not applicable", which NumPy writes for one-byte types only; '=' is the writer's own order.
  return { bytes: width, littleEndian: order !== '>', rows, columns, dataOffset };
}

/**
 * A row's floats as doubles, from its bytes. Floats of 4 or 8 bytes in the machine's own order are
 * converted by the typed arrays themselves: a DataView's call per float, in a loop that runs once,
 * in the interpreter, cost some 4 ms of a 128,256-float row.
 */
export function npyRow(header: NpyHeader, bytes: Uint8Array): Float64Array {
  const { columns, littleEndian } = header;
  const out = new Float64Array(columns);
  if (header.bytes !== 2 && littleEndian === LITTLE_ENDIAN) {
    // A typed array's view must start at a multiple of its element's size: else a copy, which does.
    const aligned = bytes.byteOffset % header.bytes === 0 ? bytes : new Uint8Array(bytes);
    const { buffer, byteOffset } = aligned;
    out.set(
      header.bytes === 4
        ? new Float32Array(buffer, byteOffset, columns)
        : new Float64Array(buffer, byteOffset, columns),
    );
    return out;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (header.bytes === 8) for (let i = 0; i < columns; i++) out[i] = view.getFloat64(8 * i, littleEndian);
  else if (header.bytes === 4) for (let i = 0; i < columns; i++) out[i] = view.getFloat32(4 * i, littleEndian);
  else for (let i = 0; i < columns; i++) out[i] = half(view.getUint16(2 * i, littleEndian));
  return out;
}

/** IEEE 754 half precision, as NumPy's float16. */
function half(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}
