/**
 * Writes the PWA icons (public/icons/icon-{192,512}.png, maskable-512.png): a plain drawing
 * made here (no third-party image). Run: node scripts/make-icons.mjs
 */
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** An RGB PNG of size x size; pixel(x, y) gives [r, g, b] with x, y in 0..1. */
function png(size, pixel) {
  const raw = Buffer.alloc(size * (1 + size * 3));
  for (let y = 0; y < size; y += 1) {
    const row = y * (1 + size * 3);
    raw[row] = 0; // filter: none
    for (let x = 0; x < size; x += 1) {
      const [r, g, b] = pixel((x + 0.5) / size, (y + 0.5) / size);
      raw.set([r, g, b], row + 1 + x * 3);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, truecolour, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const BACKGROUND = [30, 64, 120];
const MARKS = [
  [250, 204, 21],
  [74, 222, 128],
  [248, 113, 113],
];

/** Three highlighted "entity" bars on a dark page; `inset` keeps them in a maskable safe zone. */
function drawing(inset) {
  return (x, y) => {
    const u = (x - inset) / (1 - 2 * inset);
    const v = (y - inset) / (1 - 2 * inset);
    for (let i = 0; i < 3; i += 1) {
      const top = 0.22 + i * 0.22;
      const right = [0.8, 0.55, 0.7][i];
      if (v >= top && v < top + 0.12 && u >= 0.2 && u < right) return MARKS[i];
    }
    return BACKGROUND;
  };
}

writeFileSync('public/icons/icon-192.png', png(192, drawing(0)));
writeFileSync('public/icons/icon-512.png', png(512, drawing(0)));
writeFileSync('public/icons/maskable-512.png', png(512, drawing(0.1)));
