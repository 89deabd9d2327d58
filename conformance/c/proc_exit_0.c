#include "common.h"

/* exit(0) flushes stdio, then proc_exit(0) ends the module: the
   code is the exit status, output written before survives, and nothing
   after the call runs. */
int main(void) {
  printf("stdout before exit\n");
  fprintf(stderr, "stderr before exit\n");
  exit(0);
  FAIL("exit returned");
}
