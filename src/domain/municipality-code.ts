/** Municipality codes (kommunekoder) as callers write them. */

/** Accepts "751" and "0751" (some systems write a leading zero); anything else is not a municipality code. */
export function normaliseMunicipalityCode(code: string): string | undefined {
  const m = /^0?(\d{3})$/.exec(code);
  return m ? m[1] : undefined;
}
