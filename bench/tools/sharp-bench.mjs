// sharp's side of bench/tools.sh (docs/PERFORMANCE.md, "Processing tools against sharp").
//   node sharp-bench.mjs make <source.jpg> <out.jpg>   the bench's 12-megapixel input, made the same way every time
//   node sharp-bench.mjs serve <input.jpg> <font file>  reads an operation name a line on stdin, runs it once on the
//                                                       input (bytes in memory, as Loupe's tools get them) and
//                                                       answers one JSON line: {op, ms, bytes, width, height};
//                                                       "dump <path>" writes the last output there (for its SSIM)
// The Java side (ToolsBench) keeps this process warm and alternates its runs with Loupe's, so that the machine's
// load falls on both alike. Each operation asks sharp for the same output Loupe's tool writes (see OPS).
import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import sharp from 'sharp';

// Loupe calls vips_cache_set_max(0); sharp's operation cache would otherwise answer repeated runs from memory.
sharp.cache(false);

const [mode, a, b] = process.argv.slice(2);

if (mode === 'make') {
  // Upscaled with Lanczos-3 from the 2560x1920 test photo, then a fixed, seeded noise so that the JPEG has a real
  // photo's entropy (a plain upscale is smoother than a 12 MP camera photo and encodes faster); quality 90.
  const width = 4000;
  const height = 3000;
  const base = await sharp(a).resize(width, height, { fit: 'fill' }).removeAlpha().raw().toBuffer();
  let seed = 12345;
  for (let i = 0; i < base.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    const noise = ((seed >>> 16) % 13) - 6;
    base[i] = Math.max(0, Math.min(255, base[i] + noise));
  }
  await sharp(base, { raw: { width, height, channels: 3 } }).jpeg({ quality: 90 }).toFile(b);
  process.exit(0);
}

if (mode !== 'serve') {
  console.error('usage: sharp-bench.mjs make <source> <out> | serve <input> <fontfile>');
  process.exit(2);
}

const input = readFileSync(a);
const fontfile = b;
// Loupe's JPEG: Q 90 with optimised Huffman tables; libvips leaves chroma at full resolution at Q 90, sharp would
// subsample it unless told, so 4:4:4 is asked for to compare the same output.
const jpeg90 = { quality: 90, optimiseCoding: true, chromaSubsampling: '4:4:4' };
const OPS = {
  // resizeimage pixels_width=1024: 1024x768, shrink-on-load, Lanczos-3.
  // sharp's default (fastShrinkOnLoad) decodes the JPEG at half size here (the reduction is 3.9).
  resize: () => sharp(input).autoOrient().resize({ width: 1024 }).jpeg(jpeg90),
  // The same without shrink-on-load here (libvips thumbnail's rule: leave at least 2x for Lanczos), for comparison.
  'resize-exact': () => sharp(input).autoOrient().resize({ width: 1024, fastShrinkOnLoad: false }).jpeg(jpeg90),
  // cropimage width=height=1000, x=1500, y=1000.
  crop: () => sharp(input).autoOrient().extract({ left: 1500, top: 1000, width: 1000, height: 1000 }).jpeg(jpeg90),
  // compressimage recommended: mozjpeg's settings at Q 72 (trellis, deringing, optimised progressive scans,
  // quantisation table 3, 4:2:0), which is what Loupe's level passes to libvips.
  compress: () => sharp(input).autoOrient().jpeg({ quality: 72, mozjpeg: true }),
  // convertimage to=png: libvips' PNG at zlib level 6, no filter.
  png: () => sharp(input).autoOrient().png({ compressionLevel: 6, adaptiveFiltering: false }),
  // convertimage to=jpg from a JPEG: decoded and written again.
  jpg: () => sharp(input).autoOrient().jpeg(jpeg90),
  // rotateimage with the file's rotate=90.
  rotate: () => sharp(input).autoOrient().rotate(90).jpeg(jpeg90),
  // watermarkimage: one text element, SouthEast, Liberation Sans Bold 120 px, white at 60% opacity.
  watermark: () => sharp(input).autoOrient().composite([{
    input: {
      text: {
        text: '<span foreground="#ffffff" fgalpha="60%">© Loupe bench</span>',
        font: 'Liberation Sans Bold 120', fontfile, dpi: 72, rgba: true,
      },
    },
    gravity: 'southeast',
  }]).jpeg(jpeg90),
  // repairimage on an intact JPEG: decoded strictly and written again.
  repair: () => sharp(input, { failOn: 'error' }).autoOrient().jpeg(jpeg90),
};

let last = null;
const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  const op = line.trim();
  if (!op) continue;
  if (op.startsWith('dump ')) {
    writeFileSync(op.slice(5), last);
    console.log(JSON.stringify({ op: 'dump', bytes: last.length }));
    continue;
  }
  if (op === 'version') {
    console.log(JSON.stringify({ op, sharp: sharp.versions.sharp, vips: sharp.versions.vips }));
    continue;
  }
  if (!OPS[op]) {
    console.log(JSON.stringify({ op, error: 'unknown operation' }));
    continue;
  }
  try {
    const start = process.hrtime.bigint();
    const { data, info } = await OPS[op]().toBuffer({ resolveWithObject: true });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    last = data;
    console.log(JSON.stringify({ op, ms, bytes: data.length, width: info.width, height: info.height }));
  } catch (e) {
    console.log(JSON.stringify({ op, error: String(e && e.message || e) }));
  }
}
