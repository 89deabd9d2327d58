#include "common.h"

/* 200 arguments plus one of 32 KiB: no limit on count or length. */
int main(int argc, char **argv) {
  EXPECT_EQ_U64(argc, 202);
  char want[32];
  for (int i = 1; i <= 200; i++) {
    snprintf(want, sizeof want, "arg%03d", i);
    EXPECT_STR(argv[i], want);
  }
  EXPECT_EQ_U64(strlen(argv[201]), 32768);
  for (int i = 0; i < 32768; i++)
    if (argv[201][i] != 'a' + i % 26) FAIL("long argument differs at byte %d", i);
  __wasi_size_t count, size;
  EXPECT_OK(__wasi_args_sizes_get(&count, &size));
  EXPECT_EQ_U64(count, 202);
  EXPECT_EQ_U64(size, strlen("args_many.wasm") + 1 + 200 * 7 + 32769);
  return 0;
}
