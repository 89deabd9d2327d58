/**
 * Bun's preload for test/runtimes/main.ts: `tap` becomes ./tap.js, the
 * subset that Bun can run. (Bun's runtime plugins resolve a bare name only
 * through a virtual module.)
 */
interface BunPluginBuilder {
  module(specifier: string, load: () => { contents: string; loader: 'js' }): void;
}
declare const Bun: { plugin(plugin: { name: string; setup(build: BunPluginBuilder): void }): void };

const shim = JSON.stringify(new URL('./tap.js', import.meta.url).href);
Bun.plugin({
  name: 'tap subset',
  setup(build) {
    build.module('tap', () => ({ contents: `export * from ${shim};\nexport { default } from ${shim};\n`, loader: 'js' }));
  },
});
