#include "common.h"

/* args_get fills exactly the buffer args_sizes_get announced: pointers in
   order, each string NUL-terminated and packed one after the other, and
   not a byte written past the announced size. Empty strings, spaces and
   '=' survive as they are. */
int main(void) {
  __wasi_size_t count, size;
  EXPECT_OK(__wasi_args_sizes_get(&count, &size));
  EXPECT_EQ_U64(count, 6);
  uint8_t **argv = calloc(count + 1, sizeof *argv);
  uint8_t *buf = malloc(size + 16);
  memset(buf, 0xAA, size + 16);
  argv[count] = (uint8_t *)0x1234;
  EXPECT_OK(__wasi_args_get(argv, buf));
  if (argv[count] != (uint8_t *)0x1234) FAIL("args_get wrote past argv[count-1]");
  for (int i = 0; i < 16; i++)
    if (buf[size + i] != 0xAA) FAIL("args_get wrote byte %d past the announced size %lu", i, size);
  const char *want[] = {"args_sizes.wasm", "one", "", "two words", "k=v", "last"};
  uint8_t *next = buf;
  for (__wasi_size_t i = 0; i < count; i++) {
    if (argv[i] != next) FAIL("argv[%lu] does not follow argv[%lu]", i, i - 1);
    EXPECT_STR((char *)argv[i], want[i]);
    next += strlen(want[i]) + 1;
  }
  EXPECT_EQ_U64(next - buf, size);
  puts("ok");
  return 0;
}
