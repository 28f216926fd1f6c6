// The deployment under test: nginx (Debian's) in front of two worldclock instances, all on
// loopback ports of the test's own, with a self-signed certificate made for the run and
// everything under one temporary directory that is removed however the run ends.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const repositoryRoot = path.resolve(__dirname, '..', '..');

export const ports = { http: 3480, https: 3481, a: 3490, b: 3491 };

// Debian installs nginx in /usr/sbin, which is not on every user's PATH.
const nginxBinary = process.env.NGINX ?? (fs.existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx');

async function waitForPort(port: number, open: boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const isOpen = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => { socket.destroy(); resolve(true); });
      socket.once('error', () => resolve(false));
    });
    if (isOpen === open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`port ${port} did not become ${open ? 'open' : 'closed'} within ${timeoutMs} ms`);
}

export class Instance {
  process: ChildProcess | undefined;
  constructor(readonly name: string, readonly port: number) {}

  async start(): Promise<void> {
    this.process = spawn('./target/release/worldclock', [], {
      cwd: repositoryRoot,
      // Every stream comes from nginx (127.0.0.1): the per-client cap is set as high as the
      // stream cap, and nginx's limit_conn tells clients apart (deploy/nginx.conf).
      env: {
        ...process.env,
        RUST_LOG: 'warn',
        LEPTOS_SITE_ADDR: `127.0.0.1:${this.port}`,
        WORLDCLOCK_RETRY_MS: '1000',
        WORLDCLOCK_MAX_STREAMS_PER_CLIENT: '19500',
      },
      stdio: 'ignore',
    });
    await waitForPort(this.port, true, 20_000);
  }

  /** Sends `signal` and resolves with how long the process took to exit, in ms. */
  async stop(signal: NodeJS.Signals): Promise<number> {
    const child = this.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return 0;
    const started = Date.now();
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
    this.process = undefined;
    return Date.now() - started;
  }

  async activeStreams(): Promise<number> {
    return this.metric('sse_streams_active');
  }

  /** One line of the instance's /metrics, such as `report_computations_running 1`. */
  async metric(name: string): Promise<number> {
    const text = await (await fetch(`http://127.0.0.1:${this.port}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name} `));
    return Number(line?.split(' ')[1] ?? NaN);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }
}

export class Stack {
  readonly directory = fs.mkdtempSync(path.join(os.tmpdir(), 'worldclock-deploy-'));
  readonly a = new Instance('a', ports.a);
  readonly b = new Instance('b', ports.b);
  private nginx: ChildProcess | undefined;
  readonly httpURL = `http://127.0.0.1:${ports.http}`;
  readonly httpsURL = `https://localhost:${ports.https}`;

  async start(): Promise<void> {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1',
      '-keyout', path.join(this.directory, 'key.pem'), '-out', path.join(this.directory, 'cert.pem'),
      '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ], { stdio: 'ignore' });
    const config = execFileSync(path.join(repositoryRoot, 'deploy', 'render-nginx-conf.sh'), {
      env: {
        ...process.env,
        RUN_DIR: this.directory,
        HTTP_PORT: String(ports.http),
        HTTPS_PORT: String(ports.https),
        APP_PORT_A: String(ports.a),
        APP_PORT_B: String(ports.b),
      },
    });
    const configPath = path.join(this.directory, 'nginx.conf');
    fs.writeFileSync(configPath, config);
    await this.a.start();
    await this.b.start();
    this.nginx = spawn(nginxBinary, ['-p', this.directory, '-c', configPath, '-g', 'daemon off;'], { stdio: 'ignore' });
    await waitForPort(ports.http, true, 10_000);
    await waitForPort(ports.https, true, 10_000);
  }

  /** Stops everything and removes the directory; safe to call twice or after a failure. */
  async stop(): Promise<void> {
    const nginx = this.nginx;
    if (nginx && nginx.exitCode === null && nginx.signalCode === null) {
      const exited = new Promise<void>((resolve) => nginx.once('exit', () => resolve()));
      nginx.kill('SIGTERM');
      await exited;
    }
    this.nginx = undefined;
    await this.a.stop('SIGKILL');
    await this.b.stop('SIGKILL');
    fs.rmSync(this.directory, { recursive: true, force: true });
  }
}
