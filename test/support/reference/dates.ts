/**
 * Calendar arithmetic for the reference, written from docs/engine-semantics.md ("month
 * arithmetic clamps to the month's last day"). Dates are `YYYY-MM-DD` strings with four-digit
 * years, so they compare correctly as strings.
 */

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  const lengths = [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return lengths[month - 1]!;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** `date` plus `months` whole months; a day past the end of the new month becomes its last day. */
export function plusMonths(date: string, months: number): string {
  const parts = date.split('-').map((p) => Number(p));
  let year = parts[0]!;
  let month = parts[1]!;
  const day = parts[2]!;
  for (let i = 0; i < months; i++) {
    month++;
    if (month === 13) {
      month = 1;
      year++;
    }
  }
  const clamped = Math.min(day, daysInMonth(year, month));
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(clamped, 2)}`;
}
