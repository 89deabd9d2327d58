/**
 * Drives an echo server over loopback: each client connects, sends its bytes
 * (random, so a misplaced chunk cannot pass), half-closes, and compares all
 * it gets back. Shared by the echo test, which checks every byte, and the
 * benchmark, which times it. Bounded: every connection ends within the timeout.
 */
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { connect, type Socket } from 'node:net';

export interface EchoLoad {
  port: number;
  host?: string;
  clients: number;
  bytesPerClient: number;
  /** At most this many connections open at once; all of them by default. */
  concurrency?: number;
  timeoutMs: number;
}

export interface EchoResult {
  /** Clients that got back exactly what they sent. */
  matched: number;
  /** One line per client that did not, saying why. */
  failures: string[];
  elapsedMs: number;
}

/** Connects, retrying while the server is not listening yet (it starts in another process). */
function connectWhenUp(port: number, host: string, deadline: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      const socket = connect(port, host);
      socket.once('connect', () => {
        socket.removeAllListeners('error');
        resolve(socket);
      });
      socket.once('error', (err: NodeJS.ErrnoException) => {
        if (err.code !== 'ECONNREFUSED' || Date.now() > deadline) reject(err);
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

function oneClient(load: EchoLoad, deadline: number): Promise<string | undefined> {
  const sent = randomBytes(load.bytesPerClient);
  return connectWhenUp(load.port, load.host ?? '127.0.0.1', deadline).then((socket) => new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => { socket.destroy(); resolve('timed out'); }, Math.max(0, deadline - Date.now()));
    socket.on('data', (b: Buffer) => chunks.push(b));
    socket.on('error', (err) => { clearTimeout(timer); resolve(err.message); });
    socket.on('end', () => {
      clearTimeout(timer);
      const got = Buffer.concat(chunks);
      resolve(got.equals(sent) ? undefined : `got ${got.length} bytes back of ${sent.length}, or different ones`);
    });
    socket.end(sent);
  }), (err: Error) => `connect: ${err.message}`);
}

export async function runEchoLoad(load: EchoLoad): Promise<EchoResult> {
  const start = performance.now();
  const deadline = Date.now() + load.timeoutMs;
  const failures: string[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < load.clients) {
      const i = next++;
      const outcome = await oneClient(load, deadline);
      if (outcome !== undefined) failures.push(`client ${i}: ${outcome}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(load.concurrency ?? load.clients, load.clients) }, worker));
  return { matched: load.clients - failures.length, failures, elapsedMs: performance.now() - start };
}

/**
 * The port a server in another process listens on, from the first line of
 * its stderr that `pattern` matches (p1run's "listening on HOST:PORT" for
 * --tcplisten with port 0): the server binds port 0 itself, so no port is
 * ever picked here and handed over, which another process could take first.
 */
export function announcedPort(stderr: Readable, pattern: RegExp, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => done(new Error(`no port announced in ${timeoutMs} ms: ${JSON.stringify(seen)}`)), timeoutMs);
    const onData = (d: Buffer | string): void => {
      seen += d.toString();
      const m = pattern.exec(seen);
      if (m) done(Number(m[1]));
    };
    const onEnd = (): void => done(new Error(`the server ended before it listened: ${JSON.stringify(seen)}`));
    const done = (outcome: number | Error): void => {
      clearTimeout(timer);
      stderr.off('data', onData).off('end', onEnd);
      if (typeof outcome === 'number') resolve(outcome);
      else reject(outcome);
    };
    stderr.on('data', onData).on('end', onEnd);
  });
}

/** How p1run (for --tcplisten with port 0) and bench/net-echo-server.ts announce their port. */
export const LISTENING = /listening on \S*:(\d+)\b/;
