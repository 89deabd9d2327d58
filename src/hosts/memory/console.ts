/**
 * stdout or stderr for the console, line by line: the browser entry's
 * default. Bytes are decoded as UTF-8 across writes; each complete line is
 * printed as it ends, and a line left unfinished is printed at the next turn
 * of the event loop, so a prompt without a newline still shows.
 */
export function consoleLines(print: (line: string) => void): (bytes: Uint8Array) => void {
  const decoder = new TextDecoder();
  let pending = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = (): void => {
    timer = undefined;
    if (pending === '') return;
    print(pending);
    pending = '';
  };
  return (bytes) => {
    const lines = (pending + decoder.decode(bytes, { stream: true })).split('\n');
    pending = lines.pop()!;
    for (const line of lines) print(line);
    if (pending !== '' && timer === undefined) timer = setTimeout(flush, 0);
  };
}
