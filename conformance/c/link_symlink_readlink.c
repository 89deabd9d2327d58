/* path_symlink stores the target string as given (relative, even dangling);
   path_readlink returns it and its length without a NUL; opening through
   the link reaches the target. An existing destination is EEXIST; a
   destination with a trailing slash is ENOENT when free, EEXIST on a
   directory, ENOTDIR on a file (as wasmtime's tests expect on Unix).
   node:wasi checks a link's target against the preopen rather than the
   link's own directory and refuses "../target.txt" from sub/ (ENOTCAPABLE). */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  EXPECT_OK(__wasi_path_symlink("target.txt", dir, "ln"));
  EXPECT_OK(__wasi_path_symlink("../target.txt", dir, "sub/up"));
  EXPECT_OK(__wasi_path_symlink("not/there", dir, "dangling"));

  char buf[64];
  __wasi_size_t n;
  memset(buf, '#', sizeof buf);
  EXPECT_OK(__wasi_path_readlink(dir, "ln", (uint8_t *)buf, sizeof buf, &n));
  EXPECT_EQ_U64(n, 10);
  if (memcmp(buf, "target.txt#", 11) != 0) FAIL("readlink gave \"%.11s\"", buf);
  EXPECT_OK(__wasi_path_readlink(dir, "sub/up", (uint8_t *)buf, sizeof buf, &n));
  EXPECT_EQ_U64(n, 13);
  EXPECT_OK(__wasi_path_readlink(dir, "dangling", (uint8_t *)buf, sizeof buf, &n));
  EXPECT_EQ_U64(n, 9);

  expect_content(dir, "ln", "T");
  expect_content(dir, "sub/up", "T");

  EXPECT_ERRNO(__wasi_path_symlink("x", dir, "target.txt"), __WASI_ERRNO_EXIST);
  EXPECT_ERRNO(__wasi_path_symlink("x", dir, "ln"), __WASI_ERRNO_EXIST);
  EXPECT_ERRNO(__wasi_path_symlink("x", dir, "sub"), __WASI_ERRNO_EXIST);
  EXPECT_ERRNO(__wasi_path_symlink("x", dir, "free/"), __WASI_ERRNO_NOENT);
  EXPECT_ERRNO(__wasi_path_symlink("x", dir, "sub/"), __WASI_ERRNO_EXIST);
  EXPECT_ERRNO(__wasi_path_symlink("x", dir, "target.txt/"), __WASI_ERRNO_NOTDIR);
  EXPECT_ERRNO(__wasi_path_symlink("x", dir, "nodir/ln"), __WASI_ERRNO_NOENT);
  return 0;
}
