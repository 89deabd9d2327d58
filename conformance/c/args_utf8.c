#include "common.h"

/* Arguments are passed as UTF-8 bytes, unchanged (no normalisation), and
   sizes count bytes, not characters. */
int main(int argc, char **argv) {
  EXPECT_EQ_U64(argc, 5);
  EXPECT_STR(argv[1], "h\xc3\xa9llo");
  EXPECT_STR(argv[2], "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e");
  EXPECT_STR(argv[3], "\xf0\x9f\x8e\x89");
  EXPECT_STR(argv[4], "e\xcc\x81");
  __wasi_size_t count, size;
  EXPECT_OK(__wasi_args_sizes_get(&count, &size));
  EXPECT_EQ_U64(size, strlen("args_utf8.wasm") + 1 + 7 + 10 + 5 + 4);
  return 0;
}
