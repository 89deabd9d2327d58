/* fd_seek with each whence (SET, CUR, END), including positions beyond end
   of file, and the returned new offset. */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  __wasi_fd_t fd = must_open(dir, "ten.txt", 0, RIGHTS_RW, 0);
  __wasi_filesize_t pos;
  char buf[8];

  EXPECT_OK(__wasi_fd_seek(fd, 4, __WASI_WHENCE_SET, &pos));
  EXPECT_EQ_U64(pos, 4);
  read_str(fd, buf, 3);
  EXPECT_STR(buf, "45");

  EXPECT_OK(__wasi_fd_seek(fd, 2, __WASI_WHENCE_CUR, &pos));
  EXPECT_EQ_U64(pos, 8);
  EXPECT_OK(__wasi_fd_seek(fd, -5, __WASI_WHENCE_CUR, &pos));
  EXPECT_EQ_U64(pos, 3);
  EXPECT_OK(__wasi_fd_seek(fd, 0, __WASI_WHENCE_CUR, &pos));
  EXPECT_EQ_U64(pos, 3);
  read_str(fd, buf, 2);
  EXPECT_STR(buf, "3");

  EXPECT_OK(__wasi_fd_seek(fd, 0, __WASI_WHENCE_END, &pos));
  EXPECT_EQ_U64(pos, 10);
  EXPECT_OK(__wasi_fd_seek(fd, -1, __WASI_WHENCE_END, &pos));
  EXPECT_EQ_U64(pos, 9);
  read_str(fd, buf, 8);
  EXPECT_STR(buf, "9");

  /* Beyond end of file is a valid position; reading there gives 0 bytes. */
  EXPECT_OK(__wasi_fd_seek(fd, 5, __WASI_WHENCE_END, &pos));
  EXPECT_EQ_U64(pos, 15);
  EXPECT_EQ_U64(read_str(fd, buf, 8), 0);
  EXPECT_OK(__wasi_fd_seek(fd, 1000, __WASI_WHENCE_SET, &pos));
  EXPECT_EQ_U64(pos, 1000);
  EXPECT_OK(__wasi_fd_tell(fd, &pos));
  EXPECT_EQ_U64(pos, 1000);

  /* Seeking does not change the file. */
  __wasi_filestat_t st;
  EXPECT_OK(__wasi_fd_filestat_get(fd, &st));
  EXPECT_EQ_U64(st.size, 10);
  EXPECT_OK(__wasi_fd_close(fd));
  return 0;
}
