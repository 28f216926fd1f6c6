// A small EventSource for Node, written to the WHATWG rules the tests need: it parses
// `id`, `data` and `retry`, reconnects after `retry` with `Last-Event-ID`, and records when
// every tick arrived, so a test can check delivery, delay and resume across failover.
import http from 'node:http';
import { readEvents, type WireEvent } from './event-stream';

export interface Tick {
  id: number;
  epochMs: number;
  arrived: number;
}

export class SseClient {
  readonly ticks: Tick[] = [];
  reconnects = 0;
  private lastEventId: string | undefined;
  private retryMs = 3000;
  private stopped = false;
  private request: http.ClientRequest | undefined;

  constructor(private readonly url: string) {}

  start(): this {
    this.connect();
    return this;
  }

  stop(): void {
    this.stopped = true;
    this.request?.destroy();
  }

  /** Ticks that arrived after `instant`. */
  ticksAfter(instant: number): Tick[] {
    return this.ticks.filter((tick) => tick.arrived > instant);
  }

  /** True when the ids seen rise by exactly one each time, across reconnects. */
  idsAreConsecutive(): boolean {
    return this.ticks.every((tick, index) => index === 0 || tick.id === this.ticks[index - 1].id + 1);
  }

  private connect(): void {
    if (this.stopped) return;
    const headers: Record<string, string> = { Accept: 'text/event-stream' };
    if (this.lastEventId !== undefined) headers['Last-Event-ID'] = this.lastEventId;
    let settled = false;
    const again = () => {
      if (settled || this.stopped) return;
      settled = true;
      this.reconnects += 1;
      setTimeout(() => this.connect(), this.retryMs);
    };
    this.request = http.get(this.url, { headers, agent: false }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        again();
        return;
      }
      readEvents(response, (event) => this.dispatch(event));
      response.on('end', again);
      response.on('error', again);
      response.on('aborted', again);
    });
    this.request.on('error', again);
  }

  private dispatch(event: WireEvent): void {
    const arrived = Date.now();
    if (event.id !== undefined) this.lastEventId = event.id;
    if (event.retryMs !== undefined) this.retryMs = event.retryMs;
    if (event.data === undefined) return;
    const parsed = JSON.parse(event.data);
    if (typeof parsed.epochMs === 'number') {
      this.ticks.push({ id: parsed.id, epochMs: parsed.epochMs, arrived });
    }
  }
}
