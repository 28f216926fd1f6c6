// A report follower for Node, behaving as a browser's EventSource does and as a patient
// script should: it parses `id`, `event`, `data` and `retry`, reconnects after `retry` with
// `Last-Event-ID` when the connection drops, stops for good on `204`, and on a refusal (`429`
// too many computations, `502`/`503` while an instance is down) tries again after
// `Retry-After`. It records every event and how it got them, so a test can check ids across
// reconnects and instances.
import http from 'node:http';
import { readEvents, type WireEvent } from './event-stream';

export interface ReportEvent {
  id: number;
  event: string;
  data: any;
}

/** The report paths and totals from `POST /api/reports`. */
export interface ReportInfo {
  id: string;
  tzdata: string;
  total: number;
  events: string;
  csv: string;
  json: string;
}

export class ReportFollower {
  readonly events: ReportEvent[] = [];
  /** Connections after the first. */
  reconnects = 0;
  /** Answers that were not a stream, by status. */
  readonly refusals: Record<number, number> = {};
  private lastEventId: string | undefined;
  private retryMs = 3000;
  private request: http.ClientRequest | undefined;
  private finished: (() => void) | undefined;
  readonly done: Promise<void>;

  constructor(private readonly url: string) {
    this.done = new Promise((resolve) => (this.finished = resolve));
  }

  start(): this {
    this.connect();
    return this;
  }

  stop(): void {
    this.finish();
  }

  /** The final event (`complete` or `failed`), once it came. */
  get last(): ReportEvent | undefined {
    const last = this.events[this.events.length - 1];
    return last && last.event !== 'progress' ? last : undefined;
  }

  private finish(): void {
    this.request?.destroy();
    this.request = undefined;
    this.finished?.();
    this.finished = undefined;
  }

  private connect(): void {
    if (!this.finished) return;
    const headers: Record<string, string> = { Accept: 'text/event-stream' };
    if (this.lastEventId !== undefined) headers['Last-Event-ID'] = this.lastEventId;
    let settled = false;
    const again = (delayMs: number) => {
      if (settled || !this.finished) return;
      settled = true;
      this.reconnects += 1;
      setTimeout(() => this.connect(), delayMs);
    };
    this.request = http.get(this.url, { headers, agent: false }, (response) => {
      const status = response.statusCode ?? 0;
      if (status === 204) {
        response.resume();
        settled = true;
        this.finish();
        return;
      }
      if (status !== 200) {
        this.refusals[status] = (this.refusals[status] ?? 0) + 1;
        const retryAfter = Number(response.headers['retry-after']);
        response.resume();
        again(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : this.retryMs);
        return;
      }
      readEvents(response, (event) => this.dispatch(event));
      const ended = () => (this.last ? this.finish() : again(this.retryMs));
      response.on('end', ended);
      response.on('error', () => again(this.retryMs));
      response.on('aborted', () => again(this.retryMs));
    });
    this.request.on('error', () => again(this.retryMs));
  }

  private dispatch(wire: WireEvent): void {
    if (wire.retryMs !== undefined) this.retryMs = wire.retryMs;
    if (wire.id !== undefined) this.lastEventId = wire.id;
    if (wire.data === undefined) return;
    this.events.push({ id: Number(wire.id), event: wire.event, data: JSON.parse(wire.data) });
  }
}

/** The ids a complete report's stream carries: its progress checkpoints, then `total + 1`. */
export function expectedIds(total: number): number[] {
  const step = Math.max(1, Math.ceil(total / 100));
  const ids: number[] = [];
  for (let done = step; done < total; done += step) ids.push(done);
  ids.push(total, total + 1);
  return ids;
}

/** GET `url`, asking again after `Retry-After` while the answer is `429`. */
export async function fetchPatiently(url: string, init?: RequestInit): Promise<Response> {
  for (let attempt = 0; attempt < 30; attempt++) {
    const response = await fetch(url, init);
    if (response.status !== 429) return response;
    await response.arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get('retry-after') ?? 1) * 1000));
  }
  throw new Error(`${url}: still 429 after 30 tries`);
}

/** Names a report with `POST /api/reports`. */
export async function nameReport(base: string, body: object): Promise<ReportInfo> {
  const response = await fetch(`${base}/api/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`POST /api/reports: ${response.status} ${await response.text()}`);
  return (await response.json()) as ReportInfo;
}
