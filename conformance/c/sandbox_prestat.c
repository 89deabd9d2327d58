/* fd_prestat_get/fd_prestat_dir_name enumerate the preopens from fd 3 on:
   each is a directory with its guest name (no NUL written); the first fd
   past them is EBADF; a buffer shorter than the name is ENAMETOOLONG, a
   longer one is fine; a non-preopen fd is EBADF for prestat_get (and a
   file fd ENOTDIR for prestat_dir_name, as wasmtime). node:wasi answers
   ENOBUFS for the short buffer. */
#include "common.h"

int main(void) {
  const char *want[2] = {"/first", "/second/dir"};
  __wasi_fd_t fds[2];
  for (int i = 0; i < 2; i++) {
    __wasi_prestat_t ps;
    __wasi_fd_t fd = 3 + i;
    EXPECT_OK(__wasi_fd_prestat_get(fd, &ps));
    EXPECT_EQ_U64(ps.tag, __WASI_PREOPENTYPE_DIR);
    EXPECT_EQ_U64(ps.u.dir.pr_name_len, strlen(want[i]));
    char name[32];
    memset(name, '#', sizeof name);
    EXPECT_OK(__wasi_fd_prestat_dir_name(fd, (uint8_t *)name, ps.u.dir.pr_name_len));
    if (memcmp(name, want[i], strlen(want[i])) != 0 || name[strlen(want[i])] != '#')
      FAIL("fd %d is named \"%.*s\", expected \"%s\"", fd, (int)ps.u.dir.pr_name_len, name, want[i]);
    EXPECT_ERRNO(__wasi_fd_prestat_dir_name(fd, (uint8_t *)name, ps.u.dir.pr_name_len - 1), __WASI_ERRNO_NAMETOOLONG);
    EXPECT_OK(__wasi_fd_prestat_dir_name(fd, (uint8_t *)name, sizeof name));
    fds[i] = fd;
  }
  __wasi_prestat_t ps;
  EXPECT_ERRNO(__wasi_fd_prestat_get(5, &ps), __WASI_ERRNO_BADF);
  EXPECT_ERRNO(__wasi_fd_prestat_get(0, &ps), __WASI_ERRNO_BADF);

  /* Each preopen sees its own tree. */
  expect_content(fds[0], "one.txt", "1");
  expect_content(fds[1], "two.txt", "2");
  __wasi_filestat_t st;
  EXPECT_ERRNO(__wasi_path_filestat_get(fds[0], 0, "two.txt", &st), __WASI_ERRNO_NOENT);

  __wasi_fd_t file = must_open(fds[0], "one.txt", 0, RIGHTS_RO, 0);
  EXPECT_ERRNO(__wasi_fd_prestat_get(file, &ps), __WASI_ERRNO_BADF);
  char name[32];
  EXPECT_ERRNO(__wasi_fd_prestat_dir_name(file, (uint8_t *)name, sizeof name), __WASI_ERRNO_NOTDIR);
  EXPECT_OK(__wasi_fd_close(file));
  return 0;
}
