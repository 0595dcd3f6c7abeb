/**
 * `bytes` in memory of their own, for what a cache keeps. A Buffer under half
 * of Buffer.poolSize (8 KiB on Node 20, 64 KiB on Node 24) made by Buffer.from
 * or allocUnsafe is a slice of a shared pool block, and zlib answers with a
 * view of its whole output chunk: kept, either holds the whole block alive.
 */
export function ownedBytes(bytes: Uint8Array): Buffer {
  if (Buffer.isBuffer(bytes) && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) return bytes;
  const copy = Buffer.allocUnsafeSlow(bytes.byteLength);
  copy.set(bytes);
  return copy;
}
