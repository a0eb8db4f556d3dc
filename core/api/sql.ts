export type SqlValue = string | number | boolean | null | SqlValue[] | { [key: string]: SqlValue };

export interface SqlResult {
  columns: { name: string; dataTypeId: number }[];
  rows: Record<string, SqlValue>[];
  rowCount: number;
}
