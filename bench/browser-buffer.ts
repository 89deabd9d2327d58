/**
 * memfs-browser (the filesystem @tybys/wasm-util runs on in a page) reads
 * `globalThis.Buffer` when it loads, as napi-rs's browser loaders provide
 * it: imported first by bench/browser-page.ts.
 */
import { Buffer } from 'buffer';

(globalThis as { Buffer?: unknown }).Buffer ??= Buffer;
