/**
 * Where a JSON text stops being JSON. JSON.parse's messages differ between engines and (in
 * Node 20) often give no position, so on the error path only we walk the text with a small
 * grammar check of our own to point at the line and column of the first error.
 */
export interface JsonErrorPosition {
  /** 0-based offset of the first character that is not valid JSON (text length when it ends early). */
  offset: number;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
}

export function findJsonError(text: string): JsonErrorPosition | undefined {
  const offset = errorOffset(text);
  if (offset === undefined) return undefined;
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { offset, line, column: offset - lineStart + 1 };
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING_CHUNK = /[^"\\\u0000-\u001F]*/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

/** An explicit stack, not recursion, so deeply nested input cannot overflow the call stack. */
function errorOffset(text: string): number | undefined {
  let i = 0;
  const n = text.length;
  const stack: Array<'object' | 'array'> = [];
  const skipWs = () => {
    while (i < n && WS.has(text.charCodeAt(i))) i++;
  };
  const string = (): boolean => {
    if (text[i] !== '"') return false;
    i++;
    for (;;) {
      STRING_CHUNK.lastIndex = i;
      STRING_CHUNK.exec(text);
      i = STRING_CHUNK.lastIndex;
      if (text[i] === '"') {
        i++;
        return true;
      }
      if (text[i] !== '\\') return false;
      ESCAPE.lastIndex = i;
      if (!ESCAPE.test(text)) return false;
      i = ESCAPE.lastIndex;
    }
  };

  // expect: 'value' (a value must come), or after a value inside a container: ',' or the closer.
  skipWs();
  for (;;) {
    // parse a value
    skipWs();
    const c = text[i];
    if (c === '{') {
      i++;
      skipWs();
      if (text[i] === '}') {
        i++;
      } else {
        if (!string()) return i;
        skipWs();
        if (text[i] !== ':') return i;
        i++;
        stack.push('object');
        continue;
      }
    } else if (c === '[') {
      i++;
      skipWs();
      if (text[i] === ']') {
        i++;
      } else {
        stack.push('array');
        continue;
      }
    } else if (c === '"') {
      if (!string()) return i;
    } else if (text.startsWith('true', i)) i += 4;
    else if (text.startsWith('false', i)) i += 5;
    else if (text.startsWith('null', i)) i += 4;
    else {
      NUMBER.lastIndex = i;
      if (!NUMBER.test(text)) return i;
      i = NUMBER.lastIndex;
    }
    // after a value: close containers or move to the next member
    for (;;) {
      skipWs();
      const top = stack[stack.length - 1];
      if (top === undefined) return i < n ? i : undefined;
      if (text[i] === ',') {
        i++;
        if (top === 'object') {
          skipWs();
          if (!string()) return i;
          skipWs();
          if (text[i] !== ':') return i;
          i++;
        }
        break;
      }
      if ((top === 'object' && text[i] === '}') || (top === 'array' && text[i] === ']')) {
        i++;
        stack.pop();
        continue;
      }
      return i;
    }
  }
}
