/* node:wasi differs: it accepts fd_renumber(77, 77) on a closed fd. */
#include "common.h"
#include <fcntl.h>
#include <unistd.h>

/* Renumbering an open fd onto itself is a no-op success (it must not
   close the fd first); onto itself when not open is EBADF. */
int main(void) {
  int a = open("/sandbox/a.txt", O_RDONLY);
  CHECK(a >= 0);
  char c;
  CHECK(read(a, &c, 1) == 1);
  EXPECT_OK(__wasi_fd_renumber(a, a));
  CHECK(read(a, &c, 1) == 1);
  if (c != 'b') FAIL("fd changed after renumbering onto itself");
  EXPECT_OK(__wasi_fd_renumber(0, 0));
  EXPECT_OK(__wasi_fd_renumber(1, 1));
  EXPECT_OK(__wasi_fd_renumber(3, 3));
  __wasi_prestat_t ps;
  EXPECT_OK(__wasi_fd_prestat_get(3, &ps));
  EXPECT_ERRNO(__wasi_fd_renumber(77, 77), __WASI_ERRNO_BADF);
  puts("ok");
  return 0;
}
