#include "common.h"

/* random_get fills buffers of any size (0, 1, 4 KiB, 1 MiB) completely and
   touches nothing around them; 1 MiB of output is not all zero and uses
   every byte value. */
static int fill_check(size_t len) {
  uint8_t *mem = malloc(len + 32);
  memset(mem, 0x5A, len + 32);
  EXPECT_OK(__wasi_random_get(mem + 16, len));
  for (int i = 0; i < 16; i++)
    if (mem[i] != 0x5A || mem[len + 16 + i] != 0x5A) FAIL("random_get(%zu) wrote outside its buffer", len);
  int seen[256] = {0}, distinct = 0;
  for (size_t i = 0; i < len; i++) if (!seen[mem[16 + i]]++) distinct++;
  free(mem);
  return distinct;
}
int main(void) {
  fill_check(0);
  fill_check(1);
  if (fill_check(4096) < 200) FAIL("4 KiB of random bytes use fewer than 200 byte values");
  if (fill_check(1 << 20) != 256) FAIL("1 MiB of random bytes does not use all 256 byte values");
  return 0;
}
