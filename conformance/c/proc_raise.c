/* node:wasi differs: it answers ENOSYS for signal 0 (and delivers real signals to its own process). */
#include "common.h"

/* wasi-libc no longer declares proc_raise, so it is imported directly.
   WASI 0.2 has no signals: like wasmtime, a valid signal number is
   ENOTSUP (signal 0 is used so that a host which does deliver it does not
   kill itself), and a number outside the signal enum is EINVAL. */
__attribute__((import_module("wasi_snapshot_preview1"), import_name("proc_raise")))
extern uint16_t raw_proc_raise(uint32_t sig);

int main(void) {
  EXPECT_ERRNO(raw_proc_raise(0), __WASI_ERRNO_NOTSUP);
  EXPECT_ERRNO(raw_proc_raise(200), __WASI_ERRNO_INVAL);
  puts("still running");
  return 0;
}
