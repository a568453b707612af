/** One non-blank line of NDJSON text with its 1-based line number in the whole input. */
export interface NdjsonLine {
  line: number;
  text: string;
}

export interface LineSplitter {
  /** Feeds the next piece of text; returns the lines it completed (blank lines are skipped). */
  push(chunk: string): NdjsonLine[];
  /** Ends the input; returns the last line when it had no newline. The splitter is done after. */
  end(): NdjsonLine[];
}

const NOT_BLANK = /\S/;

/**
 * Splits text that arrives in chunks (a Node read stream with utf8 encoding, a browser
 * ReadableStream through TextDecoderStream, a worker's slices) into lines, in constant memory
 * beyond the longest line. Handles LF and CRLF (also when CR and LF land in different chunks), a
 * byte-order mark at the start, blank lines (skipped, but counted, so line numbers match an
 * editor's) and a last line without a newline. Decoding bytes to text is the caller's job.
 */
export function createLineSplitter(): LineSplitter {
  // Text of the line in progress, kept as pieces so a very long line is joined once, not per chunk.
  let pending: string[] = [];
  let lineNo = 0;
  let atStart = true;
  let ended = false;

  function emit(raw: string, out: NdjsonLine[]): void {
    lineNo++;
    const text = raw.length > 0 && raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
    if (text.length > 0 && NOT_BLANK.test(text)) out.push({ line: lineNo, text });
  }

  return {
    push(chunk) {
      if (ended) throw new Error('push() after end()');
      if (chunk.length === 0) return [];
      if (atStart) {
        atStart = false;
        if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      }
      const out: NdjsonLine[] = [];
      let start = 0;
      let nl = chunk.indexOf('\n');
      if (nl === -1) {
        pending.push(chunk);
        return out;
      }
      if (pending.length) {
        pending.push(chunk.slice(0, nl));
        emit(pending.join(''), out);
        pending = [];
      } else {
        emit(chunk.slice(0, nl), out);
      }
      start = nl + 1;
      while ((nl = chunk.indexOf('\n', start)) !== -1) {
        emit(chunk.slice(start, nl), out);
        start = nl + 1;
      }
      if (start < chunk.length) pending.push(chunk.slice(start));
      return out;
    },
    end() {
      if (ended) return [];
      ended = true;
      const out: NdjsonLine[] = [];
      if (pending.length) {
        emit(pending.join(''), out);
        pending = [];
      }
      return out;
    },
  };
}

/** All non-blank lines of a whole text (same rules as the streaming splitter). */
export function splitLines(text: string): NdjsonLine[] {
  const splitter = createLineSplitter();
  return [...splitter.push(text), ...splitter.end()];
}
