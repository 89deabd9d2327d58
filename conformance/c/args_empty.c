#include "common.h"

/* With no arguments, argv holds only the program name, and the raw sizes
   agree: one entry, its bytes plus one NUL. */
int main(int argc, char **argv) {
  EXPECT_EQ_U64(argc, 1);
  EXPECT_STR(argv[0], "args_empty.wasm");
  if (argv[1] != NULL) FAIL("argv[argc] is not NULL");
  __wasi_size_t count, size;
  EXPECT_OK(__wasi_args_sizes_get(&count, &size));
  EXPECT_EQ_U64(count, 1);
  EXPECT_EQ_U64(size, strlen("args_empty.wasm") + 1);
  return 0;
}
