/* node:wasi differs: it reports piped stdio by the host handle type
   (e.g. SOCKET_STREAM / CHARACTER_DEVICE) and grants every right. */
#include "common.h"

/* The runner pipes all three stdio streams, so none is a terminal: as in
   wasmtime, their filetype is UNKNOWN (preview1 has no FIFO type), stdin
   carries the read right and not the write right, stdout and stderr the
   reverse, and no fdflags are set. */
static void check(__wasi_fd_t fd, __wasi_rights_t has, __wasi_rights_t lacks) {
  __wasi_fdstat_t st;
  EXPECT_OK(__wasi_fd_fdstat_get(fd, &st));
  if (st.fs_filetype != __WASI_FILETYPE_UNKNOWN)
    FAIL("fd %u: filetype %u, expected UNKNOWN (0) for a pipe", fd, st.fs_filetype);
  if ((st.fs_rights_base & has) != has) FAIL("fd %u: rights_base 0x%llx lacks 0x%llx", fd, (unsigned long long)st.fs_rights_base, (unsigned long long)has);
  if (st.fs_rights_base & lacks) FAIL("fd %u: rights_base 0x%llx has 0x%llx", fd, (unsigned long long)st.fs_rights_base, (unsigned long long)lacks);
  EXPECT_EQ_U64(st.fs_flags, 0);
}

int main(void) {
  check(0, __WASI_RIGHTS_FD_READ, __WASI_RIGHTS_FD_WRITE);
  check(1, __WASI_RIGHTS_FD_WRITE, __WASI_RIGHTS_FD_READ);
  check(2, __WASI_RIGHTS_FD_WRITE, __WASI_RIGHTS_FD_READ);
  puts("ok");
  return 0;
}
