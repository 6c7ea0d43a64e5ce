/**
 * A JSON reader for hand-written interchange files that reports positions as people look for
 * them (line:column) and is explicit about what it tolerates:
 *
 * - several top-level documents one after the other, separated by white space only
 *   (concatenated JSON, as in several CTDL samples): every document is returned;
 * - a trailing comma before `]` or `}`: tolerated, with a warning naming its position.
 *
 * Anything else JSON.parse rejects is rejected here too, with the line and column of the first
 * offending character: a missing comma, a comma between top-level documents, comments,
 * unquoted names, single quotes, an unterminated string or document. A byte-order mark is
 * skipped. Arrays and objects nested more than MAX_JSON_NESTING levels deep are rejected at
 * the first one too deep (the reader descends recursively; no interchange file nests so).
 */

export const MAX_JSON_NESTING = 512;

export interface JsonPosition {
  line: number;
  column: number;
}

export interface JsonWarning extends JsonPosition {
  message: string;
}

export type JsonReadResult =
  { ok: true; documents: unknown[]; warnings: JsonWarning[] } | { ok: false; error: JsonWarning };

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Line and column (both from 1) of an offset into text. */
export function positionOf(text: string, offset: number): JsonPosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

export function readJson(text: string): JsonReadResult {
  const trailing: number[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let nesting = 0;

  const describe = (at: number) => (at >= text.length ? 'end of input' : JSON.stringify(text[at]));
  const fail = (message: string, at = i): never => {
    throw new JsonSyntaxError(message, at);
  };
  const skipSpace = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const expect = (ch: string, what: string) => {
    if (text[i] !== ch) fail(`expected ${what} but found ${describe(i)}`);
    i++;
  };

  const rejectComment = () => {
    if (text[i] === '/' && (text[i + 1] === '/' || text[i + 1] === '*'))
      fail('comments are not allowed in JSON');
  };

  const parseString = (): string => {
    const start = i;
    i++; // opening quote
    while (i < text.length) {
      const c = text[i]!;
      if (c === '"') {
        i++;
        return JSON.parse(text.slice(start, i)) as string;
      }
      if (c === '\\') i += 2;
      else if (c < ' ') fail('control character or line break inside a string');
      else i++;
    }
    return fail('string is not closed', start);
  };

  const parseNumber = (): number => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!match) return fail(`unexpected ${describe(i)}`);
    i += match[0].length;
    return Number(match[0]);
  };

  const parseValue = (): unknown => {
    skipSpace();
    const c = text[i];
    if (c === '{' || c === '[') {
      if (++nesting > MAX_JSON_NESTING)
        fail(`arrays and objects nested more than ${MAX_JSON_NESTING} levels deep`);
      const value = c === '{' ? parseObject() : parseArray();
      nesting--;
      return value;
    }
    if (c === '"') return parseString();
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const)
      if (text.startsWith(word, i)) {
        i += word.length;
        return value;
      }
    rejectComment();
    if (c === "'") fail('strings must use double quotes');
    return parseNumber();
  };

  const parseObject = (): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    i++;
    skipSpace();
    if (text[i] === '}') {
      i++;
      return out;
    }
    for (;;) {
      skipSpace();
      rejectComment();
      if (text[i] !== '"') fail(`expected a property name in double quotes, found ${describe(i)}`);
      const key = parseString();
      skipSpace();
      expect(':', '":" after a property name');
      out[key] = parseValue();
      skipSpace();
      if (text[i] === ',') {
        const comma = i;
        i++;
        skipSpace();
        if (text[i] === '}') {
          trailing.push(comma);
          i++;
          return out;
        }
        continue;
      }
      if (text[i] === '}') {
        i++;
        return out;
      }
      fail(`expected "," or "}" after a property value, found ${describe(i)}`);
    }
  };

  const parseArray = (): unknown[] => {
    const out: unknown[] = [];
    i++;
    skipSpace();
    if (text[i] === ']') {
      i++;
      return out;
    }
    for (;;) {
      out.push(parseValue());
      skipSpace();
      if (text[i] === ',') {
        const comma = i;
        i++;
        skipSpace();
        if (text[i] === ']') {
          trailing.push(comma);
          i++;
          return out;
        }
        continue;
      }
      if (text[i] === ']') {
        i++;
        return out;
      }
      fail(`expected "," or "]" after an array element, found ${describe(i)}`);
    }
  };

  try {
    const documents: unknown[] = [];
    skipSpace();
    if (i >= text.length) fail('the file is empty');
    while (i < text.length) {
      documents.push(parseValue());
      skipSpace();
      if (text[i] === ',')
        fail('a comma between top-level documents (concatenated documents take white space only)');
    }
    return {
      ok: true,
      documents,
      warnings: trailing
        .sort((a, b) => a - b)
        .map((at) => ({
          ...positionOf(text, at),
          message: 'trailing comma ignored',
        })),
    };
  } catch (err) {
    if (!(err instanceof JsonSyntaxError)) throw err;
    return { ok: false, error: { ...positionOf(text, err.offset), message: err.message } };
  }
}

/** Bytes as text: UTF-8 (a byte-order mark is dropped); invalid UTF-8 is an error. */
export function decodeUtf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
}
