// `workspace`: an agent's workspace files (SOUL.md, IDENTITY.md...). Grant: `workspace_files`.
import * as wit from 'openclaw:buddy/workspace-files@0.1.0';
import { call } from '../result.js';

export const workspace = {
  read: (agentId, name) => call(() => wit.read(agentId, name)),
  write: (agentId, name, content) => call(() => wit.write(agentId, name, content)),
};
