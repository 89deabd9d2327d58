#include "common.h"
#include <fcntl.h>
#include <unistd.h>

/* stdio numbers are ordinary table slots: renumbering a file onto fd 1
   redirects everything written to fd 1 (raw or through printf) into the
   file, and the original stdout stream is gone; stderr is untouched. */
int main(void) {
  int f = open("/sandbox/out.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  CHECK(f >= 0);
  printf("to the real stdout\n");
  fflush(stdout);
  EXPECT_OK(__wasi_fd_renumber(f, 1));
  EXPECT_ERRNO(__wasi_fd_close(f), __WASI_ERRNO_BADF);
  __wasi_fdstat_t st;
  EXPECT_OK(__wasi_fd_fdstat_get(1, &st));
  EXPECT_EQ_U64(st.fs_filetype, __WASI_FILETYPE_REGULAR_FILE);
  printf("into the file\n");
  fflush(stdout);
  __wasi_ciovec_t iov = {(const uint8_t *)"raw\n", 4};
  __wasi_size_t n;
  EXPECT_OK(__wasi_fd_write(1, &iov, 1, &n));
  __wasi_filesize_t pos;
  EXPECT_OK(__wasi_fd_tell(1, &pos));
  EXPECT_EQ_U64(pos, 18);
  fprintf(stderr, "stderr still works\n");
  return 0;
}
