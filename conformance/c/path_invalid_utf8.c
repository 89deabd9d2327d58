/* WASI paths are UTF-8: a path with an invalid byte sequence is EILSEQ for
   every path call, before anything touches the filesystem. node:wasi passes
   the bytes through to the host filesystem. */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  const char *bad = "bad\xff\xfe.txt";
  const char *bad2 = "ok/\xc3(";
  __wasi_fd_t fd;
  __wasi_filestat_t st;
  EXPECT_ERRNO(open_at(dir, bad, __WASI_OFLAGS_CREAT, RIGHTS_RW, 0, &fd), __WASI_ERRNO_ILSEQ);
  EXPECT_ERRNO(open_at(dir, bad2, 0, RIGHTS_RO, 0, &fd), __WASI_ERRNO_ILSEQ);
  EXPECT_ERRNO(__wasi_path_create_directory(dir, bad), __WASI_ERRNO_ILSEQ);
  EXPECT_ERRNO(__wasi_path_filestat_get(dir, 0, bad, &st), __WASI_ERRNO_ILSEQ);
  EXPECT_ERRNO(__wasi_path_unlink_file(dir, bad), __WASI_ERRNO_ILSEQ);
  EXPECT_ERRNO(__wasi_path_remove_directory(dir, bad), __WASI_ERRNO_ILSEQ);
  EXPECT_ERRNO(__wasi_path_rename(dir, "ok.txt", dir, bad), __WASI_ERRNO_ILSEQ);
  EXPECT_ERRNO(__wasi_path_symlink(bad, dir, "ln"), __WASI_ERRNO_ILSEQ);
  EXPECT_ERRNO(__wasi_path_symlink("ok.txt", dir, bad), __WASI_ERRNO_ILSEQ);
  EXPECT_ERRNO(__wasi_path_link(dir, 0, "ok.txt", dir, bad), __WASI_ERRNO_ILSEQ);

  /* Valid non-ASCII UTF-8 is an ordinary name. */
  put_file(dir, "caf\xc3\xa9-\xe2\x82\xac.txt", "utf8");
  expect_content(dir, "caf\xc3\xa9-\xe2\x82\xac.txt", "utf8");
  return 0;
}
