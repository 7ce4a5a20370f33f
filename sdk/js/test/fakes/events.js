import { guard, host } from './host.js';
export function emit(event) { guard('events'); host.events.push(event); }
