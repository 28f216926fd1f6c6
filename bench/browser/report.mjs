// The browser section of BENCHMARKS.md: the figures beside issue 18's "before" and its aims,
// each aim met or not, and how the section replaces its previous self in the file.
import { FLOOR_LISTENERS } from './floor.mjs';
import { KINDS } from './network_ledger.mjs';

export const START_MARKER = '<!-- bench/browser: start (bench/browser/run.mjs writes this section) -->';
export const END_MARKER = '<!-- bench/browser: end -->';

/** Issue 18's figures, measured before the work, unthrottled: ms of main-thread time per tick. */
const TICKS_BEFORE = {
  1: { task: 4.6, script: 1.3, layout: 0.7 },
  6: { task: 10.1, script: 5.4, layout: 1.2 },
  24: { task: 33.7, script: 24.7, layout: 3.1 },
};
/** Issue 18's aims: ms of task time per tick, unthrottled; ×4 throttled at most four times it. */
const TICK_AIMS_MS = { 1: 1, 24: 3 };
const FIRST_VISIT_BEFORE_BYTES = 699_000;
const WASM_BEFORE_BYTES = 626_000;
const FIRST_VISIT_AIM_BYTES = 300_000;
const WASM_AIM_BYTES = 250_000;

export function median(values) {
  const sorted = values.filter((value) => value !== undefined).sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const kb = (bytes) => (bytes === undefined ? '-' : `${(bytes / 1000).toFixed(1)} KB`);
const ms = (value, digits = 2) => (value === undefined ? '-' : `${value.toFixed(digits)} ms`);
const verdict = (met) => (met ? 'met' : 'not met');
export const plural = (count, one, many) => `${count} ${count === 1 ? one : many}`;

/** A Markdown table: its header, the separator line and the rows, each a list of cells. */
function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line), ''];
}

/** What the tick table's third column calls the page's own rows. */
const PAGE_ROW = '(c) the page';

/**
 * A page row's aim (task ms per tick) and whether it is met, or dashes when there is none.
 * When the floor's (b) task time is above the aim, no page fed by this stream meets it in
 * this Chromium, and the verdict says so.
 */
function tickAim(cities, throttle, task, floorTask) {
  const aim = TICK_AIMS_MS[cities];
  // The issue sets aims unthrottled and at ×4 only.
  if (aim === undefined || (throttle !== 1 && throttle !== 4)) return ['-', '-'];
  const limit = aim * throttle;
  if (task <= limit) return [`≤ ${limit} ms`, verdict(true)];
  if (floorTask !== undefined && floorTask > limit) return [`≤ ${limit} ms`, 'not met: below the floor'];
  return [`≤ ${limit} ms`, verdict(false)];
}

/**
 * The tick rows grouped by city count and CPU, in the order measured: each group's floor
 * rows (by listener) and its page row, any of them absent when its part did not run.
 */
function tickGroups(ticks, floor) {
  const groups = new Map();
  const group = ({ cities, throttle }) => {
    const key = `${cities}×${throttle}`;
    if (!groups.has(key)) groups.set(key, { cities, throttle, floor: {}, page: undefined });
    return groups.get(key);
  };
  for (const row of floor) group(row).floor[row.listener] = row;
  for (const row of ticks) group(row).page = row;
  return [...groups.values()];
}

function ticksSection(ticks, floor, windowSeconds) {
  const counterCells = ({ throttle, perTick, ticks: count, elapsedSeconds }) => [
    ms(perTick.task),
    ms(perTick.script),
    ms(perTick.layout),
    ms(perTick.style),
    ms(perTick.other),
    // Chromium's throttler keeps the throttled thread busy: its CPU time is not the page's.
    throttle === 1 ? ms(perTick.cpu) : '-',
    `${count} in ${elapsedSeconds.toFixed(1)} s`,
  ];
  const rows = [];
  for (const { cities, throttle, floor: floorRows, page } of tickGroups(ticks, floor)) {
    const cpuText = throttle === 1 ? 'unthrottled' : `×${throttle}`;
    for (const [listener, label] of Object.entries(FLOOR_LISTENERS)) {
      const row = floorRows[listener];
      if (row) rows.push([cities, cpuText, `floor ${label}`, ...counterCells(row), '-', '-', '-', '-']);
    }
    if (!page) continue;
    const before = TICKS_BEFORE[cities];
    const beforeText =
      throttle === 1 && before ? `${before.task} / ${before.script} / ${before.layout} ms` : '-';
    const text = floorRows.text;
    // Thread CPU beside task time unthrottled: the machine's load moves it less.
    const minusFloor = !text
      ? '-'
      : throttle === 1
        ? `${ms(page.perTick.task - text.perTick.task)} / ${ms(page.perTick.cpu - text.perTick.cpu)}`
        : ms(page.perTick.task - text.perTick.task);
    rows.push([
      cities,
      cpuText,
      PAGE_ROW,
      ...counterCells(page),
      minusFloor,
      beforeText,
      ...tickAim(cities, throttle, page.perTick.task, text?.perTick.task),
    ]);
  }
  const lines = [
    '### What an open tab costs: main-thread time per tick at sec=1',
    '',
    'Per row, a fresh context opens the page, waits until it is hydrated and `live` (the stream',
    'inspector closed, as a visitor leaves it) and two ticks more, then reads Chromium\'s counters',
    '(CDP `Performance.getMetrics`: TaskDuration, ScriptDuration, LayoutDuration,',
    `RecalcStyleDuration, TaskOtherDuration, ThreadTime) twice ${windowSeconds} s apart and divides`,
    'by the ticks the first card\'s `<time>` showed in between. ×4 is',
    '`Emulation.setCPUThrottlingRate({rate: 4})`, a phone\'s CPU, from the first byte. Task is all',
    'of the main thread\'s work; "other" is the part of it outside script, layout and style (the',
    'frame\'s commit and paint, above all); "thread CPU" is the main thread\'s CPU time',
    '(ThreadTime): task time less its waits for the compositor and for a core, so less moved by',
    'what else the machine runs. It is shown unthrottled only: Chromium\'s throttler keeps a',
    'throttled thread busy, so its CPU time is not the page\'s.',
    '',
  ];
  if (floor.length) {
    lines.push(
      'The floor rows measure what any page fed by this stream costs in this Chromium, the same',
      'way and just before the page row of their group: a fresh context, the same CPU, the same',
      'wait, counters and window. The document is the server\'s own `/healthz` (a text/plain',
      '`ok`: same-origin, as the page\'s stream is), emptied; `page.evaluate` then opens an',
      '`EventSource` on the page\'s stream URL (`/api/clock/stream?cities=…&sec=1`), whose listener',
      'counts the ticks (one per event id). In (a) that is all the listener does: the stream\'s',
      'delivery alone. In (b) it also parses each event\'s JSON and sets the zone\'s `HH:MM:SS` in',
      'one text node, in a `<p>` per zone styled as the page\'s time is (`.city-card__time` and its',
      'one-line containment: large, bold, tabular digits): the least a page showing these clocks',
      'can do. (c) is the page, as above. "Page minus floor" is (c)\'s time less (b)\'s, task',
      '(and thread CPU, unthrottled): the work that is the page\'s own. Where (b) alone is above',
      'an aim, no page fed by this stream can meet it here, and the verdict says "not met: below',
      'the floor".',
      '',
    );
  }
  lines.push(
    ...table(
      ['cities', 'CPU', 'what', 'task', 'script', 'layout', 'style', 'other', 'thread CPU', 'ticks',
        'page minus floor (b): task / thread CPU', 'before (issue 18): task / script / layout',
        'aim: task', ''],
      rows,
    ),
  );
  return lines;
}

/** The median run's figure, per figure: bytes barely move between runs, timings do. */
function medianSummary(summaries) {
  const field = (name) => median(summaries.map((summary) => summary[name]));
  return {
    total: field('total'),
    byKind: Object.fromEntries(
      KINDS.map((kind) => [kind, median(summaries.map((summary) => summary.byKind[kind]))]),
    ),
    requests: field('requests'),
    overNetwork: field('overNetwork'),
    fromCache: field('fromCache'),
    revalidated: field('revalidated'),
    streamBytes: field('streamBytes'),
  };
}

/** The repeat visit's aim: nothing but the HTML over the wire (no 200 and no 304 else). */
function onlyTheHtml(resources) {
  return resources.every(
    (resource) => resource.kind === 'document' || (resource.cache && resource.status !== 304),
  );
}

/** `200, br, 3.9 KB`, `disk cache, 0.0 KB`, `revalidated (304), 0.8 KB`. */
function describeResource(resource) {
  if (!resource) return '-';
  if (resource.pending) return 'did not finish';
  const parts = [resource.cache || String(resource.status)];
  if (resource.encoding && !resource.cache) parts.push(resource.encoding);
  parts.push(kb(resource.bytes));
  return parts.join(', ');
}

/** Every request of one run, its first and repeat visit side by side. */
function resourcesTable({ first, repeat }) {
  const firstByPath = new Map(first.network.resources.map((resource) => [resource.path, resource]));
  const repeatByPath = new Map(repeat.network.resources.map((resource) => [resource.path, resource]));
  const paths = new Set([...firstByPath.keys(), ...repeatByPath.keys()]);
  const rows = [...paths].map((path) => {
    const resource = firstByPath.get(path) ?? repeatByPath.get(path);
    return [
      `\`${path}\``,
      resource.kind,
      resource.cacheControl ? `\`${resource.cacheControl}\`` : '-',
      describeResource(firstByPath.get(path)),
      describeResource(repeatByPath.get(path)),
    ];
  });
  return table(['request', 'kind', 'cache-control', 'first visit', 'repeat visit'], rows);
}

function bytesSection(visits) {
  const first = medianSummary(visits.map((run) => run.first.network));
  const repeat = medianSummary(visits.map((run) => run.repeat.network));
  const requests = (summary) =>
    `${summary.overNetwork} / ${summary.fromCache} / ${summary.revalidated}`;
  const bytesRows = [
    ['all (the event stream apart)', kb(first.total), kb(repeat.total), kb(FIRST_VISIT_BEFORE_BYTES)],
    ...KINDS.map((kind) => [
      kind,
      kb(first.byKind[kind]),
      kb(repeat.byKind[kind]),
      kind === 'wasm' ? kb(WASM_BEFORE_BYTES) : '-',
    ]),
    ['requests: over the network / from cache / revalidated (304)', requests(first), requests(repeat), '-'],
    ['the event stream until settled (not in "all")', kb(first.streamBytes), kb(repeat.streamBytes), '-'],
  ];

  const wasmBytes = (run) =>
    run.first.network.resources
      .filter((resource) => resource.kind === 'wasm')
      .reduce((sum, resource) => sum + resource.bytes, 0);
  const wasm = median(visits.map(wasmBytes));
  const last = visits[visits.length - 1];
  const wasmEncodings = [
    ...new Set(
      last.first.network.resources
        .filter((resource) => resource.kind === 'wasm')
        .map((resource) => resource.encoding || 'identity'),
    ),
  ];
  const repeatOnlyHtml = visits.every((run) => onlyTheHtml(run.repeat.network.resources));
  const aimRows = [
    ['a first visit ≤ 300 KB in all', kb(first.total), verdict(first.total <= FIRST_VISIT_AIM_BYTES)],
    [
      'a repeat visit only the HTML',
      `${repeat.overNetwork} of ${repeat.requests} requests over the network, ` +
        `${repeat.revalidated} revalidated, ${kb(repeat.total)}`,
      verdict(repeatOnlyHtml),
    ],
    [
      'WASM ≤ 250 KB compressed',
      `${kb(wasm)} (${wasmEncodings.join(', ')})`,
      verdict(wasm <= WASM_AIM_BYTES),
    ],
  ];

  return [
    '### What a visitor downloads: `/`',
    '',
    `${plural(visits.length, 'run', 'runs')}, each in a fresh context (empty cache): the first visit,`,
    'then, once it had hydrated, gone `live` and no request but the event stream had moved for',
    '1 s, the same URL navigated to again in that context (the repeat visit). Bytes are what',
    'crossed the wire, headers included (CDP `Network.loadingFinished.encodedDataLength`), the',
    'median of the runs per row; KB are 1,000 bytes. The event stream is counted apart: it never',
    'ends.',
    '',
    ...table(['bytes', 'first visit', 'repeat visit', 'before (issue 18)'], bytesRows),
    'Each request of the last run (status or cache, content encoding, bytes):',
    '',
    ...resourcesTable(last),
    ...table(['aim (issue 18)', 'measured', ''], aimRows),
  ];
}

function timingsSection(visits) {
  const milestones = [
    ['HTML received (`responseEnd`)', 'html'],
    ['first paint', 'firstPaint'],
    ['first contentful paint', 'firstContentfulPaint'],
    ['hydrated (`data-hydrated` on `<body>`)', 'hydrated'],
    ['`live` (the status badge)', 'live'],
  ];
  const rows = milestones.map(([label, name]) => {
    const values = visits.map((run) => run.first.timings[name]).filter((value) => value !== undefined);
    const range = values.length ? `${ms(Math.min(...values), 0)} – ${ms(Math.max(...values), 0)}` : '-';
    const repeatMedian = median(visits.map((run) => run.repeat.timings[name]));
    return [label, ms(median(values), 0), range, ms(repeatMedian, 0)];
  });
  return [
    '### Time from navigation to first paint, hydrated and live: `/`',
    '',
    'From the page\'s own clock (`performance` paint and navigation entries; a MutationObserver',
    'installed before the page\'s scripts notes when `<body>` gets `data-hydrated` and when the',
    `badge first says \`live\`), unthrottled, over the same ${plural(visits.length, 'run', 'runs')}.`,
    '',
    ...table(
      ['from navigation to', 'first visit: median', 'first visit: range', 'repeat visit: median'],
      rows,
    ),
  ];
}

/**
 * The whole section, between its markers. `context` says how, on what and when it was
 * measured; `ticks`, `floor` and `visits` are the results of the parts that ran (any may be
 * empty).
 */
export function browserSection({ context, ticks, floor = [], visits, windowSeconds, problems }) {
  const lines = [
    START_MARKER,
    '## Browser: what a visitor downloads and what an open tab costs',
    '',
    `Measured by \`bench/browser/run.mjs\`: Playwright ${context.playwright} driving Debian's`,
    `Chromium ${context.chromium} (headless, viewport 1280×800, a fresh browser context per`,
    'run) against the server it starts on a free loopback port,',
    `\`${context.binary}\` (built ${context.binaryBuilt}), serving target/site`,
    `(\`${context.wasmFile}\`).`,
    '',
    `- date: ${context.date}`,
    `- tree: commit ${context.commit}`,
    `- machine: ${context.cores} cores, load average (1 min) ${context.loadAtStart.toFixed(2)} ` +
      `at the start, ${context.loadAtEnd.toFixed(2)} at the end`,
    `- command: \`${context.command}\``,
    '',
  ];
  if (visits.length) lines.push(...bytesSection(visits), ...timingsSection(visits));
  if (ticks.length || floor.length) lines.push(...ticksSection(ticks, floor, windowSeconds));
  lines.push(
    'What the page reported while it was measured (console errors and warnings, uncaught',
    'exceptions, failed requests):',
    '',
  );
  if (problems.size === 0) lines.push('- nothing');
  for (const problem of problems) lines.push(`- ${problem.replaceAll('\n', ' ')}`);
  lines.push('', END_MARKER);
  return `${lines.join('\n')}\n`;
}

/** `text` with the section between its markers replaced, or appended when it has none. */
export function withSection(text, section) {
  const start = text.indexOf(START_MARKER);
  const end = text.indexOf(END_MARKER, start);
  if (start !== -1 && end !== -1) {
    const after = text.slice(end + END_MARKER.length).replace(/^\n/, '');
    return text.slice(0, start) + section + after;
  }
  if (text === '') return section;
  return `${text.replace(/\n*$/, '\n')}\n${section}`;
}
