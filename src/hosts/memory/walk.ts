import type { DirectoryNode, Node } from './inode.js';

/** Symlinks followed in one lookup before it is a loop, as Linux's MAXSYMLINKS. */
export const MAX_SYMLINKS = 40;
/** Bytes in one name, and in a whole path, as Linux limits them. */
const NAME_MAX = 255;
const PATH_MAX = 4096;
const SLASH = 47;

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00) { n += 4; i++; } else n += 3;
  }
  return n;
}

/** A UTF-16 string this short is within NAME_MAX bytes whatever it holds (3 bytes a unit at most). */
const SURELY_SHORT = Math.floor(NAME_MAX / 3);

function checkName(name: string): void {
  if (name.length > SURELY_SHORT && utf8Length(name) > NAME_MAX) throw 'name-too-long';
}

/**
 * Resolves a guest path beneath a directory, one component at a time, the
 * way the node host walks a real one: `..` goes back up only as far as the
 * directory the lookup started from (above it is 'not-permitted'), symlinks
 * met on the way are followed within the same bounds (an absolute target is
 * 'not-permitted', more than 40 is a 'loop'), and the walk stops before the
 * final component, which each operation looks at itself: following a final
 * symlink is its choice (`symlink-follow`), or forced by a trailing '/'.
 */
export class Walk {
  /** Directories entered below the start, innermost last: what `..` goes back through. */
  readonly #entered: DirectoryNode[] = [];
  /** Components still to walk, the next one last. */
  readonly #pending: string[] = [];
  #start!: DirectoryNode;
  #links = 0;
  /** The directory holding the final component. */
  dir!: DirectoryNode;
  /** The final component; '.' when the path names `dir` itself. */
  name = '';
  /** The path (or a symlink on it) ended in '/': the final component must be a directory, and is followed. */
  trailing = false;

  start(base: DirectoryNode, path: string): void {
    if (path === '') throw 'no-entry';
    if (path.charCodeAt(0) === SLASH) throw 'not-permitted';
    if (path.length >= PATH_MAX / 3 && utf8Length(path) >= PATH_MAX) throw 'name-too-long';
    this.#start = this.dir = base;
    this.#links = 0;
    this.trailing = false;
    // The common case, a bare name, needs no splitting.
    if (path.indexOf('/') < 0 && path !== '.' && path !== '..') {
      checkName(path);
      this.name = path;
      return;
    }
    this.#queue(path, true);
    this.#advance();
  }

  /** The final component's node, not followed; undefined when there is none. */
  entry(): Node | undefined {
    return this.name === '.' ? this.dir : this.dir.entries.get(this.name);
  }

  /** The final component's node, following a final symlink when asked or when the path ends in '/'. */
  node(follow: boolean): Node {
    for (;;) {
      const node = this.entry();
      if (node === undefined) throw 'no-entry';
      if (node.type === 'symbolic-link' && (follow || this.trailing)) {
        this.follow(node.target);
        continue;
      }
      if (this.trailing && node.type !== 'directory') throw 'not-directory';
      return node;
    }
  }

  /** Goes on through the final component, a symlink to `target` in `dir`. */
  follow(target: string): void {
    this.#link(target, true);
    this.#advance();
  }

  /** Lets go of the directories walked through. */
  release(): void {
    this.#entered.length = 0;
    this.#pending.length = 0;
  }

  /**
   * Queues a path's components, the next one last. A '.' is kept only at
   * the end, where it makes the walk enter the directory before it; a '/' at
   * the end of the lookup's own path makes its end a directory.
   */
  #queue(path: string, final: boolean): void {
    const parts = path.split('/');
    const last = parts.length - 1;
    if (final && parts[last] === '') this.trailing = true;
    for (let i = last; i >= 0; i--) {
      const part = parts[i]!;
      if (part !== '' && (part !== '.' || i === last)) this.#pending.push(part);
    }
  }

  #advance(): void {
    const pending = this.#pending;
    for (;;) {
      const c = pending.pop();
      if (c === undefined || (c === '.' && pending.length === 0)) {
        this.name = '.';
        return;
      }
      if (c === '.') continue;
      if (c === '..') {
        if (this.#entered.pop() === undefined) throw 'not-permitted';
        this.dir = this.#entered[this.#entered.length - 1] ?? this.#start;
        continue;
      }
      checkName(c);
      if (pending.length === 0) {
        this.name = c;
        return;
      }
      const node = this.dir.entries.get(c);
      if (node === undefined) throw 'no-entry';
      if (node.type === 'directory') {
        this.#entered.push(node);
        this.dir = node;
      } else if (node.type === 'symbolic-link') {
        this.#link(node.target, false);
      } else {
        throw 'not-directory';
      }
    }
  }

  /** Queues a symlink's target, the final component's when `final`. */
  #link(target: string, final: boolean): void {
    if (++this.#links > MAX_SYMLINKS) throw 'loop';
    if (target === '') throw 'no-entry';
    if (target.charCodeAt(0) === SLASH) throw 'not-permitted';
    this.#queue(target, final);
  }
}
