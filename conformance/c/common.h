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

#endif
