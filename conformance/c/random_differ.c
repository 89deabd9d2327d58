#include "common.h"

/* Two consecutive calls give different bytes, and so do 100 small calls. */
int main(void) {
  uint8_t a[32], b[32];
  EXPECT_OK(__wasi_random_get(a, sizeof a));
  EXPECT_OK(__wasi_random_get(b, sizeof b));
  if (memcmp(a, b, sizeof a) == 0) FAIL("two random_get calls returned the same 32 bytes");
  uint64_t vals[100];
  for (int i = 0; i < 100; i++) {
    EXPECT_OK(__wasi_random_get((uint8_t *)&vals[i], sizeof vals[i]));
    for (int j = 0; j < i; j++)
      if (vals[i] == vals[j]) FAIL("random 64-bit values %d and %d are equal", i, j);
  }
  return 0;
}
