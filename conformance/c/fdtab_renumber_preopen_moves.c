#include "common.h"

/* A preopen renumbered onto another fd takes its preopen identity along:
   the new number reports the same prestat and name and opens paths in the
   same directory; fd 3 is closed. */
int main(void) {
  __wasi_fd_t f;
  EXPECT_OK(__wasi_path_open(3, 0, "x.txt", 0, __WASI_RIGHTS_FD_READ, 0, 0, &f));
  EXPECT_OK(__wasi_fd_renumber(3, f));
  __wasi_prestat_t ps;
  EXPECT_ERRNO(__wasi_fd_prestat_get(3, &ps), __WASI_ERRNO_BADF);
  EXPECT_OK(__wasi_fd_prestat_get(f, &ps));
  EXPECT_EQ_U64(ps.tag, __WASI_PREOPENTYPE_DIR);
  EXPECT_EQ_U64(ps.u.dir.pr_name_len, strlen("/moved"));
  char name[16] = {0};
  EXPECT_OK(__wasi_fd_prestat_dir_name(f, (uint8_t *)name, ps.u.dir.pr_name_len));
  EXPECT_STR(name, "/moved");
  __wasi_fdstat_t st;
  EXPECT_OK(__wasi_fd_fdstat_get(f, &st));
  EXPECT_EQ_U64(st.fs_filetype, __WASI_FILETYPE_DIRECTORY);
  __wasi_fd_t g;
  EXPECT_OK(__wasi_path_open(f, 0, "x.txt", 0, __WASI_RIGHTS_FD_READ, 0, 0, &g));
  char buf[8];
  __wasi_iovec_t iov = {(uint8_t *)buf, sizeof buf};
  __wasi_size_t n;
  EXPECT_OK(__wasi_fd_read(g, &iov, 1, &n));
  EXPECT_EQ_U64(n, 3);
  puts("ok");
  return 0;
}
