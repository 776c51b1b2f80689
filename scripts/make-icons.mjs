#!/usr/bin/env node
// Draws the Doneness icon (a ring 60% baked around a check-less centre) at each size and writes
// public/icon/<size>.png. Pure Node: an RGBA raster with anti-aliased edges, encoded as PNG.
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(x + 0.5, y + 0.5);
      const o = y * (size * 4 + 1) + 1 + x * 4;
      raw[o] = r; raw[o + 1] = g; raw[o + 2] = b; raw[o + 3] = a;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0); ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
const clamp = (v) => Math.max(0, Math.min(1, v));
function icon(size) {
  const c = size / 2, outer = size * 0.47, inner = size * 0.30, baked = 0.6;
  return png(size, (x, y) => {
    const dx = x - c, dy = y - c, d = Math.hypot(dx, dy);
    const angle = (Math.atan2(dx, -dy) / (2 * Math.PI) + 1) % 1; // 0 at top, clockwise
    const ring = clamp(outer - d + 0.5) * clamp(d - inner + 0.5);
    const disc = clamp(inner - 1 - d + 0.5);
    if (ring > 0) {
      const [r, g, b] = angle <= baked ? [179, 89, 0] : [240, 214, 170];
      return [r, g, b, Math.round(255 * ring)];
    }
    if (disc > 0) return [255, 248, 235, Math.round(255 * disc)];
    return [0, 0, 0, 0];
  });
}
mkdirSync('public/icon', { recursive: true });
for (const size of [16, 32, 48, 128]) writeFileSync(`public/icon/${size}.png`, icon(size));
console.log('icons written to public/icon/');
