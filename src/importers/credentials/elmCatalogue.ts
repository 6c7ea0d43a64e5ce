import type { CatalogueDocumentInput, CredentialKind } from '../../model/index.js';
import { isObj, many, normalize, num, text, type Json, type Obj } from '../jsonld.js';

/**
 * A European Learning Model (ELM 3) credential read as a catalogue entry rather than as a
 * learner's holding: the specification of its (first) claim becomes a credential, its
 * awarding body a provider, its learning outcomes catalogue outcomes. Only what the catalogue
 * holds is read; no personal data. Used to check a published micro-credential against the
 * EU standard (src/analytics/quality) with the same rules as the catalogue's own.
 */
export interface ElmCatalogueEntry {
  document: CatalogueDocumentInput;
  /** What could not be read as the catalogue needs it, in words. */
  problems: string[];
}

// EU Publications Office country authority codes (ISO 3166-1 alpha-3) of the countries that
// take part in Europass, to the alpha-2 codes the model uses.
const COUNTRY: Record<string, string> = {
  AUT: 'AT',
  BEL: 'BE',
  BGR: 'BG',
  HRV: 'HR',
  CYP: 'CY',
  CZE: 'CZ',
  DNK: 'DK',
  EST: 'EE',
  FIN: 'FI',
  FRA: 'FR',
  DEU: 'DE',
  GRC: 'GR',
  HUN: 'HU',
  IRL: 'IE',
  ITA: 'IT',
  LVA: 'LV',
  LTU: 'LT',
  LUX: 'LU',
  MLT: 'MT',
  NLD: 'NL',
  POL: 'PL',
  PRT: 'PT',
  ROU: 'RO',
  SVK: 'SK',
  SVN: 'SI',
  ESP: 'ES',
  SWE: 'SE',
  ISL: 'IS',
  LIE: 'LI',
  NOR: 'NO',
  CHE: 'CH',
  MKD: 'MK',
  SRB: 'RS',
  TUR: 'TR',
  ALB: 'AL',
  MNE: 'ME',
  BIH: 'BA',
  UKR: 'UA',
  MDA: 'MD',
  GBR: 'GB',
};

const idOf = (node: Obj | undefined) =>
  node === undefined ? undefined : (text(node['@id']) ?? text(node.id));
const first = (v: Json | undefined): Obj | undefined => many(v).find(isObj);
const label = (concept: Json | undefined) => text(first(concept)?.prefLabel);

/** Hours of an ISO 8601 duration of hours (`PT60H`); other durations are not a workload. */
function hoursOf(duration: Json | undefined): number | undefined {
  const m = /^PT(\d+(?:\.\d+)?)H$/.exec(text(duration) ?? '');
  return m ? Number(m[1]) : undefined;
}

export function elmCatalogueEntry(
  credential: unknown,
  kind: CredentialKind = 'micro-credential',
): ElmCatalogueEntry {
  const vc = normalize(credential);
  const problems: string[] = [];
  const subject = isObj(vc) ? first(vc.credentialSubject) : undefined;
  const claim = first(subject?.hasClaim);
  const spec = first(claim?.specifiedBy);
  const specId = idOf(spec);
  if (!claim || !spec || specId === undefined)
    return {
      document: {},
      problems: ['credentialSubject.hasClaim has no specification (specifiedBy) with an id'],
    };

  const body = first(first(claim.awardedBy)?.awardingBody);
  const bodyId = idOf(body);
  const countryCode = idOf(first(first(first(body?.location)?.address)?.countryCode));
  const alpha3 = countryCode?.replace(/^.*\//, '');
  const country = alpha3 === undefined ? undefined : COUNTRY[alpha3];
  if (alpha3 !== undefined && country === undefined)
    problems.push(`awarding body country "${alpha3}" is not a Europass country code: left out`);
  const accreditation = first(spec.accreditation) ?? first(body?.accreditation);

  const credit = first(spec.creditPoint);
  const framework = label(credit?.framework);
  const ects = framework === undefined || /ects|european credit transfer/i.test(framework);
  if (credit && !ects) problems.push(`credit points in "${framework}" are not ECTS: credits 0`);
  const eqf = /\/eqf\/([1-8])$/.exec(idOf(first(spec.eqfLevel)) ?? '');
  const outcomes = many(spec.learningOutcome)
    .filter(isObj)
    .flatMap((lo) => {
      const id = idOf(lo);
      const statement = text(lo.title) ?? text(lo.description);
      return id !== undefined && statement !== undefined ? [{ id, statement }] : [];
    });
  const assessment = first(claim.provenBy);
  const assessmentType = text(first(assessment?.specifiedBy)?.title) ?? text(assessment?.title);
  const hours = hoursOf(spec.volumeOfLearning);
  const title = text(spec.title) ?? text(claim.title);

  const optional = <K extends string, V>(key: K, value: V | undefined) =>
    (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;
  return {
    problems,
    document: {
      providers:
        bodyId === undefined
          ? []
          : [
              {
                id: bodyId,
                name: text(body?.legalName) ?? text(body?.prefLabel) ?? bodyId,
                ...optional('country', country),
                ...optional('qualityAssured', accreditation ? true : undefined),
              },
            ],
      learningOutcomes: outcomes,
      credentials: [
        {
          id: specId,
          title: title ?? '',
          kind,
          credits: credit && ects ? (num(credit.point) ?? 0) : 0,
          learningOutcomes: outcomes.map((lo) => lo.id),
          ...optional('provider', bodyId),
          ...optional('country', country),
          ...optional('hours', hours),
          ...optional('eqfLevel', eqf ? Number(eqf[1]) : undefined),
          ...optional('nqfLevel', label(spec.nqfLevel)),
          ...optional('assessment', assessmentType),
          ...optional('participation', label(spec.mode)),
          ...optional(
            'qualityAssurance',
            accreditation ? (text(accreditation.title) ?? label(accreditation.dcType)) : undefined,
          ),
        },
      ],
    },
  };
}
