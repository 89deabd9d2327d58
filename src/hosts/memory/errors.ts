import type { FsErrorCode } from '../../../adapter/host.js';

/**
 * wasi:io/error's resource. A failed file operation keeps its filesystem
 * code, so that filesystem-error-code can say what a stream's failure was.
 */
export class IoError {
  constructor(readonly message: string, readonly code: FsErrorCode | undefined) {}
  toDebugString(): string {
    return this.message;
  }
  [Symbol.dispose](): void {}
}

/** Thrown as is at the end of a stream, so reaching it allocates nothing. */
export const CLOSED = Object.freeze({ tag: 'closed' as const });

export interface StreamFailure {
  readonly tag: 'last-operation-failed';
  readonly val: IoError;
}

/** A stream operation that failed: with its filesystem code when it has one (a file too large), else 'io'. */
export function streamFailure(e: unknown): StreamFailure {
  const code = typeof e === 'string' ? (e as FsErrorCode) : undefined;
  const message = e instanceof Error ? e.message : String(e);
  return { tag: 'last-operation-failed', val: new IoError(message, code) };
}

/** wasi:filesystem/types#filesystem-error-code. */
export function filesystemErrorCode(err: unknown): FsErrorCode | undefined {
  return err instanceof IoError ? err.code : undefined;
}
