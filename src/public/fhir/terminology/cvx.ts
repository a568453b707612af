import { CVX } from './systems';
import type { Concept } from './types';

/**
 * CDC CVX vaccine codes. Where a request does not say which product ("a flu shot"), the CVX
 * "unspecified formulation" code is the honest answer; named products get their own code.
 */
function vaccine(code: string, display: string, synonyms: string[]): Concept {
  return { system: CVX, code, display, synonyms };
}

export const VACCINES: readonly Concept[] = [
  vaccine('88', 'influenza, unspecified formulation', ['influenza vaccine', 'influenza vaccination', 'influenza immunization', 'influenza shot', 'flu vaccine', 'flu vaccination', 'flu shot', 'flu jab', 'flu immunization']),
  vaccine('208', 'COVID-19, mRNA, LNP-S, PF, 30 mcg/0.3 mL dose', ['pfizer covid-19 vaccine', 'pfizer covid vaccine', 'pfizer-biontech covid-19 vaccine', 'pfizer covid-19 shot', 'pfizer covid shot', 'comirnaty']),
  vaccine('207', 'COVID-19, mRNA, LNP-S, PF, 100 mcg/0.5mL dose', ['moderna covid-19 vaccine', 'moderna covid vaccine', 'moderna covid-19 shot', 'moderna covid shot', 'spikevax']),
  vaccine('213', 'SARS-COV-2 (COVID-19) vaccine, UNSPECIFIED FORMULATION', ['covid-19 vaccine', 'covid vaccine', 'covid-19 vaccination', 'covid vaccination', 'covid-19 shot', 'covid shot', 'covid booster', 'covid-19 booster', 'sars-cov-2 vaccine']),
  vaccine('115', 'Tdap', ['tdap vaccine', 'tdap']),
  vaccine('20', 'DTaP', ['dtap vaccine', 'dtap']),
  vaccine('03', 'MMR', ['mmr vaccine', 'mmr', 'measles mumps rubella vaccine', 'measles, mumps and rubella vaccine']),
  vaccine('21', 'varicella', ['varicella vaccine', 'chickenpox vaccine', 'chicken pox vaccine', 'varivax']),
  vaccine('10', 'IPV', ['ipv', 'polio vaccine', 'inactivated polio vaccine']),
  vaccine('45', 'Hep B, unspecified formulation', ['hepatitis b vaccine', 'hep b vaccine', 'hepb vaccine', 'hepatitis b vaccination']),
  vaccine('85', 'Hep A, unspecified formulation', ['hepatitis a vaccine', 'hep a vaccine', 'hepa vaccine', 'hepatitis a vaccination']),
  vaccine('165', 'HPV9', ['hpv vaccine', 'gardasil 9', 'gardasil', 'hpv9', 'human papillomavirus vaccine']),
  vaccine('133', 'Pneumococcal conjugate PCV 13', ['pcv13', 'prevnar 13', 'pneumococcal conjugate vaccine']),
  vaccine('33', 'pneumococcal polysaccharide PPV23', ['ppsv23', 'ppv23', 'pneumovax', 'pneumococcal polysaccharide vaccine']),
  vaccine('187', 'zoster recombinant', ['shingrix', 'shingles vaccine', 'zoster vaccine', 'recombinant zoster vaccine']),
];
