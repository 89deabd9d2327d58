/* path_link makes a second name for the same file: same inode, nlink 2 on
   both, writes through one visible through the other; unlinking one name
   leaves the other with nlink 1. */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  EXPECT_OK(__wasi_path_link(dir, 0, "orig.txt", dir, "sub/copy.txt"));
  __wasi_filestat_t a = stat_at(dir, "orig.txt", 0), b = stat_at(dir, "sub/copy.txt", 0);
  EXPECT_EQ_U64(a.ino, b.ino);
  EXPECT_EQ_U64(a.nlink, 2);
  EXPECT_EQ_U64(b.nlink, 2);

  __wasi_fd_t fd = must_open(dir, "sub/copy.txt", 0, RIGHTS_RW, __WASI_FDFLAGS_APPEND);
  write_str(fd, "+more");
  __wasi_filestat_t viafd;
  EXPECT_OK(__wasi_fd_filestat_get(fd, &viafd));
  EXPECT_EQ_U64(viafd.nlink, 2);
  EXPECT_OK(__wasi_fd_close(fd));
  expect_content(dir, "orig.txt", "data+more");

  EXPECT_OK(__wasi_path_link(dir, 0, "orig.txt", dir, "third.txt"));
  EXPECT_EQ_U64(stat_at(dir, "orig.txt", 0).nlink, 3);
  EXPECT_OK(__wasi_path_unlink_file(dir, "orig.txt"));
  EXPECT_EQ_U64(stat_at(dir, "third.txt", 0).nlink, 2);
  EXPECT_OK(__wasi_path_unlink_file(dir, "third.txt"));
  EXPECT_EQ_U64(stat_at(dir, "sub/copy.txt", 0).nlink, 1);
  return 0;
}
