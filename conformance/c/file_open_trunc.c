/* OFLAGS_TRUNC empties an existing file on open; without it the content
   stays; CREAT|TRUNC on a missing file creates it empty. */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  __wasi_fd_t fd = must_open(dir, "keep.txt", 0, RIGHTS_RW, 0);
  __wasi_filestat_t st;
  EXPECT_OK(__wasi_fd_filestat_get(fd, &st));
  EXPECT_EQ_U64(st.size, 12);
  EXPECT_OK(__wasi_fd_close(fd));

  fd = must_open(dir, "trunc.txt", __WASI_OFLAGS_TRUNC, RIGHTS_RW, 0);
  EXPECT_OK(__wasi_fd_filestat_get(fd, &st));
  EXPECT_EQ_U64(st.size, 0);
  char buf[8];
  EXPECT_EQ_U64(read_str(fd, buf, sizeof buf), 0);
  write_str(fd, "new");
  EXPECT_OK(__wasi_fd_close(fd));

  fd = must_open(dir, "created.txt", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC, RIGHTS_RW, 0);
  EXPECT_OK(__wasi_fd_filestat_get(fd, &st));
  EXPECT_EQ_U64(st.size, 0);
  EXPECT_OK(__wasi_fd_close(fd));
  return 0;
}
