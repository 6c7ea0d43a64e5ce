/**
 * A minimal Open Badges 3.0 credential from SMTU, awarded on 2026-01-15, for tests that send
 * credentials to the API.
 */
export const openBadge = (id: string, achievement: { id: string; name: string }) => ({
  '@context': [
    'https://www.w3.org/ns/credentials/v2',
    'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
  ],
  id,
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  issuer: { id: 'https://smtu.example', type: ['Profile'], name: 'SMTU' },
  validFrom: '2026-01-15T00:00:00Z',
  credentialSubject: {
    type: ['AchievementSubject'],
    achievement: { type: ['Achievement'], ...achievement },
  },
});
