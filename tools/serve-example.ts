/**
 * npm run example:browser: serves the repository on 127.0.0.1 (cross-origin
 * isolated, so the worker route works too) and prints the example's address.
 * Ends with Ctrl-C.
 */
import { serve } from './chromium.js';

const port = Number(process.env.PORT ?? 0);
const { origin } = await serve(undefined, { port });
console.log(`examples/browser: ${origin}/examples/browser/index.html  (Ctrl-C ends the server)`);
