/**
 * wasi:io/poll over WASI 0.3: 0.3 has no pollables, only futures (promises
 * here), so a pollable is made from the promise of what it waits for and is
 * ready once that promise has settled, however it settled.
 */
export class Pollable {
  #settled: boolean;
  readonly #done: Promise<void>;

  constructor(pending: PromiseLike<unknown> | undefined) {
    this.#settled = pending === undefined;
    this.#done = pending === undefined ? Promise.resolve() : Promise.resolve(pending).then(this.#settle, this.#settle);
  }

  readonly #settle = (): void => {
    this.#settled = true;
  };

  ready(): boolean {
    return this.#settled;
  }

  /** A promise while the wait is on: the adapter suspends on it (JSPI) or the worker's owner awaits it. */
  block(): Promise<void> | undefined {
    return this.#settled ? undefined : this.#done;
  }

  [Symbol.dispose](): void {}

  static done(p: Pollable): Promise<void> {
    return p.#done;
  }
}

function readyIndices(list: readonly Pollable[]): Uint32Array {
  let n = 0;
  for (const p of list) if (p.ready()) n++;
  const out = new Uint32Array(n);
  n = 0;
  for (let i = 0; i < list.length; i++) if (list[i]!.ready()) out[n++] = i;
  return out;
}

/** Every ready pollable now, or a promise of those ready once the first one is. */
export function poll(list: Pollable[]): Uint32Array | Promise<Uint32Array> {
  if (list.length === 0) throw new TypeError('poll: an empty list would never be ready');
  const now = readyIndices(list);
  if (now.length > 0) return now;
  return Promise.race(list.map(Pollable.done)).then(() => readyIndices(list));
}
