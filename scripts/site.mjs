// Lays out the built site the server serves (target/site by default) from the WASM bundle
// wasm-bindgen made, the chunks wasm-split cut from it, the stylesheet and the public assets:
//
//   pkg/worldclock.<hash>.js, .wasm, .css,  named by a hash of their content, so the server can
//   .svg (the icon)                         let browsers keep them for a year (immutable)
//   pkg/worldclock.<hash>.wasm (chunks)     the code of a lazy function (`#[lazy]`: the reports
//   pkg/worldclock.<hash>.js (their loader) page), fetched by the loader when first called; the
//                                           loader's name hashes the whole split, since it and
//                                           the main JS name each other
//   pkg/hash.txt                            `js: <hash>` `wasm: <hash>` `css: <hash>` `icon: <hash>`,
//                                           read by the server (src/server/site.rs) and Leptos'
//                                           HydrationScripts
//   favicon.svg, …                          public/ as it is (for whoever asks for it by name)
//   every text asset also as .br and .gz    compressed once here, at the strongest level, so the
//                                           server sends them precompressed and compresses nothing
//                                           per request
//
// Usage: node scripts/site.mjs <dir of worldclock.js and worldclock_bg.wasm>
//                              <wasm-split's dir: __wasm_split.js and the chunks> <site root>
// Called by `make site` after wasm-split, wasm-bindgen and wasm-opt; uses only Node's own
// modules.
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, extname } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const [bindgenDir, splitDir, siteRoot] = process.argv.slice(2);
if (!bindgenDir || !splitDir || !siteRoot) {
  console.error('usage: node scripts/site.mjs <wasm-bindgen output dir> <wasm-split output dir> <site root>');
  process.exit(2);
}

const OUTPUT_NAME = 'worldclock';
/// What wasm-split names the module that loads the chunks, as the main JS imports it.
const SPLIT_LOADER = '__wasm_split.js';
/// Files worth compressing: everything but images that are compressed already.
const COMPRESSIBLE = new Set(['.js', '.wasm', '.css', '.svg', '.html', '.json', '.txt', '.ico']);

const pkgDir = join(siteRoot, 'pkg');
rmSync(siteRoot, { recursive: true, force: true });
mkdirSync(pkgDir, { recursive: true });

/// The first 16 hex digits of the content's SHA-256: what names a version of an asset.
const contentHash = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);

/// `text` with every quoted `./<from>` replaced by `./<to>`.
const renamed = (text, from, to) => text.replaceAll(`"./${from}"`, `"./${to}"`).replaceAll(`'./${from}'`, `'./${to}'`);
/// `text` with its imports of `./<from>` made of `./<to>`. Only the import: the main JS also
/// names the module `./<from>` as the key of the WASM's imports, which must stay as it is.
const importRenamed = (text, from, to) =>
  text.replaceAll(`from "./${from}"`, `from "./${to}"`).replaceAll(`from './${from}'`, `from './${to}'`);
/// `worldclock.<hash>.<extension>`.
const hashedName = (hash, extension) => `${OUTPUT_NAME}.${hash}.${extension}`;

// The split: each chunk by its content; the loader by a hash of everything the split is
// (the main JS and the loader name each other, so neither can be named by its final bytes);
// then the main JS by its content, with the loader's name in it.
let mainJs = readFileSync(join(bindgenDir, `${OUTPUT_NAME}.js`), 'utf8');
const mainWasm = readFileSync(join(bindgenDir, `${OUTPUT_NAME}_bg.wasm`));
let loader = readFileSync(join(splitDir, SPLIT_LOADER), 'utf8');
const chunks = readdirSync(splitDir).filter((name) => name.endsWith('.wasm') && name !== `${OUTPUT_NAME}.wasm`);
for (const chunk of chunks) {
  const bytes = readFileSync(join(splitDir, chunk));
  const name = hashedName(contentHash(bytes), 'wasm');
  writeFileSync(join(pkgDir, name), bytes);
  loader = renamed(loader, chunk, name);
}
const loaderName = hashedName(contentHash(Buffer.concat([Buffer.from(loader), Buffer.from(mainJs), mainWasm])), 'js');
mainJs = importRenamed(mainJs, SPLIT_LOADER, loaderName);
const jsHash = contentHash(mainJs);
writeFileSync(join(pkgDir, loaderName), importRenamed(loader, `${OUTPUT_NAME}.js`, hashedName(jsHash, 'js')));

/// Each hashed asset: its kind in hash.txt, its extension, its bytes.
const assets = [
  ['js', 'js', Buffer.from(mainJs)],
  ['wasm', 'wasm', mainWasm],
  ['css', 'css', readFileSync('style/main.css')],
  // The page links the icon by this name, so a repeat visit does not even revalidate it.
  ['icon', 'svg', readFileSync('public/favicon.svg')],
];
const hashes = [];
for (const [kind, extension, bytes] of assets) {
  const hash = contentHash(bytes);
  writeFileSync(join(pkgDir, hashedName(hash, extension)), bytes);
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
  `site: ${siteRoot} (${hashes.map((line) => line.trim()).join(', ')}; ${chunks.length} lazy chunk(s)); ` +
    `${sizes.plain} bytes, ${sizes.brotli} brotli, ${sizes.gzip} gzip`,
);
