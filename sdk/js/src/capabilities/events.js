// `events`: operator-visible entries in Buddy's audit log. Grant: `events = true`.
import { emit as witEmit } from 'openclaw:buddy/events@0.1.0';
import { call } from '../result.js';

export const events = {
  /** Records `{ action, target, status = 'success', detail = '' }`. */
  emit: ({ action, target = '', status = 'success', detail = '' }) =>
    call(() => witEmit({ action, target, status, detail: typeof detail === 'string' ? detail : JSON.stringify(detail) })),
};
