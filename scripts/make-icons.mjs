#!/usr/bin/env node
// Draws the app icon (a teal tile with a white route curve and two stops) at every size the
// installers want, into assets/: icon.png (1024, macOS and Windows derive .icns/.ico from it) and
// icons/<N>x<N>.png (Linux). Pure Node (zlib): nothing to download. Run: node scripts/make-icons.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

const root = join(import.meta.dirname, '..');

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function png(size, pixel) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    const offset = y * (size * 4 + 1);
    rows[offset] = 0; // no filter
    for (let x = 0; x < size; x++) pixel(x / size, y / size, rows, offset + 1 + x * 4, 1 / size);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const clamp = (value) => Math.min(1, Math.max(0, value));
/** The route: a gentle S from lower left to upper right. */
const route = (x) => 0.5 + 0.18 * Math.sin((x - 0.5) * Math.PI * 2.2);

function draw(u, v, out, at, pixelSize) {
  // Rounded tile (radius 0.2), anti-aliased by distance.
  const inset = 0.04;
  const r = 0.2;
  const dx = Math.max(Math.abs(u - 0.5) - (0.5 - inset - r), 0);
  const dy = Math.max(Math.abs(v - 0.5) - (0.5 - inset - r), 0);
  const tile = clamp((r - Math.hypot(dx, dy)) / pixelSize + 0.5);
  // Teal, lighter at the top.
  let red = 0.05 + 0.08 * (1 - v);
  let green = 0.45 + 0.2 * (1 - v);
  let blue = 0.5 + 0.15 * (1 - v);
  const onRoute = u > 0.18 && u < 0.82 ? Math.abs(v - route(u)) : 1;
  const line = clamp((0.045 - onRoute) / pixelSize + 0.5);
  const stop = (cx) => clamp((0.075 - Math.hypot(u - cx, v - route(cx))) / pixelSize + 0.5);
  const white = Math.max(line, stop(0.2), stop(0.8));
  red += (1 - red) * white;
  green += (1 - green) * white;
  blue += (1 - blue) * white;
  out[at] = Math.round(red * 255);
  out[at + 1] = Math.round(green * 255);
  out[at + 2] = Math.round(blue * 255);
  out[at + 3] = Math.round(tile * 255);
}

mkdirSync(join(root, 'assets', 'icons'), { recursive: true });
writeFileSync(join(root, 'assets', 'icon.png'), png(1024, draw));
for (const size of [16, 32, 48, 64, 128, 256, 512]) {
  writeFileSync(join(root, 'assets', 'icons', `${size}x${size}.png`), png(size, draw));
}
console.log('icons written to assets/');
