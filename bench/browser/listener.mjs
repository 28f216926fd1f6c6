#!/usr/bin/env node
// What a tab costs that listens to the clock stream another tab of the browser holds (issue
// 21 shares one stream among the tabs; issue 18 counts what a tick costs). Two tabs of one
// browser context at sec=1: the holder, opened first, shows one city set, the listener
// another; the counters of both are read over the same window, as ticks.mjs reads one page's.
//
// Usage: node bench/browser/listener.mjs [--holder 6] [--listener 1] [--window 20]
//
//   --holder N, --listener N   the city sets of ticks.mjs (1, 6, 24) each tab shows; their
//                              union must fit one stream (24 zones), or the listener keeps a
//                              stream of its own and the script says so
//   --window S                 seconds between the two readings of the counters
//
// Environment, server and Chromium as for run.mjs. It prints one line per tab: main-thread
// ms per tick (task, script, layout, style, other, thread CPU) and the ticks counted.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { freshContext, launchChromium } from './chromium.mjs';
import { recordProblems, waitUntilLive } from './page_state.mjs';
import { BenchServer, serverBinary } from './server.mjs';
import { CITY_SETS, countersPerTick, installTickCounter, tickPath } from './ticks.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const log = (line) => process.stderr.write(`bench/browser/listener: ${line}\n`);

function parseOptions(argv) {
  const options = { holder: 6, listener: 1, window: 20 };
  for (let index = 0; index < argv.length; index += 2) {
    const [flag, value] = [argv[index], Number(argv[index + 1])];
    const name = flag.replace(/^--/, '');
    if (!(name in options)) throw new Error(`unknown option ${flag}`);
    if (name !== 'window' && !CITY_SETS[value]) throw new Error(`${flag}: no city set ${argv[index + 1]}`);
    if (name === 'window' && !(value >= 2 && value <= 300)) throw new Error(`${flag}: 2 to 300 seconds`);
    options[name] = value;
  }
  return options;
}

/** A tab of `context` showing `zones`, live, counting its ticks, with Chromium's counters on. */
async function openTab(context, baseURL, zones, problems) {
  const page = await context.newPage();
  recordProblems(page, problems);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(`${baseURL}${tickPath(zones)}`);
  await waitUntilLive(page);
  await page.evaluate(installTickCounter);
  return { page, cdp };
}

/** How the tab reaches the stream, as its inspector says it. */
const role = (page) => page.evaluate(() => document.querySelector('.inspector__role')?.textContent ?? 'own stream');

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const server = new BenchServer(root, serverBinary(root));
  const problems = new Set();
  let browser;
  try {
    await server.start();
    browser = await launchChromium();
    const context = await freshContext(browser);
    const holder = await openTab(context, server.baseURL, CITY_SETS[options.holder], problems);
    const listener = await openTab(context, server.baseURL, CITY_SETS[options.listener], problems);
    const roles = [await role(holder.page), await role(listener.page)];
    log(`holder (${options.holder} cities): ${roles[0]}; listener (${options.listener} cities): ${roles[1]}`);
    if (!/listens/.test(roles[1])) throw new Error('the second tab does not listen to the first one\'s stream');
    const [held, heard] = await Promise.all([
      countersPerTick({ page: holder.page, cdp: holder.cdp, windowSeconds: options.window }),
      countersPerTick({ page: listener.page, cdp: listener.cdp, windowSeconds: options.window }),
    ]);
    for (const [name, cities, row] of [
      ['holder', options.holder, held],
      ['listener', options.listener, heard],
    ]) {
      const figures = Object.entries(row.perTick).map(([counter, value]) => `${counter} ${value.toFixed(2)}`);
      console.log(`${name} (${cities} cities): ${figures.join(', ')} ms per tick over ${row.ticks} ticks`);
    }
  } finally {
    await browser?.close().catch(() => {});
    await server.stop();
  }
  for (const problem of problems) log(`the page reported: ${problem}`);
}

main().catch((error) => {
  log(error.stack ?? String(error));
  process.exit(1);
});
