// Cleaning a login process's terminal output: escape sequences removed, `\r` redraws applied,
// QR codes drawn with background colours turned into `##` art.

/** A C0 or C1 control character (Unicode category Cc). */
function isControl(c) {
  const cp = c.codePointAt(0);
  return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

/** Walks `text`, calling `onText(char)` for printable text and `onSgr(params)` for colours. */
function walk(text, onText, onSgr) {
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === '\x1b') {
      const next = chars[i + 1];
      if (next === '[') {
        // CSI: parameters, then one final byte in @..~.
        let j = i + 2;
        while (j < chars.length && !(chars[j] >= '@' && chars[j] <= '~')) j++;
        if (j < chars.length && chars[j] === 'm') onSgr(chars.slice(i + 2, j).join(''));
        i = j;
      } else if (next !== undefined && ']PX^_'.includes(next)) {
        // A string sequence (title, hyperlink): up to BEL or ESC \.
        let j = i + 2;
        while (j < chars.length && chars[j] !== '\x07' && chars[j] !== '\x1b') j++;
        if (chars[j] === '\x1b' && chars[j + 1] === '\\') j++;
        i = j;
      } else if (next !== undefined && '()*+#%'.includes(next)) {
        i += 2;
      } else if (next !== undefined) {
        i += 1;
      }
    } else if (c === '\n' || c === '\r' || c === '\t') {
      onText(c);
    } else if (!isControl(c)) {
      onText(c);
    }
  }
}

/** `text` without escape sequences or control characters (newlines, `\r` and tabs stay). */
export function stripAnsi(text) {
  let out = '';
  walk(text, (c) => { out += c; }, () => {});
  return out;
}

function background(params, current) {
  let bg = current;
  const codes = params.split(/[;:]/).map((p) => Number.parseInt(p, 10) || 0);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c === 0 || c === 49) bg = 'default';
    else if (c === 40) bg = 'dark';
    else if (c === 47 || c === 107) bg = 'light';
    else if (c === 48 && codes[i + 1] === 5) {
      const n = codes[i + 2];
      bg = n === 0 || n === 16 ? 'dark' : n === 7 || n === 15 || n === 231 ? 'light' : 'default';
      i += 2;
    } else if (c === 48 && codes[i + 1] === 2) {
      const rgb = codes.slice(i + 2, i + 5).reduce((a, b) => a + b, 0);
      bg = rgb < 3 * 64 ? 'dark' : 'light';
      i += 4;
    } else if ((c === 38 || c === 58) && codes[i + 1] === 5) i += 2;
    else if ((c === 38 || c === 58) && codes[i + 1] === 2) i += 4;
  }
  return bg;
}

/** What the terminal would show: escapes removed, dark-background cells as `#`, `\r` redraws
 *  applied (the text after a line's last `\r` wins). */
export function cleanTerminalText(text) {
  let out = '';
  let bg = 'default';
  let dark = '';
  const flush = () => {
    out += dark.length > 0 && /^ +$/.test(dark) ? '#'.repeat(dark.length) : dark;
    dark = '';
  };
  walk(
    text,
    (c) => {
      if (bg === 'dark') dark += c;
      else out += c;
    },
    (params) => {
      const next = background(params, bg);
      if (next !== bg) {
        flush();
        bg = next;
      }
    },
  );
  flush();
  return out
    .split('\n')
    .map((line) => {
      const l = line.endsWith('\r') ? line.slice(0, -1) : line;
      const parts = l.split('\r');
      return parts[parts.length - 1];
    })
    .join('\n');
}
