// Every request a page makes, from CDP Network events: what each cost on the wire
// (`loadingFinished.encodedDataLength`, headers included), whether a cache answered it,
// and the event stream apart (it never finishes; its bytes are counted as they arrive).

/** The kinds a visit's bytes are split into, in the order the report shows them. */
export const KINDS = ['document', 'script', 'wasm', 'fetch', 'stylesheet', 'other'];

/** A header's value whatever its case (HTTP/1.1 headers reach CDP as the server spelled them). */
function header(headers, name) {
  const key = Object.keys(headers ?? {}).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? '' : headers[key];
}

/** Which of KINDS a response is, or `stream` for the event stream. */
function kindOf(type, mimeType, url) {
  if (type === 'EventSource' || mimeType === 'text/event-stream') return 'stream';
  if (type === 'Document') return 'document';
  // The bundle is preloaded (`as="fetch"`) then fetched by the JS glue: its type says Fetch.
  if (mimeType === 'application/wasm' || url.pathname.endsWith('.wasm')) return 'wasm';
  if (type === 'Script') return 'script';
  if (type === 'Stylesheet') return 'stylesheet';
  if (type === 'Fetch' || type === 'XHR') return 'fetch';
  return 'other';
}

export class NetworkLedger {
  /** Listens on `cdp`; call `enable()` before the page navigates. */
  constructor(cdp) {
    this.cdp = cdp;
    /** requestId → what is known of the request, for the current visit. */
    this.requests = new Map();
    /** performance.now() of the last event of a request that is not the event stream. */
    this.lastActivity = performance.now();

    const touch = (requestId) => {
      const request = this.requests.get(requestId);
      if (request && request.kind !== 'stream') this.lastActivity = performance.now();
      return request;
    };
    cdp.on('Network.requestWillBeSent', (event) => {
      const url = new URL(event.request.url);
      // A redirect reuses the id: the request is the one that follows it.
      this.requests.set(event.requestId, {
        url,
        type: event.type,
        kind: kindOf(event.type, '', url),
        status: 0,
        encoding: '',
        cache: '',
        bytes: 0,
        streamed: 0,
        finished: false,
      });
      this.lastActivity = performance.now();
    });
    cdp.on('Network.requestServedFromCache', (event) => {
      const request = touch(event.requestId);
      if (request) request.cache = 'memory cache';
    });
    cdp.on('Network.responseReceived', (event) => {
      const request = touch(event.requestId);
      if (!request) return;
      const { response } = event;
      request.type = event.type;
      request.kind = kindOf(event.type, response.mimeType, request.url);
      request.status = response.status;
      request.encoding = header(response.headers, 'content-encoding');
      request.cacheControl = header(response.headers, 'cache-control');
      if (response.fromDiskCache) request.cache ||= 'disk cache';
      if (response.fromPrefetchCache) request.cache ||= 'prefetch cache';
      if (response.status === 304) request.cache = 'revalidated (304)';
      request.streamed = response.encodedDataLength ?? 0;
    });
    cdp.on('Network.dataReceived', (event) => {
      const request = touch(event.requestId);
      if (request) request.streamed += event.encodedDataLength;
    });
    cdp.on('Network.loadingFinished', (event) => {
      const request = touch(event.requestId);
      if (!request) return;
      request.bytes = event.encodedDataLength;
      request.finished = true;
    });
    cdp.on('Network.loadingFailed', (event) => {
      const request = touch(event.requestId);
      if (!request) return;
      // What arrived before the failure (the event stream's, when the page is left) still
      // crossed the wire.
      request.bytes = request.streamed;
      request.finished = true;
      request.failed = event.canceled ? 'cancelled' : event.errorText;
    });
  }

  async enable() {
    await this.cdp.send('Network.enable');
  }

  /** Forgets the requests so far: the next navigation is a visit of its own. */
  startVisit() {
    this.requests.clear();
    this.lastActivity = performance.now();
  }

  /** Milliseconds since a request other than the event stream last did anything. */
  quietFor() {
    return performance.now() - this.lastActivity;
  }

  /**
   * The visit so far: bytes by kind and in all (the event stream apart), request counts,
   * and each request.
   */
  summary() {
    const byKind = Object.fromEntries(KINDS.map((kind) => [kind, 0]));
    const resources = [];
    let streamBytes = 0;
    let requests = 0;
    let fromCache = 0;
    let revalidated = 0;
    for (const request of this.requests.values()) {
      if (request.kind === 'stream') {
        streamBytes += request.finished ? request.bytes : request.streamed;
        continue;
      }
      requests += 1;
      if (request.status === 304) revalidated += 1;
      else if (request.cache) fromCache += 1;
      byKind[request.kind] += request.bytes;
      resources.push({
        path: request.url.pathname + request.url.search,
        kind: request.kind,
        status: request.status,
        encoding: request.encoding,
        cacheControl: request.cacheControl ?? '',
        cache: request.cache,
        bytes: request.bytes,
        pending: !request.finished,
      });
    }
    const total = Object.values(byKind).reduce((sum, bytes) => sum + bytes, 0);
    return {
      total,
      byKind,
      requests,
      overNetwork: requests - fromCache - revalidated,
      fromCache,
      revalidated,
      streamBytes,
      resources,
    };
  }
}
