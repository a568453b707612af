// Types for the part of @lhncbc/ucum-lhc (plain JS, no typings) that the quality checks use.
declare module '@lhncbc/ucum-lhc' {
  export interface UcumValidation {
    status: 'valid' | 'invalid' | 'error';
    ucumCode: string | null;
    msg: string[];
  }
  export interface UcumConversion {
    status: 'succeeded' | 'failed' | 'error';
    toVal: number | null;
    msg: string[];
  }
  export interface UcumUtils {
    validateUnitString(unit: string, suggest?: boolean, valConv?: string): UcumValidation;
    convertUnitTo(fromUnitCode: string, fromVal: number, toUnitCode: string, options?: Record<string, unknown>): UcumConversion;
  }
  export const UcumLhcUtils: { getInstance(): UcumUtils };
}
