/**
 * Decodes a CurricularAnalytics file: UTF-8 when the bytes are valid UTF-8 (a byte-order
 * mark is dropped), Mac Roman otherwise (files saved by Excel for Mac). Mac Roman maps every
 * byte, so decoding never fails; UTF-8 is tried first because it is strict and far more common.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'macintosh' } {
  let text: string;
  let encoding: 'utf-8' | 'macintosh' = 'utf-8';
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    text = new TextDecoder('macintosh').decode(bytes);
    encoding = 'macintosh';
  }
  return { text: text.startsWith('\uFEFF') ? text.slice(1) : text, encoding };
}
