/// <reference path="./interfaces/openclaw-buddy-analyzer.d.ts" />
/// <reference path="./interfaces/openclaw-buddy-log.d.ts" />
declare module 'openclaw:buddy/analyzer-module@0.1.0' {
  export type * as OpenclawBuddyLog010 from 'openclaw:buddy/log@0.1.0'; // import openclaw:buddy/log@0.1.0
  export * as analyzer from 'openclaw:buddy/analyzer@0.1.0'; // export openclaw:buddy/analyzer@0.1.0
}
