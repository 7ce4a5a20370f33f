declare module 'openclaw:buddy/analyzer@0.1.0' {
  export function diff(oldJson: string, newJson: string): Array<Change>;
  export function analyze(evidence: Evidence): string;
  /**
   * One difference between two JSON documents.
   */
  export interface Change {
    /**
     * JSON pointer of the changed value.
     */
    path: string,
    /**
     * `added`, `removed` or `changed`.
     */
    kind: string,
    /**
     * Previous value as JSON text (secrets masked), absent for additions.
     */
    oldJson?: string,
    /**
     * New value as JSON text (secrets masked), absent for removals.
     */
    newJson?: string,
  }
  /**
   * What the host saw and did during one heal.
   */
  export interface Evidence {
    trigger: string,
    observations: Array<string>,
    actions: Array<string>,
    outcome: string,
    oldConfig?: string,
    newConfig?: string,
  }
}
