/**
 * Drives an echo server over loopback: each client connects, sends its bytes
 * (random, so a misplaced chunk cannot pass), half-closes, and compares all
 * it gets back. Shared by the echo test, which checks every byte, and the
 * benchmark, which times it. Bounded: every connection ends within the timeout.
 */
import { randomBytes } from 'node:crypto';
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
