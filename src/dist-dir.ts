/**
 * The package's dist/ folder, which the files loaded by URL are found from
 * (the host's I/O worker, runInWorker's entry, the native part). This module
 * is dist/src/dist-dir.js, or is inlined into the library bundle, which sits
 * in dist/src/ too: from either, dist/ is one folder up, where a URL relative
 * to each file's own module would break once the files are one bundle.
 */
export const distDir = new URL('../', import.meta.url);
