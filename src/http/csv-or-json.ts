/** A report as CSV or JSON: ?format= (checked against its described values by the binder) wins, else the Accept header. */
import type { Request } from 'express';

export function wantsCsv(format: string | undefined, req: Request): boolean {
  return format === 'csv' || (format === undefined && req.accepts(['application/json', 'text/csv']) === 'text/csv');
}
