/**
 * Runs the conformance programs in headless Chromium, on the adapter's
 * browser entry, once per browser column (a host and the way blocking calls
 * wait there), and prints the table with the reason for every failure:
 *   node dist/conformance/browser.js [--only SUBSTRING] [--column HOST/ROUTE]... [--json FILE]
 * Needs the page bundle (npm run build). Programs that need sockets are not
 * applicable to a browser and are left out, counted in the summary. Exits
 * non-zero when any column fails any program.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScript, openChromium, type BrowserSession } from '../tools/chromium.js';
import { browserDir } from '../tools/bundle.js';
import { repoRoot } from '../tools/root.js';
import { defaultWasmDir } from './build.js';
import type { BrowserHostName, BrowserOutcome, BrowserRoute, BrowserRun, FlatTree } from './browser-protocol.js';
import { judge, listPrograms, renderTable, type Program, type Result } from './run.js';
import type { Spec, Tree } from './spec.js';
import { compareTrees, flattenTree, type Node } from './tree.js';

export interface Column {
  host: BrowserHostName;
  route: BrowserRoute;
}

export const columns: Column[] = [
  { host: 'memory', route: 'jspi' },
  { host: 'memory', route: 'worker' },
  { host: 'preview2-shim', route: 'jspi' },
  { host: 'preview2-shim', route: 'worker' },
];

export const columnName = (c: Column): string => `chromium/${c.host}/${c.route}`;

/**
 * Programs a host's own defects make fail, by column, with the defect. They
 * show as `defect` instead of failing the run; one that passes fails it, so
 * the list cannot outlive the defect. The README lists them.
 */
const knownDefects: Record<string, Record<string, string>> = {
  'chromium/preview2-shim/worker': shimDefects(),
  'chromium/preview2-shim/jspi': shimDefects(),
};

/** preview2-shim's in-memory browser filesystem, whichever way the module waits. */
function shimDefects(): Record<string, string> {
  return {
    file_filestat: 'metadata-hash.lower is a version counter, not an inode: every file reads as inode 0',
    path_filestat_symlink: 'metadata-hash.lower is a version counter: a link and its target share inode 0',
    file_set_times: 'set-times is not kept: timestamps read back as 0',
    path_set_times: 'set-times-at is not kept: timestamps read back as 0',
    file_set_times_ns: 'set-times is not kept: timestamps read back as 0',
    file_rights_unrequested: 'set-times is not kept: timestamps read back as 0',
    path_name_too_long: 'no limit on a name: a 256-byte name is created instead of ENAMETOOLONG',
    link_symlink_readlink: 'a trailing slash on a new symlink\'s name is ignored: "free/" makes a symlink "free"',
    path_rename_file: 'a trailing slash on a file\'s name is ignored by rename-at',
    path_unlink: 'a trailing slash on a file\'s name is ignored by unlink-file-at',
  };
}

const PAGE_SCRIPT = 'pages/conformance.js';

async function freshPage(session: BrowserSession): Promise<void> {
  await session.page.reload();
  await loadScript(session.page, `/${relative(repoRoot, browserDir)}/${PAGE_SCRIPT}`, 'runConformance');
}

function flat(tree: Tree): FlatTree {
  const out: FlatTree = [];
  for (const [path, node] of flattenTree(tree)) {
    if (node.kind === 'file') out.push([path, { kind: 'file', bytes: Buffer.from(node.content, 'utf8').toString('latin1') }]);
    else if (node.kind === 'dir') out.push([path, { kind: 'dir' }]);
    else if (node.kind === 'symlink') out.push([path, { kind: 'symlink', target: node.target }]);
  }
  return out;
}

function treeProblems(spec: Spec, outcome: BrowserOutcome): string[] {
  const problems: string[] = [];
  for (const [guest, tree] of Object.entries(spec.after ?? {})) {
    const actual = new Map<string, Node>((outcome.trees[guest] ?? []).map(([path, node]) => [path,
      node.kind === 'file' ? { kind: 'file', content: node.bytes } : node]));
    problems.push(...compareTrees(actual, tree).map((p) => `${guest}/${p}`));
  }
  return problems;
}

function usesSockets(spec: Spec): boolean {
  return spec.sockets.length > 0 || spec.peer.length > 0;
}

/** One program on one column; a run past the spec's timeout reloads the page. */
async function runOne(session: BrowserSession, program: Program, column: Column, wasmUrl: string): Promise<BrowserResult> {
  const started = Date.now();
  const impl = columnName(column);
  const done = (reasons: string[]): Result => ({ program: program.name, impl, ok: reasons.length === 0, reasons, ms: Date.now() - started });
  const spec = program.spec as Spec;
  const run: BrowserRun = {
    wasm: wasmUrl,
    args: [`${program.name}.wasm`, ...spec.args],
    env: spec.env,
    ...(spec.stdin !== undefined && { stdin: spec.stdin }),
    preopens: Object.fromEntries(Object.entries(spec.preopens).map(([guest, tree]) => [guest, flat(tree)])),
    host: column.host,
    route: column.route,
  };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((r) => { timer = setTimeout(() => r('timeout'), spec.timeoutMs); });
  const outcome = await Promise.race([
    session.page.evaluate((r) => (globalThis as unknown as { runConformance(r: BrowserRun): Promise<BrowserOutcome> }).runConformance(r), run),
    timeout,
  ]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    await freshPage(session);
    return done([`timed out after ${spec.timeoutMs} ms`]);
  }
  const reasons = judge(spec, {
    exit: outcome.exit, signal: null, stdout: outcome.stdout, stderr: outcome.stderr, timedOut: false,
    treeProblems: treeProblems(spec, outcome),
  });
  const defect = knownDefects[impl]?.[program.name];
  if (defect === undefined) return done(reasons);
  if (reasons.length === 0) return done([`passes now: remove it from the known defects of ${impl} (${defect})`]);
  return { ...done([]), defect, reasons };
}

/** A result that failed for a known defect of the host: counted apart, not as a failure. */
export type BrowserResult = Result & { defect?: string };

export interface BrowserSuite {
  programs: string[];
  columns: string[];
  results: BrowserResult[];
  /** Programs left out because a browser has no sockets. */
  notApplicable: string[];
}

export async function runBrowserSuite(only = '', wanted: Column[] = columns): Promise<BrowserSuite> {
  const all = listPrograms(defaultWasmDir, only);
  const notApplicable = all.filter((p) => !(p.spec instanceof Error) && usesSockets(p.spec)).map((p) => p.name);
  const programs = all.filter((p) => !notApplicable.includes(p.name));
  const session = await openChromium();
  const results: BrowserResult[] = [];
  try {
    await loadScript(session.page, `/${relative(repoRoot, browserDir)}/${PAGE_SCRIPT}`, 'runConformance');
    for (const program of programs) {
      for (const column of wanted) {
        if (program.spec instanceof Error) {
          results.push({ program: program.name, impl: columnName(column), ok: false, reasons: [`bad spec: ${program.spec.message}`], ms: 0 });
          continue;
        }
        const url = `/${relative(repoRoot, program.wasm)}`;
        results.push(await runOne(session, program, column, url));
      }
    }
  } finally {
    await session.close();
  }
  if (session.pageErrors.length > 0) {
    results.push({ program: '(page)', impl: 'chromium', ok: false, reasons: session.pageErrors, ms: 0 });
  }
  return { programs: programs.map((p) => p.name), columns: wanted.map(columnName), results, notApplicable };
}

function parseColumn(text: string): Column {
  const c = columns.find((k) => columnName(k) === text || `${k.host}/${k.route}` === text);
  if (c === undefined) throw new Error(`unknown column ${text}; known: ${columns.map(columnName).join(', ')}`);
  return c;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  let only = '';
  let jsonFile: string | undefined;
  const wanted: Column[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--only') only = argv[++i] ?? '';
    else if (argv[i] === '--column') wanted.push(parseColumn(argv[++i] ?? ''));
    else if (argv[i] === '--json') jsonFile = resolve(argv[++i] ?? '');
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (!existsSync(join(browserDir, PAGE_SCRIPT))) throw new Error('no page bundle: run npm run build first');
  const started = Date.now();
  const suite = await runBrowserSuite(only, wanted.length ? wanted : columns);
  console.log(renderTable(suite.programs, suite.columns, suite.results));
  const failures = suite.results.filter((r) => !r.ok);
  const defects = suite.results.filter((r) => r.defect !== undefined);
  if (defects.length > 0) {
    console.log(`\nKnown defects of the hosts (shown as pass above; listed in the README):`);
    for (const d of defects) console.log(`  ${d.program} on ${d.impl}: ${d.defect}`);
  }
  for (const f of failures) console.log(`\n${f.program} on ${f.impl}:\n  ${f.reasons.join('\n').split('\n').slice(0, 8).join('\n  ')}`);
  console.log(`\n${suite.programs.length} programs x ${suite.columns.length} browser columns in ${((Date.now() - started) / 1000).toFixed(1)} s;`
    + ` ${suite.notApplicable.length} socket programs not applicable in a browser`);
  if (jsonFile) writeFileSync(jsonFile, `${JSON.stringify(suite, null, 2)}\n`);
  return failures.length > 0 ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main();
}
