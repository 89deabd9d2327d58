/* A file unlinked, or a directory removed, while an fd still holds it
   (wasmtime's p1_dangling_fd): the name is free at once for a new file or
   directory, and the old fd goes on reading the old file's content. */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  __wasi_fd_t old = must_open(dir, "file", 0, RIGHTS_RO, 0);
  EXPECT_OK(__wasi_path_unlink_file(dir, "file"));
  __wasi_fd_t fresh;
  EXPECT_OK(__wasi_path_open(dir, 0, "file", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL, RIGHTS_RW, 0, 0, &fresh));
  write_str(fresh, "new");
  EXPECT_OK(__wasi_fd_close(fresh));
  char buf[16];
  buf[read_str(old, buf, sizeof buf)] = 0;
  EXPECT_STR(buf, "old content");
  __wasi_filestat_t st;
  EXPECT_OK(__wasi_fd_filestat_get(old, &st));
  EXPECT_EQ_U64(st.nlink, 0);
  EXPECT_OK(__wasi_fd_close(old));

  EXPECT_OK(__wasi_path_create_directory(dir, "subdir"));
  __wasi_fd_t sub = must_open(dir, "subdir", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READDIR | __WASI_RIGHTS_FD_FILESTAT_GET, 0);
  EXPECT_OK(__wasi_path_remove_directory(dir, "subdir"));
  EXPECT_OK(__wasi_path_create_directory(dir, "subdir"));
  EXPECT_OK(__wasi_fd_filestat_get(sub, &st));
  EXPECT_EQ_U64(st.filetype, __WASI_FILETYPE_DIRECTORY);
  EXPECT_OK(__wasi_fd_close(sub));
  return 0;
}
