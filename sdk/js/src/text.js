// Text helpers shared by the capabilities and the channel helpers; no WIT imports.

/** The first JSON object or array in `text`, skipping log lines before it; `undefined` if none. */
export function extractJson(text) {
  let offset = 0;
  for (const line of text.split(/(?<=\n)/)) {
    const trimmed = line.trimStart();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      const start = offset + (line.length - trimmed.length);
      const value = firstValue(text.slice(start));
      if (value !== undefined) return value;
    }
    offset += line.length;
  }
  return undefined;
}

/** Parses the JSON value at the start of `text`, ignoring what follows it. */
function firstValue(text) {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) {
        try {
          return JSON.parse(text.slice(0, i + 1));
        } catch {
          return undefined;
        }
      }
    }
  }
  return undefined;
}

function clip(text) {
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}

/** OpenClaw's reason for a failed command: its JSON error, a `Reason:` line, stderr, stdout. */
export function cliErrorMessage({ status, stdout, stderr }) {
  const envelope = extractJson(stdout);
  const fromEnvelope = envelope?.error?.message;
  if (typeof fromEnvelope === 'string' && fromEnvelope.trim()) return clip(fromEnvelope.trim());
  for (const line of stderr.split('\n')) {
    const at = line.indexOf('Reason:');
    if (at >= 0 && line.slice(at + 7).trim()) return clip(line.slice(at + 7).trim());
  }
  for (const text of [stderr.trim(), stdout.trim()]) if (text) return clip(text);
  return `openclaw exited with status ${status}`;
}

// ComponentizeJS's engine has no Unicode property escapes (`\p{...}` is a syntax error there):
// letters and digits are recognised by code point instead.
const NOT_ALNUM = [
  [0x00, 0x2f], [0x3a, 0x40], [0x5b, 0x60], [0x7b, 0xa9], [0xab, 0xb1], [0xb4, 0xb4], [0xb6, 0xb8],
  [0xbb, 0xbb], [0xbf, 0xbf], [0xd7, 0xd7], [0xf7, 0xf7], [0x2000, 0x2bff], [0x2e00, 0x2e7f],
  [0x3000, 0x3004], [0x3008, 0x3020], [0x3030, 0x3030], [0xfe30, 0xfe4f], [0xff00, 0xff0f],
  [0xff1a, 0xff20], [0xff3b, 0xff40], [0xff5b, 0xff65], [0xfff0, 0xffff], [0x1f000, 0x1faff],
];

/** Whether a character is a letter or a digit (any script; punctuation, symbols, box drawing,
 *  emoji and spaces are not). */
export function isAlnum(c) {
  const cp = c.codePointAt(0);
  if (/\s/.test(c)) return false;
  return !NOT_ALNUM.some(([lo, hi]) => cp >= lo && cp <= hi);
}

/** Whether `text` holds at least one letter or digit. */
export function hasAlnum(text) {
  for (const c of text) if (isAlnum(c)) return true;
  return false;
}

const SECRET_WORDS = ['token', 'secret', 'password', 'passwd', 'apikey'];
const CHANNEL_SECRET_WORDS = ['cookie', 'cookies', 'credential', 'credentials', 'passphrase'];

/** The lower-case words of a key: `botToken` -> bot, token; `OPENAI_API_KEY` -> openai, api, key. */
export function words(key) {
  const out = [];
  let word = '';
  const chars = [...key];
  const isUpper = (c) => c !== undefined && c !== c.toLowerCase() && c === c.toUpperCase();
  const isLower = (c) => c !== undefined && c !== c.toUpperCase() && c === c.toLowerCase();
  const isDigit = (c) => c !== undefined && c >= '0' && c <= '9';
  chars.forEach((c, i) => {
    if (!isAlnum(c)) {
      if (word) out.push(word);
      word = '';
      return;
    }
    const prev = chars[i - 1];
    const next = chars[i + 1];
    const hump = isUpper(c) && (isLower(prev) || isDigit(prev) || (isUpper(prev) && isLower(next)));
    if (hump && word) {
      out.push(word);
      word = '';
    }
    word += c.toLowerCase();
  });
  if (word) out.push(word);
  return out;
}

/** Whether a key names a secret: `token`, `secret`, `password`, `apikey`, or a last word `key`. */
export function isSecretKey(key) {
  const w = words(key);
  return w.some((x) => SECRET_WORDS.includes(x)) || w[w.length - 1] === 'key';
}

/** `isSecretKey`, plus `cookie`, `credential` and `passphrase`: what channel configs hold. */
export function isChannelSecretKey(key) {
  return isSecretKey(key) || words(key).some((x) => CHANNEL_SECRET_WORDS.includes(x));
}

/** A copy of `value` with the value of every key `isSecret` accepts replaced by `"***"`. */
export function maskWhere(value, isSecret) {
  if (Array.isArray(value)) return value.map((v) => maskWhere(v, isSecret));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, isSecret(k) && v !== null ? '***' : maskWhere(v, isSecret)]),
    );
  }
  return value;
}

/** Masks the values of secret-looking keys (`isSecretKey`). */
export const maskSecrets = (value) => maskWhere(value, isSecretKey);
/** Masks the values of keys a channel config keeps secret (`isChannelSecretKey`). */
export const redact = (value) => maskWhere(value, isChannelSecretKey);
