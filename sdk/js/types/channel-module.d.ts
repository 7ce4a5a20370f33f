/// <reference path="./interfaces/openclaw-buddy-channel.d.ts" />
/// <reference path="./interfaces/openclaw-buddy-events.d.ts" />
/// <reference path="./interfaces/openclaw-buddy-http.d.ts" />
/// <reference path="./interfaces/openclaw-buddy-kv.d.ts" />
/// <reference path="./interfaces/openclaw-buddy-log.d.ts" />
/// <reference path="./interfaces/openclaw-buddy-openclaw-cli.d.ts" />
/// <reference path="./interfaces/openclaw-buddy-openclaw-config.d.ts" />
/// <reference path="./interfaces/openclaw-buddy-types.d.ts" />
declare module 'openclaw:buddy/channel-module@0.1.0' {
  export type * as OpenclawBuddyEvents010 from 'openclaw:buddy/events@0.1.0'; // import openclaw:buddy/events@0.1.0
  export type * as OpenclawBuddyHttp010 from 'openclaw:buddy/http@0.1.0'; // import openclaw:buddy/http@0.1.0
  export type * as OpenclawBuddyKv010 from 'openclaw:buddy/kv@0.1.0'; // import openclaw:buddy/kv@0.1.0
  export type * as OpenclawBuddyLog010 from 'openclaw:buddy/log@0.1.0'; // import openclaw:buddy/log@0.1.0
  export type * as OpenclawBuddyOpenclawCli010 from 'openclaw:buddy/openclaw-cli@0.1.0'; // import openclaw:buddy/openclaw-cli@0.1.0
  export type * as OpenclawBuddyOpenclawConfig010 from 'openclaw:buddy/openclaw-config@0.1.0'; // import openclaw:buddy/openclaw-config@0.1.0
  export type * as OpenclawBuddyTypes010 from 'openclaw:buddy/types@0.1.0'; // import openclaw:buddy/types@0.1.0
  export * as channel from 'openclaw:buddy/channel@0.1.0'; // export openclaw:buddy/channel@0.1.0
}
