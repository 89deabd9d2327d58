/* The browser example: counts the lines, words and bytes of every file in
   /docs, as wc does, pausing a moment between files (a real sleep, which a
   page can only do by suspending the module), prints a table and writes it
   to /out/counts.csv. */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

struct counts { long lines, words, bytes; };

static struct counts count(FILE *f) {
  struct counts c = {0, 0, 0};
  int in_word = 0;
  for (int ch; (ch = fgetc(f)) != EOF;) {
    c.bytes++;
    if (ch == '\n') c.lines++;
    if (isspace(ch)) in_word = 0;
    else if (!in_word) { in_word = 1; c.words++; }
  }
  return c;
}

int main(void) {
  DIR *d = opendir("/docs");
  if (!d) { perror("/docs"); return 1; }
  mkdir("/out", 0755);
  FILE *csv = fopen("/out/counts.csv", "w");
  if (!csv) { perror("/out/counts.csv"); return 1; }
  fprintf(csv, "file,lines,words,bytes\n");
  printf("%-20s %7s %7s %7s\n", "file", "lines", "words", "bytes");
  struct counts total = {0, 0, 0};
  struct timespec pause = {0, 150 * 1000 * 1000};
  for (struct dirent *e; (e = readdir(d));) {
    if (e->d_name[0] == '.') continue;
    char path[512];
    snprintf(path, sizeof path, "/docs/%s", e->d_name);
    FILE *f = fopen(path, "r");
    if (!f) { perror(path); continue; }
    struct counts c = count(f);
    fclose(f);
    printf("%-20s %7ld %7ld %7ld\n", e->d_name, c.lines, c.words, c.bytes);
    fflush(stdout);
    fprintf(csv, "%s,%ld,%ld,%ld\n", e->d_name, c.lines, c.words, c.bytes);
    total.lines += c.lines; total.words += c.words; total.bytes += c.bytes;
    nanosleep(&pause, NULL);
  }
  closedir(d);
  printf("%-20s %7ld %7ld %7ld\n", "total", total.lines, total.words, total.bytes);
  fclose(csv);
  return 0;
}
