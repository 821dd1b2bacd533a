/** A .npy file of float32 rows, as numpy.save writes one: format 1.0, little-endian, C order. */
export function npyBytes(rows: readonly ArrayLike<number>[]): Buffer {
  const columns = rows[0].length;
  const shape = rows.length === 1 ? `(${columns},)` : `(${rows.length}, ${columns})`;
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shape}, }`;
  // The header, newline included, pads the data to a multiple of 64 bytes.
  const padded = dict.padEnd(64 * Math.ceil((10 + dict.length + 1) / 64) - 10 - 1, ' ');
  const head = Buffer.alloc(10);
  head.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  head.writeUInt16LE(padded.length + 1, 8);
  const data = Buffer.alloc(rows.length * columns * 4);
  rows.forEach((row, r) => {
    for (let i = 0; i < columns; i++) data.writeFloatLE(row[i], 4 * (r * columns + i));
  });
  return Buffer.concat([head, Buffer.from(`${padded}\n`, 'latin1'), data]);
}
