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

/** Decodes UTF-8 bytes [start, end) of `bytes` to text (a byte-order mark in the range is kept). */
export type Utf8Decode = (bytes: Uint8Array, start: number, end: number) => string;

let sharedDecoder: TextDecoder | undefined;
const textDecode: Utf8Decode = (bytes, start, end) => (sharedDecoder ??= new TextDecoder('utf-8', { ignoreBOM: true })).decode(bytes.subarray(start, end));

export interface ByteLineSplitter {
  /** Feeds the next bytes; calls onLine for each line they complete (blank lines are skipped). */
  push(chunk: Uint8Array): void;
  /** Ends the input (the last line may have no newline). The splitter is done after. */
  end(): void;
}

/**
 * The line splitter for UTF-8 bytes (a file read in chunks): the same lines, line numbers and rules
 * as createLineSplitter on the decoded text, but each line is decoded on its own. That keeps lines
 * of plain ASCII as one-byte strings even when other lines of the file have non-ASCII characters
 * (decoding whole chunks makes every line of such a chunk a two-byte string, which JSON.parse reads
 * more slowly), and it copies no text to split it. Splitting on the byte 0x0A is splitting on "\n":
 * that byte never occurs inside a multi-byte UTF-8 sequence, and a decoder resynchronizes at it.
 * `decode` defaults to TextDecoder; Node callers may pass Buffer's faster decoder.
 */
export function createByteLineSplitter(onLine: (line: number, text: string) => void, decode: Utf8Decode = textDecode): ByteLineSplitter {
  // Bytes of the line in progress, kept as pieces so a very long line is joined once, not per chunk.
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let lineNo = 0;
  let ended = false;

  function emit(bytes: Uint8Array, start: number, end: number): void {
    lineNo++;
    // The byte-order mark at the very start of the input (the first line's start) is not data.
    if (lineNo === 1 && end - start >= 3 && bytes[start] === 0xef && bytes[start + 1] === 0xbb && bytes[start + 2] === 0xbf) start += 3;
    if (end > start && bytes[end - 1] === 13 /* \r */) end--;
    if (end <= start) return;
    const text = decode(bytes, start, end);
    if (NOT_BLANK.test(text)) onLine(lineNo, text);
  }

  function joinPending(chunk: Uint8Array, end: number): Uint8Array {
    const joined = new Uint8Array(pendingBytes + end);
    let at = 0;
    for (const piece of pending) {
      joined.set(piece, at);
      at += piece.length;
    }
    joined.set(chunk.subarray(0, end), at);
    pending = [];
    pendingBytes = 0;
    return joined;
  }

  return {
    push(chunk) {
      if (ended) throw new Error('push() after end()');
      if (chunk.length === 0) return;
      let nl = chunk.indexOf(10);
      if (nl === -1) {
        pending.push(chunk);
        pendingBytes += chunk.length;
        return;
      }
      if (pendingBytes > 0) {
        const line = joinPending(chunk, nl);
        emit(line, 0, line.length);
      } else {
        pending = [];
        emit(chunk, 0, nl);
      }
      let start = nl + 1;
      while ((nl = chunk.indexOf(10, start)) !== -1) {
        emit(chunk, start, nl);
        start = nl + 1;
      }
      if (start < chunk.length) {
        pending.push(chunk.subarray(start));
        pendingBytes += chunk.length - start;
      }
    },
    end() {
      if (ended) return;
      ended = true;
      if (pendingBytes > 0) {
        const line = joinPending(new Uint8Array(0), 0);
        emit(line, 0, line.length);
      }
    },
  };
}
