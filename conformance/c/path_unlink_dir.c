/* path_unlink_file never removes a directory, empty or not, with or without
   a trailing slash or a final ".": EISDIR, as unlink(2) on Linux answers, and
   the directory stays. The preopen itself (".") is EISDIR too. A symlink to a
   directory is unlinked as a link. Deno's node:fs unlink removes an empty
   directory; the node host does not rely on the runtime to refuse. */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  const char *dirs[] = {"empty", "empty/", "empty//", "empty/.", "./empty", "full", "full/", "full/nested",
                        "full/nested/", "full/../empty", "."};
  for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
    __wasi_errno_t e = __wasi_path_unlink_file(dir, dirs[i]);
    if (e != __WASI_ERRNO_ISDIR) FAIL("path_unlink_file(\"%s\") = %d, expected EISDIR", dirs[i], e);
  }
  EXPECT_EQ_U64(stat_at(dir, "empty", 0).filetype, __WASI_FILETYPE_DIRECTORY);
  EXPECT_EQ_U64(stat_at(dir, "full/nested", 0).filetype, __WASI_FILETYPE_DIRECTORY);

  EXPECT_OK(__wasi_path_unlink_file(dir, "dirlink"));
  EXPECT_EQ_U64(stat_at(dir, "empty", 0).filetype, __WASI_FILETYPE_DIRECTORY);

  /* What path_unlink_file refused, path_remove_directory removes. */
  EXPECT_OK(__wasi_path_remove_directory(dir, "full/nested"));
  return 0;
}
