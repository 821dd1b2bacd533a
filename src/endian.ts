/** Whether this machine's typed arrays hold numbers little-endian: what reading their bytes as other types depends on. */
export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
