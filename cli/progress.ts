/**
 * A one-line progress bar on stderr (only when stderr is a terminal, so logs and pipes stay
 * clean): bytes read of the total when known, resources scanned, resources per second.
 */
export interface Progress {
  update(bytesRead: number, resources: number, label: string): void;
  done(): void;
}

export function createProgress(stream: NodeJS.WriteStream, totalBytes: number | undefined, enabled: boolean): Progress {
  if (!enabled) return { update() {}, done() {} };
  const started = Date.now();
  let last = 0;
  let drawn = false;
  return {
    update(bytesRead, resources, label) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      const seconds = Math.max(0.001, (now - started) / 1000);
      const rate = Math.round(resources / seconds).toLocaleString('en-US');
      const width = stream.columns || 80;
      let bar = '';
      if (totalBytes) {
        const share = Math.min(1, bytesRead / totalBytes);
        const cells = 20;
        const full = Math.round(share * cells);
        bar = `${String(Math.floor(share * 100)).padStart(3)}% [${'#'.repeat(full)}${'-'.repeat(cells - full)}] ${mb(bytesRead)}/${mb(totalBytes)} MB  `;
      } else {
        bar = `${mb(bytesRead)} MB  `;
      }
      const line = `${bar}${resources.toLocaleString('en-US')} resources  ${rate}/s  ${label}`;
      stream.write(`\r\u001b[K${line.length > width - 1 ? line.slice(0, width - 2) + '…' : line}`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\u001b[K');
    },
  };
}

function mb(bytes: number): string {
  return (bytes / 1_048_576).toFixed(1);
}
