#!/usr/bin/env node
// The browser section of `make bench` (issue 18): Playwright driving Debian's Chromium
// against the server built for benchmarking, measuring what a visitor downloads (first and
// repeat visit of `/`), how soon the page paints, hydrates and goes live, and what an open
// tab costs the main thread per tick with 1, 6 and 24 cities, unthrottled and at ×4, beside
// the floor: what a blank document fed by the same stream costs, measured the same way.
//
// Usage (from anywhere; paths are the repository's):
//   node bench/browser/run.mjs [--out BENCHMARKS.md] [--only visits,ticks,floor]
//                              [--cities 1,6,24] [--throttle 1,4] [--window 20] [--runs 3]
//
//   --out FILE      write the section into FILE, replacing the one between its markers or
//                   appending it; the rest of the file stays as it is. The section is
//                   printed to stdout in any case.
//   --only PARTS    visits (bytes and paint/hydrated/live timings), ticks (the page's
//                   main-thread time per tick) and/or floor (the same for a blank document
//                   with an EventSource on the page's stream: (a) an empty listener,
//                   (b) one text node per zone)
//   --cities LIST   the tick and floor measurement's city sets (1, 6, 24: issue 18's URLs)
//   --throttle LIST CPU slow-down rates for the ticks and the floor (1 = unthrottled)
//   --window S      seconds between the two readings of the counters
//   --runs N        first+repeat visit runs (each figure is the median of them)
//
// Environment: WORLDCLOCK_SERVER_BINARY (default ./target/dist/worldclock, else
// ./target/release/worldclock), CHROMIUM_PATH (default /usr/bin/chromium). The server
// runs from the repository root with RUST_LOG=warn and needs target/site (`make site`).
// The whole set takes about 8 minutes; `--only ticks --cities 24 --throttle 1` about 30 s,
// `--only floor,ticks --cities 24 --throttle 1` about 90 s.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { launchChromium } from './chromium.mjs';
import { FLOOR_LISTENERS, measureFloor } from './floor.mjs';
import { browserSection, plural, withSection } from './report.mjs';
import { BenchServer, serverBinary } from './server.mjs';
import { CITY_SETS, measureTicks } from './ticks.mjs';
import { measureVisits } from './visits.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PARTS = ['visits', 'ticks', 'floor'];

const USAGE = `usage: node bench/browser/run.mjs [--out FILE] [--only visits,ticks,floor] [--cities 1,6,24]
                                 [--throttle 1,4] [--window SECONDS] [--runs N]`;

const log = (line) => process.stderr.write(`bench/browser: ${line}\n`);

/** A mistake on the command line: said in one line with the usage, no stack. */
class UsageError extends Error {}

/** The command line as given, for the report: what re-runs this measurement. */
function commandLine(argv) {
  const quote = (word) => (/^[\w./,=:@-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`);
  const script = relative(process.cwd(), fileURLToPath(import.meta.url)) || 'run.mjs';
  const env = process.env.WORLDCLOCK_SERVER_BINARY
    ? `WORLDCLOCK_SERVER_BINARY=${quote(process.env.WORLDCLOCK_SERVER_BINARY)} `
    : '';
  return `${env}node ${[script, ...argv].map(quote).join(' ')}`;
}

function parseOptions(argv) {
  const options = {
    out: undefined,
    only: new Set(PARTS),
    cities: [1, 6, 24],
    throttle: [1, 4],
    window: 20,
    runs: 3,
  };
  const numbers = (flag, text, valid) => {
    const values = text.split(',').map(Number);
    if (values.length === 0 || !values.every(valid)) throw new UsageError(`${flag}: not a valid list: ${text}`);
    return values;
  };
  for (let index = 0; index < argv.length; index += 1) {
    const flag = argv[index];
    if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    }
    const value = argv[index + 1];
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    index += 1;
    switch (flag) {
      case '--out':
        options.out = value;
        break;
      case '--only': {
        const parts = value.split(',');
        const unknown = parts.filter((part) => !PARTS.includes(part));
        if (unknown.length) throw new UsageError(`--only: unknown part ${unknown.join(', ')} (${PARTS.join(', ')})`);
        options.only = new Set(parts);
        break;
      }
      case '--cities':
        options.cities = numbers(flag, value, (count) => CITY_SETS[count] !== undefined);
        break;
      case '--throttle':
        options.throttle = numbers(flag, value, (rate) => rate >= 1 && rate <= 20);
        break;
      case '--window':
        [options.window] = numbers(flag, value, (seconds) => seconds >= 2 && seconds <= 300);
        break;
      case '--runs':
        [options.runs] = numbers(flag, value, (runs) => Number.isInteger(runs) && runs >= 1 && runs <= 20);
        break;
      default:
        throw new UsageError(`unknown option ${flag}`);
    }
  }
  return options;
}

function git(...args) {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

/** How, on what and when: the lines that head the section. */
/** The built site's asset hashes: they change when someone rebuilds the site. */
const siteHashes = () => readFileSync(join(root, 'target/site/pkg/hash.txt'), 'utf8');

function measurementContext(binary, chromiumVersion, argv) {
  const hashes = siteHashes();
  const wasmHash = /^wasm:\s*(\S+)/m.exec(hashes)?.[1] ?? '?';
  const dirty = git('status', '--porcelain', '--untracked-files=no') ? ', with uncommitted changes' : '';
  const requireFromEnd2end = createRequire(join(root, 'end2end/package.json'));
  const { version: playwright } = requireFromEnd2end('@playwright/test/package.json');
  const utc = (date) => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return {
    playwright,
    chromium: chromiumVersion,
    binary,
    binaryBuilt: utc(statSync(join(root, binary)).mtime),
    wasmFile: `pkg/worldclock.${wasmHash}.wasm`,
    date: utc(new Date()),
    commit: `${git('rev-parse', '--short', 'HEAD') || 'unknown'}${dirty}`,
    command: commandLine(argv),
    hashes,
    // The machine is shared: what else ran beside the measurement moves every figure.
    loadAtStart: loadavg()[0],
    cores: availableParallelism(),
  };
}

async function main() {
  const argv = process.argv.slice(2);
  const options = parseOptions(argv);
  const binary = serverBinary(root);
  const server = new BenchServer(root, binary);
  let browser;
  const stop = async () => {
    await browser?.close().catch(() => {});
    await server.stop();
  };
  // Ctrl-C leaves no server and no browser behind.
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => stop().finally(() => process.exit(130)));
  }

  const problems = new Set();
  const visits = [];
  const ticks = [];
  const floor = [];
  let context;
  try {
    await server.start();
    log(`${binary} on ${server.baseURL}`);
    browser = await launchChromium();
    context = measurementContext(binary, browser.version(), argv);
    log(`Chromium ${browser.version()}`);

    if (options.only.has('visits')) {
      for (let run = 1; run <= options.runs; run += 1) {
        const result = await measureVisits({ browser, baseURL: server.baseURL, problems });
        visits.push(result);
        const { first, repeat } = result;
        log(
          `visit run ${run}: first ${first.network.total} B in ${first.network.requests} requests, ` +
            `repeat ${repeat.network.total} B (${repeat.network.overNetwork} over the network, ` +
            `${repeat.network.fromCache} from cache, ${repeat.network.revalidated} revalidated); ` +
            `FCP ${first.timings.firstContentfulPaint?.toFixed(0)} ms, hydrated ` +
            `${first.timings.hydrated?.toFixed(0)} ms, live ${first.timings.live?.toFixed(0)} ms`,
        );
      }
    }
    const perTickFigures = (row) =>
      Object.entries(row.perTick).map(([name, value]) => `${name} ${value.toFixed(2)}`).join(', ');
    for (const cities of options.cities) {
      for (const throttle of options.throttle) {
        // The floor just before the page, on the same CPU: the machine's load, which moves
        // with other builds, is as alike as it can be for the page-minus-floor difference.
        if (options.only.has('floor')) {
          for (const listener of Object.keys(FLOOR_LISTENERS)) {
            const row = await measureFloor({
              browser,
              baseURL: server.baseURL,
              zones: CITY_SETS[cities],
              listener,
              throttle,
              windowSeconds: options.window,
              problems,
            });
            floor.push(row);
            log(`floor ${listener}: ${cities} cities ×${throttle}: ${perTickFigures(row)} ms per tick over ${row.ticks} ticks`);
          }
        }
        if (options.only.has('ticks')) {
          const row = await measureTicks({
            browser,
            baseURL: server.baseURL,
            zones: CITY_SETS[cities],
            throttle,
            windowSeconds: options.window,
            problems,
          });
          ticks.push(row);
          log(`ticks: ${cities} cities ×${throttle}: ${perTickFigures(row)} ms per tick over ${row.ticks} ticks`);
        }
      }
    }
  } finally {
    await stop();
  }
  if (context) context.loadAtEnd = loadavg()[0];
  // On a shared machine another developer may rebuild the site mid-run: then the pages
  // measured were partly of one build and partly of another (and the server, which read its
  // hash file at start, served a mix).
  if (context && siteHashes() !== context.hashes) {
    throw new Error('target/site was rebuilt during the measurement: measure again');
  }
  const logged = server.loggedOutput();
  if (logged) problems.add(`server logged: ${logged.split('\n').slice(-5).join(' | ')}`);

  if (problems.size) log(`the page reported ${plural(problems.size, 'problem', 'problems')} (listed in the section)`);
  const section = browserSection({ context, ticks, floor, visits, windowSeconds: options.window, problems });
  process.stdout.write(section);
  if (options.out) {
    const before = existsSync(options.out) ? readFileSync(options.out, 'utf8') : '';
    writeFileSync(options.out, withSection(before, section));
    log(`wrote the browser section into ${options.out}`);
  }
}

main().catch((error) => {
  if (error instanceof UsageError) {
    log(error.message);
    process.stderr.write(`${USAGE}\n`);
    process.exit(2);
  }
  log(error.stack ?? String(error));
  process.exit(1);
});
