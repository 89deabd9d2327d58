/*
 * The component of the compose example: wit/lines.wit's `lines` interface,
 * written straight against the component model's canonical ABI (no libc, no
 * preview1, no generated bindings: wit-bindgen is not on the npm registry),
 * so the component imports nothing but the WASI 0.2 functions below.
 *
 * Memory: one bump arena above the data. Strings and lists the host passes
 * in, and lists the host returns from imports, are placed there by
 * cabi_realloc; an export empties it when it returns, or, when what it
 * returns lives there, in its post-return function, which the host calls
 * once it has copied the result out. Calls never overlap, so nothing else
 * can be in the arena then.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IMPORT(module, name) __attribute__((import_module(module), import_name(name)))
#define EXPORT(name) __attribute__((export_name(name)))
#define IO "wasi:io/streams@0.2.12"
#define FS "wasi:filesystem/types@0.2.12"
#define LINES "example:compose/lines@0.1.0#"

/* Handles of the component's resource table. */
typedef int32_t handle;

/*
 * The memory form of `result<T, stream-error>` and `result<T, error-code>`
 * for every T used here: the case at 0, the payload at 4 (the payloads are
 * one or two 32-bit words). A stream-error is its own case (0:
 * last-operation-failed, 1: closed) and then the error's handle.
 */
typedef struct {
  uint8_t is_err;
  uint32_t a;
  uint32_t b;
  uint32_t c;
} ret_area;

IMPORT(IO, "[method]output-stream.blocking-write-and-flush")
void output_write(handle out, const uint8_t *bytes, size_t len, ret_area *ret);
IMPORT(IO, "[method]input-stream.blocking-read")
void input_read(handle in, uint64_t len, ret_area *ret);
IMPORT(IO, "[resource-drop]input-stream") void drop_input(handle in);
IMPORT(IO, "[resource-drop]output-stream") void drop_output(handle out);
IMPORT("wasi:io/error@0.2.12", "[resource-drop]error") void drop_error(handle err);
IMPORT(FS, "[method]descriptor.open-at")
void descriptor_open_at(handle dir, uint32_t path_flags, const char *path, size_t len, uint32_t open_flags,
                        uint32_t flags, ret_area *ret);
IMPORT(FS, "[method]descriptor.read-via-stream") void descriptor_read_via_stream(handle file, uint64_t offset, ret_area *ret);
IMPORT(FS, "[method]descriptor.write-via-stream") void descriptor_write_via_stream(handle file, uint64_t offset, ret_area *ret);
IMPORT(FS, "[method]descriptor.read") void descriptor_read(handle file, uint64_t len, uint64_t offset, ret_area *ret);
IMPORT(FS, "[resource-drop]descriptor") void drop_descriptor(handle file);

/* wasi:filesystem's flags, bit by bit in their WIT order. */
enum { OPEN_CREATE = 1, OPEN_TRUNCATE = 8 };
enum { DESCRIPTOR_READ = 1, DESCRIPTOR_WRITE = 2 };
/* blocking-write-and-flush takes at most this much at once. */
enum { WRITE_MAX = 4096 };
enum { READ_CHUNK = 65536 };

extern unsigned char __heap_base;
static unsigned char *arena_top = &__heap_base;

static void arena_empty(void) { arena_top = &__heap_base; }

EXPORT("cabi_realloc") void *cabi_realloc(void *old, size_t old_len, size_t align, size_t len) {
  if (len <= old_len) return old;
  uintptr_t at = ((uintptr_t)arena_top + align - 1) & ~(uintptr_t)(align - 1);
  uintptr_t end = at + len;
  size_t have = __builtin_wasm_memory_size(0) * 65536;
  if (end > have && __builtin_wasm_memory_grow(0, (end - have + 65535) / 65536) == (size_t)-1) __builtin_trap();
  for (size_t i = 0; i < old_len; i++) ((unsigned char *)at)[i] = ((unsigned char *)old)[i];
  arena_top = (unsigned char *)end;
  return (void *)at;
}

/* The byte-sized payloads (a stream-error's case, an error-code) share their word with padding. */
static uint8_t small(uint32_t word) { return (uint8_t)word; }

/* A stream call's failure: the error resource, when there is one, is ours to drop. */
static void drop_stream_error(const ret_area *r) {
  if (small(r->a) == 0) drop_error((handle)r->b);
}

static bool write_all(handle out, const uint8_t *bytes, size_t len) {
  ret_area r;
  output_write(out, bytes, len, &r);
  if (r.is_err) drop_stream_error(&r);
  return !r.is_err;
}

static size_t decimal(uint32_t n, uint8_t *to) {
  uint8_t digits[10];
  size_t count = 0;
  do digits[count++] = (uint8_t)('0' + n % 10); while ((n /= 10) != 0);
  for (size_t i = 0; i < count; i++) to[i] = digits[count - 1 - i];
  return count;
}

static bool produce_lines(handle out, uint32_t count) {
  static uint8_t batch[WRITE_MAX];
  size_t used = 0;
  for (uint32_t n = 1; n <= count; n++) {
    if (used + 11 > WRITE_MAX) {
      if (!write_all(out, batch, used)) return false;
      used = 0;
    }
    used += decimal(n, batch + used);
    batch[used++] = '\n';
  }
  return used == 0 || write_all(out, batch, used);
}

/* What an export returns in memory: the host reads it, then calls the post-return, if any. */
static ret_area result;

/* A result<own<T>, error-code> an import gave, as the export's own result. */
static ret_area *pass_on(const ret_area *r) {
  result.is_err = r->is_err;
  result.a = r->is_err ? small(r->a) : r->a;
  arena_empty();
  return &result;
}

static ret_area *failed(uint8_t code) {
  result.is_err = 1;
  result.a = code;
  arena_empty();
  return &result;
}

/* error-code's `io`: what a file's stream refusing a write comes to. */
enum { ERROR_CODE_IO = 13 };

EXPORT(LINES "produce") bool produce(handle out, uint32_t count) {
  bool ok = produce_lines(out, count);
  arena_empty();
  return ok;
}

EXPORT(LINES "generate") ret_area *generate(handle dir, const char *name, size_t len, uint32_t count) {
  ret_area r;
  descriptor_open_at(dir, 0, name, len, OPEN_CREATE | OPEN_TRUNCATE, DESCRIPTOR_READ | DESCRIPTOR_WRITE, &r);
  if (r.is_err) return pass_on(&r);
  handle file = (handle)r.a;
  descriptor_write_via_stream(file, 0, &r);
  if (r.is_err) {
    drop_descriptor(file);
    return pass_on(&r);
  }
  bool written = produce_lines((handle)r.a, count);
  drop_output((handle)r.a);
  if (!written) {
    drop_descriptor(file);
    return failed(ERROR_CODE_IO);
  }
  result.is_err = 0;
  result.a = (uint32_t)file;
  arena_empty();
  return &result;
}

EXPORT(LINES "open") ret_area *open(handle dir, const char *name, size_t len) {
  ret_area r;
  descriptor_open_at(dir, 0, name, len, 0, DESCRIPTOR_READ, &r);
  return pass_on(&r);
}

EXPORT(LINES "reader") ret_area *reader(handle file) {
  ret_area r;
  descriptor_read_via_stream(file, 0, &r);
  return pass_on(&r);
}

EXPORT(LINES "writer") ret_area *writer(handle file) {
  ret_area r;
  descriptor_write_via_stream(file, 0, &r);
  return pass_on(&r);
}

/* A list<u8> returned by an export: where it is, and its length. */
static struct {
  uint32_t at;
  uint32_t len;
} list;

/*
 * Appends a chunk a read returned to the bytes read so far, which start at
 * `start`. cabi_realloc puts each list at the arena's top, so the chunk is
 * normally there already; it is moved down when it is not.
 */
static void append(unsigned char *start, uint64_t total, uint32_t at, uint32_t len) {
  unsigned char *to = start + total;
  unsigned char *from = (unsigned char *)(uintptr_t)at;
  if (from != to) for (uint32_t i = 0; i < len; i++) to[i] = from[i];
  arena_top = to + len;
}

EXPORT(LINES "drain") void *drain(handle in) {
  unsigned char *start = arena_top;
  uint32_t total = 0;
  for (;;) {
    ret_area r;
    input_read(in, READ_CHUNK, &r);
    if (r.is_err) {
      drop_stream_error(&r);
      break;
    }
    append(start, total, r.a, r.b);
    total += r.b;
  }
  list.at = (uint32_t)(uintptr_t)start;
  list.len = total;
  return &list;
}

static ret_area *read_all(handle file) {
  unsigned char *start = arena_top;
  uint64_t total = 0;
  for (;;) {
    ret_area r;
    descriptor_read(file, READ_CHUNK, total, &r);
    if (r.is_err) return failed(small(r.a));
    append(start, total, r.a, r.b);
    total += r.b;
    if (small(r.c) || r.b == 0) break;
  }
  result.is_err = 0;
  result.a = (uint32_t)(uintptr_t)start;
  result.b = (uint32_t)total;
  return &result;
}

EXPORT(LINES "read-all") ret_area *read_all_export(handle file) { return read_all(file); }

EXPORT(LINES "consume") ret_area *consume(handle file) {
  ret_area *r = read_all(file);
  drop_descriptor(file);
  return r;
}

/* The lists drain, read-all and consume returned have been copied out. */
EXPORT("cabi_post_" LINES "drain") void drain_done(void *r) { (void)r; arena_empty(); }
EXPORT("cabi_post_" LINES "read-all") void read_all_done(ret_area *r) { (void)r; arena_empty(); }
EXPORT("cabi_post_" LINES "consume") void consume_done(ret_area *r) { (void)r; arena_empty(); }
