/* path_filestat_get on a symlink: without SYMLINK_FOLLOW it describes the
   link (filetype SYMBOLIC_LINK, size = length of the target), with it the
   target; a dangling link is ENOENT only when followed. */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  __wasi_filestat_t link = stat_at(dir, "link", 0);
  EXPECT_EQ_U64(link.filetype, __WASI_FILETYPE_SYMBOLIC_LINK);
  EXPECT_EQ_U64(link.size, strlen("data.txt"));

  __wasi_filestat_t target = stat_at(dir, "link", 1);
  __wasi_filestat_t direct = stat_at(dir, "data.txt", 0);
  EXPECT_EQ_U64(target.filetype, __WASI_FILETYPE_REGULAR_FILE);
  EXPECT_EQ_U64(target.size, 11);
  EXPECT_EQ_U64(target.ino, direct.ino);
  if (link.ino == direct.ino) FAIL("the link and its target share an inode");

  __wasi_filestat_t dl = stat_at(dir, "dirlink", 0);
  EXPECT_EQ_U64(dl.filetype, __WASI_FILETYPE_SYMBOLIC_LINK);
  __wasi_filestat_t dt = stat_at(dir, "dirlink", 1);
  EXPECT_EQ_U64(dt.filetype, __WASI_FILETYPE_DIRECTORY);

  __wasi_filestat_t dang = stat_at(dir, "dangling", 0);
  EXPECT_EQ_U64(dang.filetype, __WASI_FILETYPE_SYMBOLIC_LINK);
  __wasi_filestat_t st;
  EXPECT_ERRNO(__wasi_path_filestat_get(dir, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "dangling", &st), __WASI_ERRNO_NOENT);

  /* A symlink in the middle of a path is always followed. */
  __wasi_filestat_t inner = stat_at(dir, "dirlink/inner.txt", 0);
  EXPECT_EQ_U64(inner.filetype, __WASI_FILETYPE_REGULAR_FILE);
  EXPECT_EQ_U64(inner.size, 2);
  return 0;
}
