#include "common.h"

/* fd_fdstat_set_rights can only remove rights (spec): after dropping
   FD_WRITE and FD_SEEK, fdstat shows them gone, writing and seeking are
   ENOTCAPABLE while reading and telling still work, and asking for a
   dropped right back is ENOTCAPABLE. (wasmtime answers ENOTSUP to every
   set_rights call; the adapter implements the spec.) */
int main(void) {
  const __wasi_rights_t rw = __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_TELL;
  __wasi_fd_t fd;
  EXPECT_OK(__wasi_path_open(3, 0, "f.txt", 0, rw, 0, 0, &fd));
  __wasi_fdstat_t st;
  EXPECT_OK(__wasi_fd_fdstat_get(fd, &st));
  if ((st.fs_rights_base & rw) != rw) FAIL("opened with rights 0x%llx", (unsigned long long)st.fs_rights_base);

  const __wasi_rights_t keep = __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_TELL;
  EXPECT_OK(__wasi_fd_fdstat_set_rights(fd, keep, 0));
  EXPECT_OK(__wasi_fd_fdstat_get(fd, &st));
  EXPECT_EQ_U64(st.fs_rights_base, keep);
  EXPECT_EQ_U64(st.fs_rights_inheriting, 0);

  __wasi_ciovec_t w = {(const uint8_t *)"X", 1};
  __wasi_size_t n;
  EXPECT_ERRNO(__wasi_fd_write(fd, &w, 1, &n), __WASI_ERRNO_NOTCAPABLE);
  __wasi_filesize_t pos;
  EXPECT_ERRNO(__wasi_fd_seek(fd, 2, __WASI_WHENCE_SET, &pos), __WASI_ERRNO_NOTCAPABLE);
  char b[4];
  __wasi_iovec_t r = {(uint8_t *)b, 2};
  EXPECT_OK(__wasi_fd_read(fd, &r, 1, &n));
  EXPECT_EQ_U64(n, 2);
  EXPECT_OK(__wasi_fd_tell(fd, &pos));
  EXPECT_EQ_U64(pos, 2);

  EXPECT_ERRNO(__wasi_fd_fdstat_set_rights(fd, keep | __WASI_RIGHTS_FD_WRITE, 0), __WASI_ERRNO_NOTCAPABLE);
  EXPECT_ERRNO(__wasi_fd_fdstat_set_rights(fd, keep, __WASI_RIGHTS_FD_READ), __WASI_ERRNO_NOTCAPABLE);
  EXPECT_OK(__wasi_fd_fdstat_get(fd, &st));
  EXPECT_EQ_U64(st.fs_rights_base, keep);
  EXPECT_ERRNO(__wasi_fd_write(fd, &w, 1, &n), __WASI_ERRNO_NOTCAPABLE);
  EXPECT_ERRNO(__wasi_fd_fdstat_set_rights(99, 0, 0), __WASI_ERRNO_BADF);
  puts("ok");
  return 0;
}
