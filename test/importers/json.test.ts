/** The JSON reader importers share: what it tolerates, what it rejects, and where. */
import { decodeUtf8, readJson } from '../../src/importers/json.js';

describe('readJson', () => {
  it('reads one document like JSON.parse', () => {
    const text = '{"a": [1, 2.5e1, -0, "x\\n\\u00e9"], "b": {"c": null, "d": true}}';
    expect(readJson(text)).toEqual({ ok: true, documents: [JSON.parse(text)], warnings: [] });
  });

  it('returns every document of a concatenated file (white space between them)', () => {
    const r = readJson('{"a": 1}\n\n{"b": 2}  [3]');
    expect(r).toEqual({ ok: true, documents: [{ a: 1 }, { b: 2 }, [3]], warnings: [] });
  });

  it('tolerates trailing commas and says where each one was', () => {
    const r = readJson('{\n  "a": [1, 2,],\n  "b": {"c": 3,},\n}');
    expect(r.ok && r.documents).toEqual([{ a: [1, 2], b: { c: 3 } }]);
    expect(r.ok && r.warnings).toEqual([
      { line: 2, column: 13, message: 'trailing comma ignored' },
      { line: 3, column: 15, message: 'trailing comma ignored' },
      { line: 3, column: 17, message: 'trailing comma ignored' },
    ]);
  });

  it.each([
    ['a missing comma', '{\n  "a": 1\n  "b": 2\n}', 3, 3, /expected "," or "}"/],
    ['a missing comma in an array', '["a"\n "b"]', 2, 2, /expected "," or "]"/],
    ['a comma between documents', '{"a": 1},\n{"b": 2}', 1, 9, /comma between top-level/],
    ['two commas', '{"a": 1,, "b": 2}', 1, 9, /property name/],
    ['a comment', '{\n  // note\n  "a": 1}', 2, 3, /comments are not allowed/],
    ['single quotes', "{'a': 1}", 1, 2, /property name in double quotes/],
    ['an unclosed string', '{"a": "b}', 1, 7, /not closed/],
    ['an unclosed object', '{"a": 1', 1, 8, /end of input/],
    ['an empty file', '  \n', 2, 1, /empty/],
    ['a bare word', '{"a": yes}', 1, 7, /unexpected "y"/],
  ])('rejects %s with its line and column', (_name, text, line, column, message) => {
    const r = readJson(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ line, column });
    expect(r.error.message).toMatch(message);
  });

  it('skips a byte-order mark and refuses bytes that are not UTF-8', () => {
    const bom = Uint8Array.from([0xef, 0xbb, 0xbf, ...Buffer.from('{"a":1}')]);
    expect(readJson(decodeUtf8(bom))).toMatchObject({ ok: true, documents: [{ a: 1 }] });
    expect(() => decodeUtf8(Uint8Array.from([0x7b, 0xff, 0x7d]))).toThrow();
  });
});
