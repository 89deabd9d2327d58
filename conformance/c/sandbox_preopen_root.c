/* A path that names a preopen's own root ("", ".", "./.", "d/..", "d/../",
   and the same through another fd for that directory: one opened as ".",
   or the preopen renumbered) is never renamed, removed, unlinked or made
   the target of a link, whatever the host would allow. The errnos are
   wasmtime's: cap-std turns a final ".." into "." and the kernel answers
   rename EBUSY, rmdir EINVAL, unlink EISDIR, link target EEXIST, link
   source EPERM; an empty path is ENOENT. The tree is unchanged after.
   node:wasi renames the preopen itself away (path_rename(a, ".", ...) = 0). */
#include "common.h"

static const char *const ROOTS[] = {".", "./.", "d/..", "d/../", "d/./.."};
#define NROOTS (sizeof ROOTS / sizeof ROOTS[0])

/* Every refusal, from directory fd `root`, with `other` as the second directory. */
static void refuse_all(__wasi_fd_t root, __wasi_fd_t other, int empty_dir) {
  for (size_t i = 0; i < NROOTS; i++) {
    const char *p = ROOTS[i];
    EXPECT_ERRNO(__wasi_path_rename(root, p, other, "moved"), __WASI_ERRNO_BUSY);
    EXPECT_ERRNO(__wasi_path_rename(other, "keep.txt", root, p), __WASI_ERRNO_BUSY);
    EXPECT_ERRNO(__wasi_path_unlink_file(root, p), __WASI_ERRNO_ISDIR);
    EXPECT_ERRNO(__wasi_path_link(other, 0, "keep.txt", root, p), __WASI_ERRNO_EXIST);
    EXPECT_ERRNO(__wasi_path_link(root, 0, p, other, "hard"), __WASI_ERRNO_PERM);
    EXPECT_ERRNO(__wasi_path_symlink("keep.txt", root, p), __WASI_ERRNO_EXIST);
    if (!empty_dir) EXPECT_ERRNO(__wasi_path_remove_directory(root, p), __WASI_ERRNO_INVAL);
  }
  EXPECT_ERRNO(__wasi_path_rename(root, "", other, "moved"), __WASI_ERRNO_NOENT);
  EXPECT_ERRNO(__wasi_path_rename(other, "keep.txt", root, ""), __WASI_ERRNO_NOENT);
  EXPECT_ERRNO(__wasi_path_remove_directory(root, ""), __WASI_ERRNO_NOENT);
  EXPECT_ERRNO(__wasi_path_unlink_file(root, ""), __WASI_ERRNO_NOENT);
  EXPECT_ERRNO(__wasi_path_link(other, 0, "keep.txt", root, ""), __WASI_ERRNO_NOENT);
}

int main(void) {
  __wasi_fd_t a = preopen("/a");
  __wasi_fd_t b = preopen("/b");
  __wasi_fd_t e = preopen("/empty");
  refuse_all(a, b, 0);
  /* An empty preopen: rmdir would succeed on any other empty directory. */
  EXPECT_ERRNO(__wasi_path_remove_directory(e, "."), __WASI_ERRNO_INVAL);
  EXPECT_ERRNO(__wasi_path_remove_directory(e, "./"), __WASI_ERRNO_INVAL);
  EXPECT_ERRNO(__wasi_path_rename(e, ".", b, "moved"), __WASI_ERRNO_BUSY);

  /* The same directory through an fd opened as "." of the preopen. */
  __wasi_fd_t dot;
  __wasi_fdstat_t st;
  EXPECT_OK(__wasi_fd_fdstat_get(a, &st));
  EXPECT_OK(__wasi_path_open(a, 0, ".", __WASI_OFLAGS_DIRECTORY, st.fs_rights_base, st.fs_rights_inheriting, 0, &dot));
  refuse_all(dot, b, 0);
  EXPECT_OK(__wasi_fd_close(dot));
  __wasi_fd_t edot;
  EXPECT_OK(__wasi_path_open(e, 0, ".", __WASI_OFLAGS_DIRECTORY, st.fs_rights_base, st.fs_rights_inheriting, 0, &edot));
  EXPECT_ERRNO(__wasi_path_remove_directory(edot, "."), __WASI_ERRNO_INVAL);
  EXPECT_OK(__wasi_fd_close(edot));

  /* The preopen renumbered over another fd is still that root. */
  __wasi_fd_t moved = must_open(a, "f.txt", 0, RIGHTS_RO, 0);
  EXPECT_OK(__wasi_fd_renumber(a, moved));
  refuse_all(moved, b, 0);

  /* Entries below the root still move, so the refusals are not blanket ones. */
  EXPECT_OK(__wasi_path_rename(moved, "d", b, "d2"));
  EXPECT_OK(__wasi_path_rename(b, "d2", moved, "d"));
  return 0;
}
