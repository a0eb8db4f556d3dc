/** What the demo workspace holds once built (counts per canonical table). */
export interface DemoSummary {
  seed: number;
  tables: Record<string, number>;
  notes: string[];
}
