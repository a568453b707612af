import { SNOMED } from './systems';
import type { Concept } from './types';

/**
 * Common procedures (SNOMED CT procedure concepts), for Procedure.code and ServiceRequest.code.
 * `kind` picks the ServiceRequest category (SNOMED CT: 387713003 surgical, 363679005 imaging,
 * 103693007 diagnostic procedure).
 */
export interface ProcedureConcept extends Concept {
  kind: 'surgical' | 'imaging' | 'diagnostic' | 'therapeutic';
}

function procedure(code: string, display: string, kind: ProcedureConcept['kind'], synonyms: string[]): ProcedureConcept {
  return { system: SNOMED, code, display, kind, synonyms };
}

export const PROCEDURES: readonly ProcedureConcept[] = [
  procedure('80146002', 'Appendectomy', 'surgical', ['appendectomy', 'appendicectomy', 'removal of appendix']),
  procedure('38102005', 'Cholecystectomy', 'surgical', ['cholecystectomy', 'gallbladder removal']),
  procedure('173422009', 'Tonsillectomy', 'surgical', ['tonsillectomy']),
  procedure('609588000', 'Total knee replacement', 'surgical', ['total knee replacement', 'total knee arthroplasty', 'knee replacement', 'tka']),
  procedure('52734007', 'Total replacement of hip', 'surgical', ['total hip replacement', 'total hip arthroplasty', 'hip replacement', 'tha']),
  procedure('11466000', 'Cesarean section', 'surgical', ['cesarean section', 'caesarean section', 'c-section', 'c section']),
  procedure('232717009', 'Coronary artery bypass grafting', 'surgical', ['coronary artery bypass grafting', 'coronary artery bypass graft', 'coronary bypass', 'cabg']),
  procedure('236886002', 'Hysterectomy', 'surgical', ['hysterectomy']),
  procedure('22523008', 'Vasectomy', 'surgical', ['vasectomy']),
  procedure('73761001', 'Colonoscopy', 'diagnostic', ['colonoscopy']),
  procedure('29303009', 'Electrocardiographic procedure', 'diagnostic', ['electrocardiogram', 'electrocardiography', 'ecg', 'ekg']),
  procedure('40701008', 'Echocardiography', 'imaging', ['echocardiogram', 'echocardiography', 'echo']),
  procedure('127783003', 'Spirometry', 'diagnostic', ['spirometry', 'pulmonary function test', 'pft']),
  procedure('277762005', 'Lumbar puncture', 'diagnostic', ['lumbar puncture', 'spinal tap']),
  procedure('71651007', 'Mammography', 'imaging', ['mammography', 'mammogram']),
  procedure('399208008', 'Plain X-ray of chest', 'imaging', ['chest x-ray', 'chest xray', 'chest x ray', 'chest radiograph', 'cxr']),
  procedure('302497006', 'Hemodialysis', 'therapeutic', ['hemodialysis', 'haemodialysis', 'dialysis']),
];
