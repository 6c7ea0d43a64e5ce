/**
 * CTDL scheduled offerings (ceterms:hasOffering → ceterms:ScheduledOffering) mapped onto
 * credential offerings (docs/import-ctdl.md): one-time, recurring and continual offers with
 * their dates, durations, delivery and language; what cannot be mapped is said, by node.
 */
import { mapCtdl } from '../../src/importers/ctdl/map.js';
import { durationOf } from '../../src/importers/ctdl/offerings.js';
import { parseCatalogue } from '../../src/model/index.js';

const course = (offers: object[]) => ({
  '@graph': [
    {
      '@id': 'urn:x:course',
      '@type': 'ceterms:Course',
      'ceterms:name': 'Welding I',
      'ceterms:hasOffering': offers.map((o) => (o as { '@id': string })['@id']),
    },
    ...offers,
  ],
});

describe('CTDL scheduled offerings', () => {
  it('maps one-time, recurring and continual offers with duration, delivery and language', () => {
    const { document, warnings } = mapCtdl(
      [
        course([
          {
            '@id': 'urn:x:fall-2027',
            '@type': 'ceterms:ScheduledOffering',
            'ceterms:offerFrequencyType': {
              '@type': 'ceterms:CredentialAlignmentObject',
              'ceterms:targetNode': 'offerFrequency:Recurring',
            },
            'ceterms:startDate': '2027-08-23',
            'ceterms:endDate': '2030-12-31',
            'ceterms:estimatedDuration': [
              { '@type': 'ceterms:DurationProfile', 'ceterms:exactDuration': 'P16W' },
            ],
            'ceterms:deliveryType': ['deliveryType:InPerson'],
            'ceterms:inLanguage': ['en-US'],
          },
          {
            '@id': 'urn:x:summer',
            '@type': 'ceterms:ScheduledOffering',
            'ceterms:offerFrequencyType': 'offerFrequency:OneTime',
            'ceterms:startDate': '2027-06-07T00:00:00',
            'ceterms:estimatedDuration': { 'ceterms:exactDuration': 'P2M' },
            'ceterms:deliveryType': 'deliveryType:BlendedDelivery',
          },
          {
            '@id': 'urn:x:online',
            '@type': 'ceterms:ScheduledOffering',
            'ceterms:offerFrequencyType': 'offerFrequency:Continual',
            'ceterms:deliveryType': 'deliveryType:OnlineOnly',
            'ceterms:estimatedDuration': { 'ceterms:exactDuration': 'PT40H' },
          },
          {
            '@id': 'urn:x:someday',
            '@type': 'ceterms:ScheduledOffering',
            'ceterms:offerFrequencyType': 'offerFrequency:Recurring',
            'ceterms:availableAt': 'Main campus',
          },
        ]),
      ],
      'x.json',
    );
    expect(document.credentials![0]!.offerings).toEqual([
      {
        id: 'urn:x:fall-2027',
        intakes: ['08-23'],
        from: '2027-08-23',
        until: '2030-12-31',
        durationWeeks: 16,
        mode: 'in-person',
        language: 'en',
        open: true,
      },
      {
        id: 'urn:x:summer',
        startDate: '2027-06-07',
        durationMonths: 2,
        mode: 'blended',
        open: true,
      },
      { id: 'urn:x:online', anyTime: true, mode: 'online', open: true },
    ]);
    expect(parseCatalogue(document).ok).toBe(true);
    const said = warnings.map((w) => `${w.node}: ${w.message}`);
    expect(said).toContain(
      'urn:x:someday: ScheduledOffering: a recurring offering without a startDate: intakes unknown: not mapped',
    );
    expect(said).toContain(
      'urn:x:online: ScheduledOffering: estimatedDuration PT40H is not in weeks, months or years: default assumed',
    );
    expect(said.some((w) => w.includes('availableAt'))).toBe(true);
  });

  it('reads ISO 8601 durations in weeks or months, and nothing else', () => {
    expect(durationOf('P12W')).toEqual({ durationWeeks: 12 });
    expect(durationOf('P1Y6M')).toEqual({ durationMonths: 18 });
    expect(durationOf('P10D')).toEqual({ durationWeeks: 2 });
    expect(durationOf('PT3H')).toEqual({});
    expect(durationOf('P')).toEqual({});
  });
});
