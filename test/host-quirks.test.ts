/**
 * The adapter works around preview2-shim's own defects only on preview2-shim:
 * found by its socket class, which the package loads on first need with
 * require(), while an embedder imports it. Both must be the same class.
 */
import { WASIShim } from '@bytecodealliance/preview2-shim/instantiation';
import t from 'tap';
import type { Host } from '../adapter/host.js';
import { createHost, quirksOf } from '../src/hosts/index.js';

t.test('preview2-shim is known by its socket class, however it was loaded', async (t) => {
  const raw = new WASIShim({ sandbox: { preopens: {} } }).getImportObject() as unknown as Host;
  t.same(quirksOf(raw), { tcpShutdownIgnoresType: true }, 'an import object the embedder made');
  t.same(quirksOf(createHost('preview2-shim', { preopens: {} })), { tcpShutdownIgnoresType: true }, 'the host made by name');
});

t.test('other hosts have none of its quirks', async (t) => {
  t.same(quirksOf(createHost('node', { preopens: {} })), {});
  const withoutSockets = { ...createHost('node', { preopens: {} }) } as Partial<Host>;
  delete withoutSockets['wasi:sockets/tcp'];
  t.same(quirksOf(withoutSockets as Host), {}, 'a host with no sockets');
});
