// `log`: structured logs, tagged with the module's name by Buddy. Always allowed.
import { log as witLog } from 'openclaw:buddy/log@0.1.0';

const text = (parts) => parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(' ');

export const log = {
  trace: (...parts) => witLog('trace', text(parts)),
  debug: (...parts) => witLog('debug', text(parts)),
  info: (...parts) => witLog('info', text(parts)),
  warn: (...parts) => witLog('warn', text(parts)),
  error: (...parts) => witLog('error', text(parts)),
};
