import { host } from './host.js';
export function log(level, message) { host.logs.push([level, message]); }
