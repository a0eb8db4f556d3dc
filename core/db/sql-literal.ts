/** A text value written into SQL as a literal, for the few statements that cannot take parameters (COPY). */
export function lit(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
