import { Errno } from './abi.js';

/** What an adapter-made resource (a pipe, an eventfd) says about itself. */
export interface Readiness {
  /** Whether a read (or, for `write`, a write) would not wait now. */
  ready(write: boolean): boolean;
}

/**
 * The pollable of a resource the adapter makes itself. No host knows it, so
 * poll_oneoff never hands it to the host's poll: it is ready or not when the
 * poll begins. While the module waits nothing else runs on its thread (threads
 * have not landed), so one that is not ready cannot become ready during the
 * wait, and a wait on it alone could never end: that is EDEADLK, not a hang.
 */
export class LocalPollable {
  constructor(private readonly source: Readiness, private readonly write: boolean) {}

  ready(): boolean {
    return this.source.ready(this.write);
  }

  block(): void {
    if (!this.ready()) throw Errno.DEADLK;
  }

  [Symbol.dispose](): void {}
}
