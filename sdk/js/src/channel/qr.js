// QR codes drawn in a terminal, and the URLs printed around them.

const MIN_QR_LINES = 5;
const MIN_DRAWN_CHARS = 6;

const isBlock = (c) => c >= '\u2580' && c <= '\u259f';

/** Whether a line is part of a QR code: only half blocks (`▀▄█`) or only `#`, with spaces. */
export function isQrArtLine(line) {
  const l = line.replace(/[\r ]+$/, '');
  const chars = [...l];
  if (chars.filter((c) => c !== ' ').length < MIN_DRAWN_CHARS) return false;
  return chars.every((c) => c === ' ' || isBlock(c)) || chars.every((c) => c === ' ' || c === '#');
}

/** Every QR code in `text` (runs of at least five art lines), in order. */
export function qrBlocks(text) {
  const blocks = [];
  let current = [];
  for (const line of [...text.split('\n'), '']) {
    if (isQrArtLine(line)) {
      current.push(line.replace(/[\r ]+$/, ''));
      continue;
    }
    if (current.length >= MIN_QR_LINES) blocks.push(current.join('\n'));
    current = [];
  }
  return blocks;
}

/** The last QR code drawn in `text`. */
export function lastQrBlock(text) {
  return qrBlocks(text).pop();
}

/** The `http://` and `https://` URLs in `text`, without trailing punctuation. */
export function findUrls(text) {
  const urls = [];
  for (const m of text.matchAll(/https?:\/\/[^\s"'<>()[\]{}`]*/g)) {
    let url = m[0];
    // Non-ASCII ends a URL as in the Rust SDK.
    const cut = url.search(/[^\x00-\x7f]/);
    if (cut >= 0) url = url.slice(0, cut);
    url = url.replace(/[.,;:!?]+$/, '');
    if (url.length > url.indexOf('://') + 3) urls.push(url);
  }
  return urls;
}
