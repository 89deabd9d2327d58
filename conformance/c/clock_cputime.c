/* node:wasi differs: it implements the cputime clocks through the host. */
#include "common.h"

/* WASI 0.2 has no CPU-time clocks; like wasmtime, the process and thread
   cputime clocks answer EBADF for both resolution and time. */
int main(void) {
  __wasi_clockid_t ids[] = {__WASI_CLOCKID_PROCESS_CPUTIME_ID, __WASI_CLOCKID_THREAD_CPUTIME_ID};
  for (int i = 0; i < 2; i++) {
    __wasi_timestamp_t t = 0;
    EXPECT_ERRNO(__wasi_clock_res_get(ids[i], &t), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_clock_time_get(ids[i], 1, &t), __WASI_ERRNO_BADF);
  }
  return 0;
}
