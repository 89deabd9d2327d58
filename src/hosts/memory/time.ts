import type { Datetime, NewTimestamp } from '../../../adapter/host.js';

const NS_PER_S = 1_000_000_000n;
const SECONDS_PER_DAY = 86_400;
/** The wall clock's seconds when it was last read (Timestamp.dayOld). */
let lastSeconds = 0;

/** Milliseconds since the epoch, with the sub-millisecond precision the platform gives. */
function wallMs(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * A file timestamp to the nanosecond, kept as two numbers so that marking
 * one on every read or write allocates nothing; the bigint a stat reports is
 * made on the first stat after a change and kept until the next.
 */
export class Timestamp {
  seconds = 0;
  nanoseconds = 0;
  #ns: bigint | undefined;

  /** The current wall-clock time. */
  touch(): void {
    const ms = wallMs();
    const seconds = Math.floor(ms / 1000);
    lastSeconds = seconds;
    this.seconds = seconds;
    this.nanoseconds = Math.min(999_999_999, Math.floor((ms - seconds * 1000) * 1e6));
    this.#ns = undefined;
  }

  /** Whether this is the same instant as `other` or earlier. */
  notAfter(other: Timestamp): boolean {
    return this.seconds < other.seconds || (this.seconds === other.seconds && this.nanoseconds <= other.nanoseconds);
  }

  /**
   * Whether this is more than a day before the last time the host read the
   * wall clock (any write, create, set-times to now, or clock call does):
   * reading the clock itself on every read of a file costs more than the read.
   */
  dayOld(): boolean {
    return lastSeconds - this.seconds > SECONDS_PER_DAY;
  }

  copy(from: Timestamp): void {
    this.seconds = from.seconds;
    this.nanoseconds = from.nanoseconds;
    this.#ns = from.#ns;
  }

  setDatetime(t: Datetime): void {
    this.seconds = Number(t.seconds);
    this.nanoseconds = t.nanoseconds;
    this.#ns = undefined;
  }

  /** Applies a wasi:filesystem new-timestamp; 'no-change' leaves it as it is. */
  apply(t: NewTimestamp): void {
    if (t.tag === 'now') this.touch();
    else if (t.tag === 'timestamp') this.setDatetime(t.val);
  }

  /** Nanoseconds since the epoch. */
  ns(): bigint {
    return (this.#ns ??= BigInt(this.seconds) * NS_PER_S + BigInt(this.nanoseconds));
  }

  datetime(): Datetime {
    return { seconds: BigInt(this.seconds), nanoseconds: this.nanoseconds };
  }
}

const reading = new Timestamp();

export const wallClock = {
  now(): Datetime {
    reading.touch();
    return reading.datetime();
  },
  resolution(): Datetime {
    return { seconds: 0n, nanoseconds: 1000 };
  },
};

/** The monotonic clock in nanoseconds, as a number: exact for 104 days of uptime, and no bigint per reading. */
export function monotonicNs(): number {
  return Math.floor(performance.now() * 1e6);
}
