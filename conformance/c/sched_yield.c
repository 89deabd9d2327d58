#include "common.h"
#include <sched.h>

/* sched_yield always succeeds, raw and through libc, however often. */
int main(void) {
  for (int i = 0; i < 1000; i++) EXPECT_OK(__wasi_sched_yield());
  CHECK(sched_yield() == 0);
  puts("ok");
  return 0;
}
