#include "common.h"

/* Returning from main is an exit with main's value (libc's _start passes
   it to proc_exit). */
int main(void) {
  puts("returning 9");
  return 9;
}
