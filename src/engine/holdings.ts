import type { CatalogueGraph } from '../graph/index.js';
import { credentialOf } from '../graph/index.js';

/** A credential the learner reports holding, with its award date. */
export interface HeldCredential {
  credential: string;
  awardedOn: string;
  expiresOn?: string | undefined;
}

export type DroppedReason = 'unknown' | 'lapsed' | 'expired' | 'not-yet-awarded';

export interface DroppedHolding {
  holding: HeldCredential;
  reason: DroppedReason;
  /** A sentence a person can read. */
  detail: string;
}

export interface HoldingsCheck {
  valid: HeldCredential[];
  dropped: DroppedHolding[];
}

/** `YYYY-MM-DD` plus whole months, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * Engine step 1: keeps the holdings that count on `asOf` and reports each one dropped with
 * its reason: an id the catalogue does not know, a credential whose validity period ran out
 * (`awardedOn + validityMonths < asOf`), an explicit expiry date passed, or an award date in
 * the future. Duplicates of one credential keep the most recent award.
 */
export function checkHoldings(
  graph: CatalogueGraph,
  holdings: readonly HeldCredential[],
  asOf: string,
): HoldingsCheck {
  const valid = new Map<string, HeldCredential>();
  const dropped: DroppedHolding[] = [];
  for (const holding of holdings) {
    const credential = credentialOf(graph, holding.credential);
    if (!credential) {
      dropped.push({
        holding,
        reason: 'unknown',
        detail: `"${holding.credential}" is not in the catalogue`,
      });
      continue;
    }
    if (holding.awardedOn > asOf) {
      dropped.push({
        holding,
        reason: 'not-yet-awarded',
        detail: `${credential.title} is dated ${holding.awardedOn}, after ${asOf}`,
      });
      continue;
    }
    if (credential.validityMonths !== undefined) {
      const lapses = addMonths(holding.awardedOn, credential.validityMonths);
      if (lapses < asOf) {
        dropped.push({
          holding,
          reason: 'lapsed',
          detail: `${credential.title} (awarded ${holding.awardedOn}) is valid for ${credential.validityMonths} months and lapsed on ${lapses}`,
        });
        continue;
      }
    }
    if (holding.expiresOn !== undefined && holding.expiresOn < asOf) {
      dropped.push({
        holding,
        reason: 'expired',
        detail: `${credential.title} expired on ${holding.expiresOn}`,
      });
      continue;
    }
    const previous = valid.get(holding.credential);
    if (!previous || previous.awardedOn < holding.awardedOn) valid.set(holding.credential, holding);
  }
  return { valid: [...valid.values()], dropped };
}
