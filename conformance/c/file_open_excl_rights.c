/* CREAT|EXCL fails with EEXIST on any existing entry whatever rights are
   asked: none, read-only, or read-write; the existing file is left as it
   was. Without CREAT, EXCL is ignored (as on Linux): it neither creates a
   missing file nor refuses an existing one. CREAT alone on a directory is
   EISDIR. Deno's node:fs opens the existing entry for a create without write
   access, and takes EXCL alone for a create; the node host does not rely on
   it. */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  __wasi_fd_t fd;
  __wasi_oflags_t excl = __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL;
  const char *existing[] = {"a.txt", "sub", "sub/inner.txt", "link", "dangling"};
  const __wasi_rights_t rights[] = {0, __WASI_RIGHTS_FD_READ, RIGHTS_RO, RIGHTS_RW};
  for (size_t i = 0; i < sizeof existing / sizeof *existing; i++)
    for (size_t r = 0; r < sizeof rights / sizeof *rights; r++)
      if (open_at(dir, existing[i], excl, rights[r], 0, &fd) != __WASI_ERRNO_EXIST)
        FAIL("CREAT|EXCL of %s with rights %llx did not fail with EEXIST", existing[i], (unsigned long long)rights[r]);

  /* Read-only, a new name is created, once. */
  fd = must_open(dir, "new.txt", excl, RIGHTS_RO, 0);
  EXPECT_OK(__wasi_fd_close(fd));
  EXPECT_ERRNO(open_at(dir, "new.txt", excl, RIGHTS_RO, 0, &fd), __WASI_ERRNO_EXIST);

  /* EXCL alone: a missing file stays missing, an existing one opens. */
  EXPECT_ERRNO(open_at(dir, "missing.txt", __WASI_OFLAGS_EXCL, RIGHTS_RW, 0, &fd), __WASI_ERRNO_NOENT);
  EXPECT_ERRNO(open_at(dir, "missing.txt", __WASI_OFLAGS_EXCL, RIGHTS_RO, 0, &fd), __WASI_ERRNO_NOENT);
  if (exists(dir, "missing.txt")) FAIL("EXCL without CREAT created a file");
  fd = must_open(dir, "a.txt", __WASI_OFLAGS_EXCL, RIGHTS_RW, 0);
  EXPECT_OK(__wasi_fd_close(fd));

  /* CREAT without EXCL: an existing file opens, a directory is EISDIR. */
  fd = must_open(dir, "a.txt", __WASI_OFLAGS_CREAT, RIGHTS_RO, 0);
  char buf[8];
  read_str(fd, buf, sizeof buf);
  EXPECT_STR(buf, "a");
  EXPECT_OK(__wasi_fd_close(fd));
  EXPECT_ERRNO(open_at(dir, "sub", __WASI_OFLAGS_CREAT, RIGHTS_RO, 0, &fd), __WASI_ERRNO_ISDIR);
  return 0;
}
