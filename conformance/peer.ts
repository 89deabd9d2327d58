/**
 * The peer: plays a spec's `peer` script against the program's listeners over
 * loopback, from the runner process, while the child blocks in wasm. Steps
 * run one after another; each that waits gives up after its own timeout, so
 * the script always ends by itself. The first failing step ends the script
 * with a reason naming the step.
 */
import { connect, type Socket } from 'node:net';
import type { PeerStep } from './spec.js';

/** How much of the received bytes a reason shows. */
const SHOW_BYTES = 60;

function show(b: Buffer): string {
  const s = JSON.stringify(b.subarray(0, SHOW_BYTES).toString('utf8'));
  return b.length > SHOW_BYTES ? `${s}... (${b.length} bytes)` : s;
}

/** A step's failure, with the reason the runner reports. */
class StepFailure extends Error {}

/** One client connection and everything it has received that no step has consumed yet. */
class Connection {
  received = Buffer.alloc(0);
  /** The program ended its side (FIN). */
  ended = false;
  error: NodeJS.ErrnoException | undefined;
  /** Wakes the step waiting on this connection, if any, when something arrives. */
  wake: (() => void) | undefined;

  constructor(readonly socket: Socket) {
    socket.on('data', (b: Buffer) => {
      this.received = Buffer.concat([this.received, b]);
      this.wake?.();
    });
    socket.on('end', () => {
      this.ended = true;
      this.wake?.();
    });
    // Errors are the program's doing (a reset) and are reported by the step that meets them.
    socket.on('error', (e: NodeJS.ErrnoException) => {
      this.error = e;
      this.wake?.();
    });
    socket.on('close', () => this.wake?.());
  }

  /**
   * Waits until `check` says done (true) or failed (a reason); it is asked
   * now and again on every event. Stopping the peer fails the wait at once.
   */
  until(check: () => boolean | string, timeoutMs: number, what: string, stopped: () => boolean): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => finish(`timed out after ${timeoutMs} ms waiting for ${what}; received ${show(this.received)}`), timeoutMs);
      const finish = (failure?: string) => {
        clearTimeout(timer);
        this.wake = undefined;
        if (failure === undefined) resolve();
        else reject(new StepFailure(failure));
      };
      this.wake = () => {
        if (stopped()) return finish(`stopped while waiting for ${what}`);
        const verdict = check();
        if (verdict === true) finish();
        else if (typeof verdict === 'string') finish(verdict);
      };
      this.wake();
    });
  }
}

export class Peer {
  readonly #connections: Connection[] = [];
  #stopped = false;
  #pauseTimer: NodeJS.Timeout | undefined;
  #pauseDone: (() => void) | undefined;

  /** `addresses` are the program's listeners as HOST:PORT, in spec order. */
  constructor(readonly steps: readonly PeerStep[], readonly addresses: readonly string[]) {}

  /** Plays the script; resolves to why a step failed, or undefined when every step passed. */
  async run(): Promise<string | undefined> {
    for (const [i, step] of this.steps.entries()) {
      if (this.#stopped) return `stopped before step ${i} (${describe(step)})`;
      try {
        await this.#play(step);
      } catch (e) {
        const reason = e instanceof StepFailure ? e.message : `${(e as Error).message}`;
        return `step ${i} (${describe(step)}): ${reason}`;
      }
    }
    return undefined;
  }

  /** Destroys every connection left and fails whatever step is waiting. */
  stop(): void {
    this.#stopped = true;
    for (const c of this.#connections) {
      c.socket.destroy();
      c.wake?.();
    }
    if (this.#pauseTimer !== undefined) {
      clearTimeout(this.#pauseTimer);
      this.#pauseDone?.();
    }
  }

  #play(step: PeerStep): Promise<void> | void {
    const stopped = () => this.#stopped;
    switch (step.op) {
      case 'connect':
        return this.#connect(this.addresses[step.listener]!, step.timeoutMs);
      case 'pause':
        return new Promise((resolve) => {
          this.#pauseDone = resolve;
          this.#pauseTimer = setTimeout(resolve, step.ms);
        });
      default:
        break;
    }
    const c = this.#connections[step.conn]!;
    switch (step.op) {
      case 'send': {
        const data = Buffer.from(step.data, 'utf8');
        let written = false;
        let writeError: Error | undefined;
        c.socket.write(data, (err) => {
          written = true;
          writeError = err ?? undefined;
          c.wake?.();
        });
        return c.until(() => {
          if (writeError) return `write failed: ${writeError.message}`;
          return written || (c.error ? `write failed: ${c.error.message}` : false);
        }, step.timeoutMs, `${show(data)} to be written`, stopped);
      }
      case 'expect': {
        const want = Buffer.from(step.data, 'utf8');
        return c.until(() => {
          const got = c.received;
          const n = Math.min(got.length, want.length);
          if (!got.subarray(0, n).equals(want.subarray(0, n))) return `received ${show(got)}, expected ${show(want)}`;
          if (got.length >= want.length) {
            c.received = got.subarray(want.length);
            return true;
          }
          if (c.error) return `connection failed (${c.error.code ?? c.error.message}) after ${show(got)}, expected ${show(want)}`;
          if (c.ended) return `the program ended the connection after ${show(got)}, expected ${show(want)}`;
          return false;
        }, step.timeoutMs, show(want), stopped);
      }
      case 'expectEnd':
        return c.until(() => {
          if (c.received.length > 0) return `received ${show(c.received)} where the program's end was expected`;
          if (c.error) return `connection failed (${c.error.code ?? c.error.message}) where the program's end was expected`;
          return c.ended;
        }, step.timeoutMs, "the program's end of the connection", stopped);
      case 'end':
        c.socket.end();
        return;
      case 'close':
        c.socket.destroy();
        return;
      case 'reset':
        c.socket.resetAndDestroy();
        return;
    }
  }

  #connect(address: string, timeoutMs: number): Promise<void> {
    const colon = address.lastIndexOf(':');
    const host = address.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
    // allowHalfOpen: the program's FIN must not end the peer's side too; ending is the script's to say.
    const c = new Connection(connect({ host, port: Number(address.slice(colon + 1)), allowHalfOpen: true }));
    this.#connections.push(c);
    let connected = false;
    c.socket.once('connect', () => {
      connected = true;
      c.wake?.();
    });
    return c.until(() => connected || (c.error ? `cannot connect to ${address}: ${c.error.code ?? c.error.message}` : false),
      timeoutMs, `a connection to ${address}`, () => this.#stopped);
  }
}

/** A step as it is written in the spec, for reasons. */
function describe(step: PeerStep): string {
  switch (step.op) {
    case 'connect': return `connect to listener ${step.listener}`;
    case 'send': return `send ${JSON.stringify(step.data)} on ${step.conn}`;
    case 'expect': return `expect ${JSON.stringify(step.data)} on ${step.conn}`;
    case 'expectEnd': return `expect the end of ${step.conn}`;
    case 'end': return `end ${step.conn}`;
    case 'close': return `close ${step.conn}`;
    case 'reset': return `reset ${step.conn}`;
    case 'pause': return `pause ${step.ms} ms`;
  }
}
