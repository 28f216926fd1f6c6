// A small EventSource for Node, written to the WHATWG rules the tests need: it parses
// `id`, `data` and `retry`, reconnects after `retry` with `Last-Event-ID`, and records when
// every tick arrived, so a test can check delivery, delay and resume across failover.
import http from 'node:http';

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
      response.setEncoding('utf8');
      let buffer = '';
      response.on('data', (chunk: string) => {
        buffer += chunk.replace(/\r\n?/g, '\n');
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          this.dispatch(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      });
      response.on('end', again);
      response.on('error', again);
      response.on('aborted', again);
    });
    this.request.on('error', again);
  }

  private dispatch(block: string): void {
    const arrived = Date.now();
    let data: string | undefined;
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') this.lastEventId = value;
      else if (field === 'retry' && /^\d+$/.test(value)) this.retryMs = Number(value);
      else if (field === 'data') data = data === undefined ? value : `${data}\n${value}`;
    }
    if (data === undefined) return;
    const parsed = JSON.parse(data);
    if (typeof parsed.epochMs === 'number') {
      this.ticks.push({ id: parsed.id, epochMs: parsed.epochMs, arrived });
    }
  }
}
