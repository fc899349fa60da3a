/** The GP's clinical summary's own words in Danish and English (fields and values come from the schemas' labels, shared words from the briefing). */
export const CLINICAL_PHRASES = {
  title: { da: 'Klinisk resumé til egen læge', en: "Clinical summary for the person's GP" },
  section_problems: { da: 'Problemliste', en: 'Problem list' },
  section_medications: { da: 'Medicin', en: 'Medications' },
  section_allergies: { da: 'Allergier', en: 'Allergies' },
  section_tests: { da: 'Infektioner, prøver og svar', en: 'Infections, tests and results' },
  section_screenings: { da: 'Screeninger og scorer', en: 'Screenings and scores' },
  section_vaccinations: { da: 'Vaccinationer', en: 'Vaccinations' },
  section_pregnancy: { da: 'Graviditet', en: 'Pregnancy' },
  section_referrals: { da: 'Henvisninger og opfølgning', en: 'Referrals and follow-up' },
  section_other: { da: 'Øvrige helbredsoplysninger', en: 'Other health information' },
  urgent: { da: 'Haster', en: 'Urgent' },
  deadlines: { da: 'Frister', en: 'Deadlines' },
  language: { da: 'Sprog og tolk', en: 'Language and interpreter' },
  household: { da: 'Husstanden', en: 'The household' },
  householdNote: {
    da: 'Kun husstandsmedlemmer, hvis samtykke dækker egen læge, er nævnt.',
    en: "Only household members whose consent covers the GP are named.",
  },
  pregnancyToday: { da: 'Graviditetsuge i dag ({date})', en: 'Week of pregnancy today ({date})' },
  pregnancyWeek: { da: 'uge {weeks}', en: 'week {weeks}' },
  noFindings: { da: 'Vurderet uden fund', en: 'Assessed, nothing found' },
  notAssessed: { da: 'Ikke vurderet', en: 'Not assessed' },
  resultTask: {
    da: 'Resultatet af den helbredsmæssige vurdering sendes tilbage med resultatskemaet på personens side i tjenesten.',
    en: "The result of the health assessment is returned with the result form on the person's page in the service.",
  },
} as const satisfies Record<string, Record<'da' | 'en', string>>;

export type ClinicalPhrase = keyof typeof CLINICAL_PHRASES;
