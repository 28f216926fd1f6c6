// A worldclock server of a test's own, for tests that count streams or restart the server
// and so must not share one with tests running beside them.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const repositoryRoot = path.resolve(__dirname, '..', '..');

export class OwnServer {
  readonly baseURL: string;
  private process: ChildProcess | undefined;

  constructor(readonly port: number, private readonly env: Record<string, string> = {}) {
    this.baseURL = `http://127.0.0.1:${port}`;
  }

  /** Starts the release server and waits until /healthz answers. */
  async start(): Promise<void> {
    this.process = spawn('./target/release/worldclock', [], {
      cwd: repositoryRoot,
      env: { ...process.env, RUST_LOG: 'warn', ...this.env, LEPTOS_SITE_ADDR: `127.0.0.1:${this.port}` },
      stdio: 'ignore',
    });
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      try {
        const response = await fetch(`${this.baseURL}/healthz`);
        if (response.ok) return;
      } catch {
        // not up yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`worldclock on port ${this.port} did not answer /healthz within 20 s`);
  }

  /** Stops the server with SIGTERM and waits for it to exit. */
  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    this.process = undefined;
  }

  /** The value of one metric from /metrics. */
  async metric(name: string): Promise<number> {
    const text = await (await fetch(`${this.baseURL}/metrics`)).text();
    const line = text.split('\n').find((candidate) => candidate.startsWith(`${name} `));
    if (!line) throw new Error(`no metric ${name} in:\n${text}`);
    return Number(line.slice(name.length + 1));
  }
}

/** A port for a test's own server: apart from the suite's, one per worker and slot. */
export function ownPort(workerIndex: number, slot: number): number {
  return 3200 + workerIndex * 10 + slot;
}
