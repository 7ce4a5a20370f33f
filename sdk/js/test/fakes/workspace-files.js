import { guard } from './host.js';
export function read(agent, name) { guard('workspace'); return `${agent}/${name}`; }
export function write() { guard('workspace'); }
