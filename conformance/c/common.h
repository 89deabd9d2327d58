/* Shared helpers for the conformance programs: every check fails loudly,
   naming the file, the line and what was expected. */
#ifndef CONFORMANCE_COMMON_H
#define CONFORMANCE_COMMON_H
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wasi/api.h>

#define FAIL(...)                                                     \
  do {                                                                \
    fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);              \
    fprintf(stderr, __VA_ARGS__);                                     \
    fprintf(stderr, "\n");                                            \
    exit(1);                                                          \
  } while (0)

/* A libc call that must succeed; errno is shown when it does not. */
#define CHECK(cond)                                                   \
  do {                                                                \
    if (!(cond)) FAIL("%s (errno %d: %s)", #cond, errno, strerror(errno)); \
  } while (0)

/* A raw preview1 call that must return the given errno. */
#define EXPECT_ERRNO(call, expected)                                  \
  do {                                                                \
    __wasi_errno_t got_ = (call);                                     \
    if (got_ != (expected))                                           \
      FAIL("%s = %d, expected %s (%d)", #call, got_, #expected, expected); \
  } while (0)

#define EXPECT_OK(call) EXPECT_ERRNO(call, __WASI_ERRNO_SUCCESS)

/* A libc call that must fail with the given errno. */
#define EXPECT_FAIL(call, expected)                                   \
  do {                                                                \
    errno = 0;                                                        \
    if ((call) >= 0) FAIL("%s succeeded, expected %s", #call, #expected); \
    if (errno != (expected))                                          \
      FAIL("%s: errno %d (%s), expected %s", #call, errno, strerror(errno), #expected); \
  } while (0)

#define EXPECT_EQ_U64(got, want)                                      \
  do {                                                                \
    unsigned long long g_ = (unsigned long long)(got), w_ = (unsigned long long)(want); \
    if (g_ != w_) FAIL("%s = %llu, expected %llu", #got, g_, w_);     \
  } while (0)

#define EXPECT_STR(got, want)                                         \
  do {                                                                \
    const char *g_ = (got), *w_ = (want);                             \
    if (strcmp(g_, w_) != 0) FAIL("%s = \"%s\", expected \"%s\"", #got, g_, w_); \
  } while (0)

/* A raw preview1 call that must return one of two errnos: only where the
   spec leaves the choice open and wasmtime's own tests accept both. */
#define EXPECT_ERRNO2(call, a, b)                                     \
  do {                                                                \
    __wasi_errno_t got_ = (call);                                     \
    if (got_ != (a) && got_ != (b))                                   \
      FAIL("%s = %d, expected %s (%d) or %s (%d)", #call, got_, #a, a, #b, b); \
  } while (0)

/* ---- filesystem helpers ---- */

#define RIGHTS_RW (__WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_SEEK | \
                   __WASI_RIGHTS_FD_TELL | __WASI_RIGHTS_FD_FILESTAT_GET |                \
                   __WASI_RIGHTS_FD_FILESTAT_SET_SIZE | __WASI_RIGHTS_FD_FILESTAT_SET_TIMES | \
                   __WASI_RIGHTS_FD_READDIR | __WASI_RIGHTS_FD_SYNC | __WASI_RIGHTS_FD_DATASYNC | \
                   __WASI_RIGHTS_FD_ADVISE | __WASI_RIGHTS_FD_ALLOCATE | __WASI_RIGHTS_FD_FDSTAT_SET_FLAGS)
#define RIGHTS_RO (RIGHTS_RW & ~(__WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_FILESTAT_SET_SIZE | \
                                 __WASI_RIGHTS_FD_ALLOCATE))

/* The fd of the preopen named `name` (e.g. "/sandbox"); fails when there is none. */
static inline __wasi_fd_t preopen(const char *name) {
  for (__wasi_fd_t fd = 3; fd < 64; fd++) {
    __wasi_prestat_t st;
    if (__wasi_fd_prestat_get(fd, &st) != __WASI_ERRNO_SUCCESS) continue;
    char buf[256];
    size_t len = st.u.dir.pr_name_len;
    if (len >= sizeof buf || __wasi_fd_prestat_dir_name(fd, (uint8_t *)buf, len) != __WASI_ERRNO_SUCCESS) continue;
    buf[len] = 0;
    if (strcmp(buf, name) == 0) return fd;
  }
  FAIL("no preopen named %s", name);
}

/* path_open with the given oflags, all file rights and fdflags; the errno is returned, the fd stored. */
static inline __wasi_errno_t open_at(__wasi_fd_t dir, const char *path, __wasi_oflags_t oflags,
                                     __wasi_rights_t rights, __wasi_fdflags_t fdflags, __wasi_fd_t *fd) {
  return __wasi_path_open(dir, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, path, oflags, rights, rights, fdflags, fd);
}

/* Opens a file that must open; fails loudly otherwise. */
static inline __wasi_fd_t must_open(__wasi_fd_t dir, const char *path, __wasi_oflags_t oflags,
                                    __wasi_rights_t rights, __wasi_fdflags_t fdflags) {
  __wasi_fd_t fd;
  __wasi_errno_t e = open_at(dir, path, oflags, rights, fdflags, &fd);
  if (e != __WASI_ERRNO_SUCCESS) FAIL("path_open(%s) = %d", path, e);
  return fd;
}

/* fd_write of one buffer at the current position; returns the count written. */
static inline size_t write_str(__wasi_fd_t fd, const char *s) {
  __wasi_ciovec_t iov = {(const uint8_t *)s, strlen(s)};
  __wasi_size_t n;
  __wasi_errno_t e = __wasi_fd_write(fd, &iov, 1, &n);
  if (e != __WASI_ERRNO_SUCCESS) FAIL("fd_write(%d, \"%s\") = %d", fd, s, e);
  return n;
}

/* fd_read of up to cap-1 bytes into a NUL-terminated buffer; returns the count read. */
static inline size_t read_str(__wasi_fd_t fd, char *buf, size_t cap) {
  __wasi_iovec_t iov = {(uint8_t *)buf, cap - 1};
  __wasi_size_t n;
  __wasi_errno_t e = __wasi_fd_read(fd, &iov, 1, &n);
  if (e != __WASI_ERRNO_SUCCESS) FAIL("fd_read(%d) = %d", fd, e);
  buf[n] = 0;
  return n;
}

/* Creates (or truncates) a file holding `content`. */
static inline void put_file(__wasi_fd_t dir, const char *path, const char *content) {
  __wasi_fd_t fd = must_open(dir, path, __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC, RIGHTS_RW, 0);
  write_str(fd, content);
  EXPECT_OK(__wasi_fd_close(fd));
}

/* Checks that a file holds exactly `want` (up to 4095 bytes). */
static inline void expect_content(__wasi_fd_t dir, const char *path, const char *want) {
  static char buf[4096];
  __wasi_fd_t fd = must_open(dir, path, 0, RIGHTS_RO, 0);
  __wasi_filestat_t st;
  EXPECT_OK(__wasi_fd_filestat_get(fd, &st));
  size_t total = 0;
  for (;;) {
    __wasi_iovec_t iov = {(uint8_t *)buf + total, sizeof buf - 1 - total};
    __wasi_size_t n;
    EXPECT_OK(__wasi_fd_read(fd, &iov, 1, &n));
    if (n == 0 || total + n >= sizeof buf - 1) { total += n; break; }
    total += n;
  }
  buf[total] = 0;
  EXPECT_OK(__wasi_fd_close(fd));
  if (total != strlen(want) || memcmp(buf, want, total) != 0)
    FAIL("%s holds \"%s\" (%zu bytes), expected \"%s\"", path, buf, total, want);
  EXPECT_EQ_U64(st.size, strlen(want));
}

/* The filestat of a path, following symlinks or not. */
static inline __wasi_filestat_t stat_at(__wasi_fd_t dir, const char *path, int follow) {
  __wasi_filestat_t st;
  __wasi_errno_t e = __wasi_path_filestat_get(dir, follow ? __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW : 0, path, &st);
  if (e != __WASI_ERRNO_SUCCESS) FAIL("path_filestat_get(%s) = %d", path, e);
  return st;
}

static inline int exists(__wasi_fd_t dir, const char *path) {
  __wasi_filestat_t st;
  return __wasi_path_filestat_get(dir, 0, path, &st) == __WASI_ERRNO_SUCCESS;
}

/* Reads a whole directory with fd_readdir through a buffer of `bufsize`
   bytes, calling `fn` for each complete entry. When the buffer comes back
   full, an entry cut off at its end is read again from its cookie, as
   wasi-libc does. Returns the number of entries. */
typedef void (*dirent_fn)(const __wasi_dirent_t *d, const char *name, void *ctx);
static inline size_t readdir_all(__wasi_fd_t fd, size_t bufsize, dirent_fn fn, void *ctx) {
  uint8_t *buf = malloc(bufsize);
  __wasi_dircookie_t cookie = __WASI_DIRCOOKIE_START;
  size_t count = 0;
  for (;;) {
    __wasi_size_t used;
    __wasi_errno_t e = __wasi_fd_readdir(fd, buf, bufsize, cookie, &used);
    if (e != __WASI_ERRNO_SUCCESS) FAIL("fd_readdir(%d, cookie %llu) = %d", fd, (unsigned long long)cookie, e);
    if (used > bufsize) FAIL("fd_readdir used %u bytes of a %zu-byte buffer", used, bufsize);
    size_t off = 0;
    int progressed = 0;
    while (off + sizeof(__wasi_dirent_t) <= used) {
      __wasi_dirent_t d;
      memcpy(&d, buf + off, sizeof d);
      if (off + sizeof d + d.d_namlen > used) break;
      char name[256];
      if (d.d_namlen >= sizeof name) FAIL("entry name of %u bytes", d.d_namlen);
      memcpy(name, buf + off + sizeof d, d.d_namlen);
      name[d.d_namlen] = 0;
      fn(&d, name, ctx);
      count++;
      cookie = d.d_next;
      off += sizeof d + d.d_namlen;
      progressed = 1;
    }
    if (used < bufsize) break;
    if (!progressed) FAIL("a %zu-byte buffer cannot hold one entry", bufsize);
  }
  free(buf);
  return count;
}

/* ---- socket helpers (for specs with "sockets" and a "peer") ---- */

/* The fd of listener n of the spec's "sockets" (from 0): listeners follow
   the preopened directories, in order. Fails when that fd is not a stream socket. */
static inline __wasi_fd_t listener(int n) {
  __wasi_fd_t fd = 3;
  __wasi_prestat_t ps;
  while (__wasi_fd_prestat_get(fd, &ps) == __WASI_ERRNO_SUCCESS) fd++;
  fd += n;
  __wasi_fdstat_t st;
  __wasi_errno_t e = __wasi_fd_fdstat_get(fd, &st);
  if (e != __WASI_ERRNO_SUCCESS || st.fs_filetype != __WASI_FILETYPE_SOCKET_STREAM)
    FAIL("listener %d: fd %u is not a stream socket (fdstat %d)", n, fd, e);
  return fd;
}

/* A blocking sock_accept that must succeed. */
static inline __wasi_fd_t accept_conn(__wasi_fd_t l) {
  __wasi_fd_t c;
  __wasi_errno_t e = __wasi_sock_accept(l, 0, &c);
  if (e != __WASI_ERRNO_SUCCESS) FAIL("sock_accept(%u) = %d", l, e);
  return c;
}

/* sock_send of the whole string, which must go in one call. */
static inline void send_str(__wasi_fd_t fd, const char *s) {
  __wasi_ciovec_t iov = {(const uint8_t *)s, strlen(s)};
  __wasi_size_t n;
  __wasi_errno_t e = __wasi_sock_send(fd, &iov, 1, 0, &n);
  if (e != __WASI_ERRNO_SUCCESS) FAIL("sock_send(%u, \"%s\") = %d", fd, s, e);
  EXPECT_EQ_U64(n, strlen(s));
}

/* sock_recv with the given flags into a NUL-terminated buffer of cap bytes;
   returns the count. roflags must be 0: nothing is ever truncated on a stream. */
static inline size_t recv_flags(__wasi_fd_t fd, char *buf, size_t cap, __wasi_riflags_t flags) {
  __wasi_iovec_t iov = {(uint8_t *)buf, cap - 1};
  __wasi_size_t n;
  __wasi_roflags_t ro = 0xFFFF;
  __wasi_errno_t e = __wasi_sock_recv(fd, &iov, 1, flags, &n, &ro);
  if (e != __WASI_ERRNO_SUCCESS) FAIL("sock_recv(%u, flags %u) = %d", fd, flags, e);
  EXPECT_EQ_U64(ro, 0);
  buf[n] = 0;
  return n;
}

/* Reads until exactly strlen(want) bytes have come (the peer may send them
   in pieces) and checks they are `want`. */
static inline void expect_recv(__wasi_fd_t fd, const char *want) {
  char buf[256];
  size_t len = strlen(want), got = 0;
  if (len >= sizeof buf) FAIL("expect_recv: \"%s\" is too long", want);
  while (got < len) {
    size_t n = recv_flags(fd, buf + got, len - got + 1, 0);
    if (n == 0) { buf[got] = 0; FAIL("end of stream after \"%s\", expected \"%s\"", buf, want); }
    got += n;
  }
  buf[got] = 0;
  EXPECT_STR(buf, want);
}

/* A sock_recv that must report the end of the stream (0 bytes). */
static inline void expect_eof(__wasi_fd_t fd) {
  char buf[64];
  size_t n = recv_flags(fd, buf, sizeof buf, 0);
  if (n != 0) FAIL("sock_recv(%u) read \"%s\" (%zu bytes), expected the end of the stream", fd, buf, n);
}

/* Polls one fd subscription (FD_READ or FD_WRITE) against a clock of
   timeout_ms: fails when the clock fires first, otherwise returns the fd's event. */
static inline __wasi_event_t poll_fd(__wasi_fd_t fd, __wasi_eventtype_t type, unsigned timeout_ms) {
  __wasi_subscription_t subs[2] = {0};
  subs[0].userdata = 1;
  subs[0].u.tag = type;
  subs[0].u.u.fd_read.file_descriptor = fd; /* fd_write has the same layout */
  subs[1].userdata = 2;
  subs[1].u.tag = __WASI_EVENTTYPE_CLOCK;
  subs[1].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
  subs[1].u.u.clock.timeout = (__wasi_timestamp_t)timeout_ms * 1000000ull;
  __wasi_event_t ev[2];
  __wasi_size_t n;
  EXPECT_OK(__wasi_poll_oneoff(subs, ev, 2, &n));
  for (__wasi_size_t i = 0; i < n; i++)
    if (ev[i].userdata == 1) {
      EXPECT_EQ_U64(ev[i].type, type);
      return ev[i];
    }
  FAIL("poll_oneoff: fd %u not ready for %s within %u ms", fd, type == __WASI_EVENTTYPE_FD_READ ? "reading" : "writing", timeout_ms);
}

#endif
