// The `text/event-stream` wire format as the WHATWG rules read it, for the Node clients of
// the tests: a response's text is cut into events at blank lines, and each event's `id`,
// `event`, `data` and `retry` fields are read (comments and other fields ignored).
import type http from 'node:http';

export interface WireEvent {
  /** The `id` field, if the event had one. */
  id?: string;
  /** The `event` field; `message` when absent. */
  event: string;
  /** The `data` lines joined by newlines; absent when the block had none (a comment). */
  data?: string;
  /** The `retry` field, if it was a whole number of milliseconds. */
  retryMs?: number;
}

/** Calls `onEvent` for each event of `response` as its bytes arrive. */
export function readEvents(response: http.IncomingMessage, onEvent: (event: WireEvent) => void): void {
  response.setEncoding('utf8');
  let buffer = '';
  response.on('data', (chunk: string) => {
    buffer += chunk.replace(/\r\n?/g, '\n');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      onEvent(parseEvent(buffer.slice(0, end)));
      buffer = buffer.slice(end + 2);
    }
  });
}

function parseEvent(block: string): WireEvent {
  const event: WireEvent = { event: 'message' };
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') event.id = value;
    else if (field === 'event') event.event = value;
    else if (field === 'retry' && /^\d+$/.test(value)) event.retryMs = Number(value);
    else if (field === 'data') event.data = event.data === undefined ? value : `${event.data}\n${value}`;
  }
  return event;
}
