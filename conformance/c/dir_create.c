/* path_create_directory creates nested directories and ignores one trailing
   slash; an existing directory, file or symlink is EEXIST, a missing parent
   ENOENT, a file as parent ENOTDIR. */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  EXPECT_OK(__wasi_path_create_directory(dir, "new"));
  EXPECT_OK(__wasi_path_create_directory(dir, "new/inner"));
  EXPECT_OK(__wasi_path_create_directory(dir, "slash/"));
  EXPECT_EQ_U64(stat_at(dir, "new/inner", 0).filetype, __WASI_FILETYPE_DIRECTORY);
  EXPECT_EQ_U64(stat_at(dir, "slash", 0).filetype, __WASI_FILETYPE_DIRECTORY);

  EXPECT_ERRNO(__wasi_path_create_directory(dir, "new"), __WASI_ERRNO_EXIST);
  EXPECT_ERRNO(__wasi_path_create_directory(dir, "old"), __WASI_ERRNO_EXIST);
  EXPECT_ERRNO(__wasi_path_create_directory(dir, "file.txt"), __WASI_ERRNO_EXIST);
  EXPECT_ERRNO(__wasi_path_create_directory(dir, "link"), __WASI_ERRNO_EXIST);
  EXPECT_ERRNO(__wasi_path_create_directory(dir, "missing/x"), __WASI_ERRNO_NOENT);
  EXPECT_ERRNO(__wasi_path_create_directory(dir, "file.txt/x"), __WASI_ERRNO_NOTDIR);
  return 0;
}
