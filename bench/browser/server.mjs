// The worldclock server under measurement: started by the benchmark on a free loopback port,
// from the repository root (where it finds Leptos.toml and target/site), stopped at the end.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** How long a server may take to answer /healthz before the benchmark gives up. */
const START_TIMEOUT_MS = 30_000;
/** How long SIGTERM may take before SIGKILL: shutdown drains open streams first. */
const STOP_TIMEOUT_MS = 10_000;
/** The server's last output kept, to explain a server that dies. */
const KEPT_OUTPUT_CHARS = 4_000;

/**
 * The binary `make bench` measures: `WORLDCLOCK_SERVER_BINARY`, else the fat-LTO build
 * (target/dist), else the release build, relative to the repository root.
 */
export function serverBinary(root, explicit = process.env.WORLDCLOCK_SERVER_BINARY) {
  if (explicit) return explicit;
  const dist = './target/dist/worldclock';
  return existsSync(resolve(root, dist)) ? dist : './target/release/worldclock';
}

/** A port nobody listens on now: the kernel's pick for a listener that is closed at once. */
async function freeLoopbackPort() {
  const listener = createServer();
  await new Promise((resolve, reject) => {
    listener.once('error', reject);
    listener.listen(0, '127.0.0.1', resolve);
  });
  const { port } = listener.address();
  await new Promise((resolve) => listener.close(resolve));
  return port;
}

export class BenchServer {
  /**
   * @param {string} root the repository root; @param {string} binary relative to it;
   * @param {string} siteRoot the built site it serves, relative to the root (another build's
   * site, to compare two builds in one run)
   */
  constructor(root, binary, siteRoot = 'target/site') {
    this.root = root;
    this.binary = binary;
    this.siteRoot = siteRoot;
    this.output = '';
    this.child = undefined;
    this.baseURL = '';
  }

  /** Starts the server and waits until /healthz answers `ok`. */
  async start() {
    if (!existsSync(resolve(this.root, this.binary))) {
      throw new Error(`no server binary at ${this.binary}: run \`make server\` (or \`make dist\`) first`);
    }
    if (!existsSync(resolve(this.root, this.siteRoot, 'pkg/hash.txt'))) {
      throw new Error(`no built site at ${this.siteRoot} (no pkg/hash.txt): run \`make site\` first`);
    }
    const port = await freeLoopbackPort();
    this.baseURL = `http://127.0.0.1:${port}`;
    this.child = spawn(this.binary, [], {
      cwd: this.root,
      env: {
        ...process.env,
        RUST_LOG: 'warn',
        LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
        LEPTOS_SITE_ROOT: this.siteRoot,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk) => {
      this.output = (this.output + chunk.toString()).slice(-KEPT_OUTPUT_CHARS);
    };
    this.child.stdout.on('data', keep);
    this.child.stderr.on('data', keep);

    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) {
        throw new Error(`${this.binary} exited with ${this.child.exitCode} at start:\n${this.output}`);
      }
      try {
        const response = await fetch(`${this.baseURL}/healthz`);
        if (response.ok && (await response.text()).split('\n')[0] === 'ok') return;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    await this.stop();
    throw new Error(`${this.binary} did not answer /healthz within ${START_TIMEOUT_MS / 1000} s:\n${this.output}`);
  }

  /** Stops the server with SIGTERM (SIGKILL if it hangs) and waits for it to exit. */
  async stop() {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }

  /** Warnings and errors the server logged (it runs with RUST_LOG=warn), if any. */
  loggedOutput() {
    // Without the terminal's colours (the server's log colours its levels): plain text for
    // the report.
    return this.output.replace(/\x1b\[[0-9;]*m/g, '').trim();
  }
}
