#!/usr/bin/env node
// An A/B of two builds of the page: main-thread time per tick (ticks.mjs's measurement) of
// build A and build B, taken in turns (A, B, B, A, A, B, ...) in one run, so both see the
// same load of a shared machine; prints each counter's median per build and B's change.
//
// Usage (from anywhere; paths are relative to the repository root):
//   node bench/browser/compare.mjs --a BINARY:SITE --b BINARY:SITE
//                                  [--cities 24] [--rounds 6] [--window 10] [--throttle 1]
//
//   --a, --b      a server binary and the site it serves (`make server` and `make site` of
//                 each build, the one kept aside), e.g. ./target/release/worldclock:target/site
//   --cities N    the city set of ticks.mjs (1, 6 or 24)
//   --rounds N    measurements of each build
//   --window S    seconds between the two readings of the counters
//   --throttle N  CPU slow-down rate
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { launchChromium } from './chromium.mjs';
import { BenchServer } from './server.mjs';
import { CITY_SETS, measureTicks } from './ticks.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const log = (line) => process.stderr.write(`bench/browser/compare: ${line}\n`);

function options(argv) {
  const given = { cities: '24', rounds: '6', window: '10', throttle: '1' };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i]?.replace(/^--/, '');
    if (!['a', 'b', 'cities', 'rounds', 'window', 'throttle'].includes(name) || argv[i + 1] === undefined) {
      throw new Error(`unknown or incomplete option ${argv[i]}`);
    }
    given[name] = argv[i + 1];
  }
  if (!given.a || !given.b) throw new Error('usage: compare.mjs --a BINARY:SITE --b BINARY:SITE [--cities N] [--rounds N] [--window S] [--throttle N]');
  const build = (text) => {
    const [binary, site] = text.split(':');
    return { binary, site: site ?? 'target/site' };
  };
  const zones = CITY_SETS[given.cities];
  if (!zones) throw new Error(`--cities is one of ${Object.keys(CITY_SETS).join(', ')}`);
  return {
    a: build(given.a),
    b: build(given.b),
    zones,
    rounds: Number(given.rounds),
    windowSeconds: Number(given.window),
    throttle: Number(given.throttle),
  };
}

const median = (values) => {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

async function main() {
  const { a, b, zones, rounds, windowSeconds, throttle } = options(process.argv.slice(2));
  const servers = {
    A: new BenchServer(root, a.binary, a.site),
    B: new BenchServer(root, b.binary, b.site),
  };
  const browser = await launchChromium();
  const problems = new Set();
  const results = { A: [], B: [] };
  try {
    await servers.A.start();
    await servers.B.start();
    for (let round = 0; round < rounds; round += 1) {
      // ABBA: neither build always goes first after the other.
      const order = round % 2 === 0 ? ['A', 'B'] : ['B', 'A'];
      for (const name of order) {
        const measured = await measureTicks({
          browser,
          baseURL: servers[name].baseURL,
          zones,
          throttle,
          windowSeconds,
          problems,
        });
        results[name].push(measured.perTick);
        const figures = Object.entries(measured.perTick).map(([label, ms]) => `${label} ${ms.toFixed(2)}`);
        log(`round ${round + 1} ${name}: ${figures.join(', ')} ms per tick (${measured.ticks} ticks)`);
      }
    }
  } finally {
    await browser.close();
    await servers.A.stop();
    await servers.B.stop();
  }
  console.log(`${zones.length} cities, sec=1, throttle ×${throttle}, ${rounds} rounds of ${windowSeconds} s each, medians in ms per tick`);
  console.log(`A = ${a.binary} + ${a.site}; B = ${b.binary} + ${b.site}`);
  console.log('| counter | A | B | B − A |');
  console.log('| --- | --- | --- | --- |');
  for (const label of Object.keys(results.A[0])) {
    const [ma, mb] = [median(results.A.map((r) => r[label])), median(results.B.map((r) => r[label]))];
    console.log(`| ${label} | ${ma.toFixed(2)} | ${mb.toFixed(2)} | ${(mb - ma).toFixed(2)} |`);
  }
  if (problems.size) console.log(`problems: ${[...problems].join('; ')}`);
}

main().catch((error) => {
  log(error.message);
  process.exit(1);
});
