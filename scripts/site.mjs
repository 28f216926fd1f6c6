// Lays out the built site the server serves (target/site by default) from the WASM bundle
// wasm-bindgen made, the stylesheet and the public assets:
//
//   pkg/worldclock.<hash>.js, .wasm, .css,  named by a hash of their content, so the server can
//   .svg (the icon)                         let browsers keep them for a year (immutable)
//   pkg/hash.txt                            `js: <hash>` `wasm: <hash>` `css: <hash>` `icon: <hash>`,
//                                           read by the server (src/server/site.rs) and Leptos'
//                                           HydrationScripts
//   favicon.svg, …                          public/ as it is (for whoever asks for it by name)
//   every text asset also as .br and .gz    compressed once here, at the strongest level, so the
//                                           server sends them precompressed and compresses nothing
//                                           per request
//
// Usage: node scripts/site.mjs <dir of worldclock.js and worldclock_bg.wasm> <site root>
// Called by `make site` after wasm-bindgen and wasm-opt; uses only Node's own modules.
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, extname } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const [bindgenDir, siteRoot] = process.argv.slice(2);
if (!bindgenDir || !siteRoot) {
  console.error('usage: node scripts/site.mjs <wasm-bindgen output dir> <site root>');
  process.exit(2);
}

const OUTPUT_NAME = 'worldclock';
/// Files worth compressing: everything but images that are compressed already.
const COMPRESSIBLE = new Set(['.js', '.wasm', '.css', '.svg', '.html', '.json', '.txt', '.ico']);

const pkgDir = join(siteRoot, 'pkg');
rmSync(siteRoot, { recursive: true, force: true });
mkdirSync(pkgDir, { recursive: true });

/// The first 16 hex digits of the content's SHA-256: what names a version of an asset.
const contentHash = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);

/// Each hashed asset: its kind in hash.txt, its extension, its bytes.
const assets = [
  ['js', 'js', readFileSync(join(bindgenDir, `${OUTPUT_NAME}.js`))],
  ['wasm', 'wasm', readFileSync(join(bindgenDir, `${OUTPUT_NAME}_bg.wasm`))],
  ['css', 'css', readFileSync('style/main.css')],
  // The page links the icon by this name, so a repeat visit does not even revalidate it.
  ['icon', 'svg', readFileSync('public/favicon.svg')],
];
const hashes = [];
for (const [kind, extension, bytes] of assets) {
  const hash = contentHash(bytes);
  writeFileSync(join(pkgDir, `${OUTPUT_NAME}.${hash}.${extension}`), bytes);
  hashes.push(`${kind}: ${hash}\n`);
}
writeFileSync(join(pkgDir, 'hash.txt'), hashes.join(''));
cpSync('public', siteRoot, { recursive: true });

/// Every compressible file below `dir`, with its brotli (quality 11) and gzip (level 9) twins.
function precompress(dir) {
  let plain = 0;
  let brotli = 0;
  let gzip = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      const inner = precompress(path);
      plain += inner.plain;
      brotli += inner.brotli;
      gzip += inner.gzip;
      continue;
    }
    if (!COMPRESSIBLE.has(extname(name)) || name === 'hash.txt') continue;
    const bytes = readFileSync(path);
    const br = brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_LGWIN]: constants.BROTLI_MAX_WINDOW_BITS,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    });
    const gz = gzipSync(bytes, { level: 9 });
    writeFileSync(`${path}.br`, br);
    writeFileSync(`${path}.gz`, gz);
    plain += bytes.length;
    brotli += br.length;
    gzip += gz.length;
  }
  return { plain, brotli, gzip };
}

const sizes = precompress(siteRoot);
console.log(
  `site: ${siteRoot} (${hashes.map((line) => line.trim()).join(', ')}); ` +
    `${sizes.plain} bytes, ${sizes.brotli} brotli, ${sizes.gzip} gzip`,
);
