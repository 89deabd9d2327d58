/* A path whose bytes contain NUL cannot name a file: EINVAL on Unix
   (wasmtime's own tests expect it). wasi-libc never passes such a path, so
   the raw import with an explicit length is used. node:wasi truncates at
   the NUL and opens the file. */
#include "common.h"
#include <stdint.h>

__attribute__((import_module("wasi_snapshot_preview1"), import_name("path_open")))
int32_t raw_path_open(int32_t fd, int32_t dirflags, int32_t path, int32_t path_len, int32_t oflags,
                      int64_t rights, int64_t inheriting, int32_t fdflags, int32_t out);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("path_create_directory")))
int32_t raw_path_create_directory(int32_t fd, int32_t path, int32_t path_len);

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  static const char path[] = "f.txt\0";
  static const char dirpath[] = "d\0x";
  __wasi_fd_t out;
  int32_t e = raw_path_open(dir, 0, (int32_t)(uintptr_t)path, 6, 0, RIGHTS_RO, RIGHTS_RO, 0, (int32_t)(uintptr_t)&out);
  if (e != __WASI_ERRNO_INVAL) FAIL("path_open(\"f.txt\\0\") = %d, expected EINVAL", e);
  e = raw_path_create_directory(dir, (int32_t)(uintptr_t)dirpath, 3);
  if (e != __WASI_ERRNO_INVAL) FAIL("path_create_directory(\"d\\0x\") = %d, expected EINVAL", e);
  if (exists(dir, "d")) FAIL("a directory was created from a path with NUL");
  return 0;
}
