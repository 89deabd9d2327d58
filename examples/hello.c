/* The bundled example: greets, lists its preopened directory, and reads a file from it. */
#include <dirent.h>
#include <stdio.h>

int main(int argc, char **argv) {
  printf("Hello from a preview1 module running on WASI 0.2 (%d argument%s)\n", argc - 1, argc == 2 ? "" : "s");
  FILE *f = fopen("/greeting.txt", "r");
  if (f) {
    char line[256];
    if (fgets(line, sizeof line, f)) printf("/greeting.txt says: %s", line);
    fclose(f);
  }
  DIR *d = opendir("/");
  if (!d) return 1;
  int n = 0;
  for (struct dirent *e; (e = readdir(d));) n++;
  closedir(d);
  printf("/ holds %d entries\n", n);
  return 0;
}
