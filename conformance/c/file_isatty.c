/* A regular file or a directory is not a terminal (wasmtime's
   p1_regular_file_isatty): wasi-libc's isatty() asks fd_fdstat_get for a
   CHARACTER_DEVICE without the seek and tell rights. */
#include <unistd.h>
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  __wasi_fd_t fd;
  EXPECT_OK(__wasi_path_open(dir, 0, "file", __WASI_OFLAGS_CREAT, 0, 0, 0, &fd));
  errno = 0;
  if (isatty((int)fd) != 0) FAIL("isatty(file) is 1");
  if (errno != ENOTTY) FAIL("isatty(file): errno %d, expected ENOTTY", errno);
  __wasi_fdstat_t st;
  EXPECT_OK(__wasi_fd_fdstat_get(fd, &st));
  EXPECT_EQ_U64(st.fs_filetype, __WASI_FILETYPE_REGULAR_FILE);
  EXPECT_OK(__wasi_fd_close(fd));
  if (isatty((int)dir) != 0) FAIL("isatty(preopen) is 1");
  EXPECT_OK(__wasi_path_unlink_file(dir, "file"));
  return 0;
}
