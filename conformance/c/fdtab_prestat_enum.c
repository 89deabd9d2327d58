/* node:wasi differs: fd_prestat_get on stdio fds answers EINVAL, not EBADF. */
#include "common.h"

/* Preopens are found the way libc finds them: fd_prestat_get from fd 3
   upwards until EBADF. Each is a DIR prestat whose name length matches
   fd_prestat_dir_name, and together they are exactly the configured
   preopens; stdio fds are not preopens. */
int main(void) {
  const char *want[] = {"/one", "/two/deeper", "/three"};
  int seen[3] = {0};
  __wasi_fd_t fd = 3;
  for (;; fd++) {
    __wasi_prestat_t ps;
    __wasi_errno_t e = __wasi_fd_prestat_get(fd, &ps);
    if (e == __WASI_ERRNO_BADF) break;
    if (e != 0) FAIL("fd_prestat_get(%u) = %u", fd, e);
    EXPECT_EQ_U64(ps.tag, __WASI_PREOPENTYPE_DIR);
    char name[64];
    memset(name, 0, sizeof name);
    if (ps.u.dir.pr_name_len >= sizeof name) FAIL("name length %lu", ps.u.dir.pr_name_len);
    EXPECT_OK(__wasi_fd_prestat_dir_name(fd, (uint8_t *)name, ps.u.dir.pr_name_len));
    EXPECT_EQ_U64(strlen(name), ps.u.dir.pr_name_len);
    int j = 0;
    while (j < 3 && strcmp(name, want[j]) != 0) j++;
    if (j == 3) FAIL("unexpected preopen \"%s\" at fd %u", name, fd);
    if (seen[j]++) FAIL("preopen \"%s\" listed twice", name);
  }
  EXPECT_EQ_U64(fd, 6);
  for (__wasi_fd_t s = 0; s < 3; s++) {
    __wasi_prestat_t ps;
    EXPECT_ERRNO(__wasi_fd_prestat_get(s, &ps), __WASI_ERRNO_BADF);
  }
  __wasi_prestat_t ps;
  EXPECT_ERRNO(__wasi_fd_prestat_get(0xFFFFFFFFu, &ps), __WASI_ERRNO_BADF);
  puts("ok");
  return 0;
}
