/**
 * For the symlink-swap race test (not a test itself): flips PRE/d between
 * the real directory and PRE/d.link (a symlink out of the preopen) as fast
 * as it can, until its stdin closes or 30 s pass; then prints how many flips.
 */
import { renameSync } from 'node:fs';

const pre = process.argv[2]!;
const deadline = Date.now() + 30_000;
let open = true;
process.stdin.on('end', () => { open = false; }).resume();
process.stdout.write('ready\n');

let flips = 0;
function burst(): void {
  for (let i = 0; i < 200; i++) {
    renameSync(`${pre}/d`, `${pre}/d.real`);
    renameSync(`${pre}/d.link`, `${pre}/d`);
    renameSync(`${pre}/d`, `${pre}/d.link`);
    renameSync(`${pre}/d.real`, `${pre}/d`);
    flips++;
  }
  // Back to the event loop between bursts, so the end of stdin is seen.
  if (open && Date.now() < deadline) setImmediate(burst);
  else process.stdout.write(`${flips}\n`);
}
burst();
