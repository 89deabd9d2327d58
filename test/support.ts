/** What several test files need alike. Not a test itself (tap runs *.test.js only). */

/** The host's resources release their handles through Symbol.dispose; the d.ts types omit it. */
export function drop(...resources: unknown[]): void {
  for (const r of resources) (r as Disposable)[Symbol.dispose]();
}

/** What `fn` throws, or 'no error'. */
export function code(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return 'no error';
}

/** A clean environment for child processes: tap's NODE_OPTIONS would load its process tracker into every child. */
export const childEnv = Object.fromEntries(Object.entries(process.env)
  .filter(([k]) => k !== 'NODE_OPTIONS' && !k.startsWith('_TAPJS_') && !k.startsWith('TAP')));
