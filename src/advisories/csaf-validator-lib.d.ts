/**
 * The part of @secvisogram/csaf-validator-lib 2.0.10 that csaf-validate.ts uses: the runner (`validate.js`),
 * the schema tests and the mandatory tests. The package is JavaScript with JSDoc and ships no
 * declarations; these follow its `lib/shared/types.ts` and `lib/validate.js`.
 */
declare module "@secvisogram/csaf-validator-lib/validate.js" {
  /** One finding of a test; schema tests spread ajv's error into it, so `keyword` and `params` come too. */
  export interface CsafTestFinding {
    message: string;
    instancePath: string;
    keyword?: string;
    params?: Record<string, unknown>;
  }
  export interface CsafTestResult {
    name: string;
    isValid: boolean;
    errors: CsafTestFinding[];
    warnings: CsafTestFinding[];
    infos: CsafTestFinding[];
  }
  export type DocumentTest = (
    doc: unknown,
  ) => Partial<Omit<CsafTestResult, "name">> | Promise<Partial<Omit<CsafTestResult, "name">>>;
  /** Runs the tests one after the other; a test that throws makes the whole call reject. */
  export default function validate(
    tests: readonly DocumentTest[],
    doc: unknown,
  ): Promise<{ tests: CsafTestResult[]; isValid: boolean }>;
}

declare module "@secvisogram/csaf-validator-lib/schemaTests.js" {
  import type { DocumentTest } from "@secvisogram/csaf-validator-lib/validate.js";
  export const csaf_2_0: DocumentTest;
  export const csaf_2_0_strict: DocumentTest;
}

declare module "@secvisogram/csaf-validator-lib/mandatoryTests.js" {
  import type { DocumentTest } from "@secvisogram/csaf-validator-lib/validate.js";
  /** mandatoryTest_6_1_1 … _6_1_33, with 6.1.27 as mandatoryTest_6_1_27_1 … _11. */
  export const mandatoryTest_6_1_1: DocumentTest;
  export const mandatoryTest_6_1_2: DocumentTest;
  export const mandatoryTest_6_1_3: DocumentTest;
  export const mandatoryTest_6_1_4: DocumentTest;
  export const mandatoryTest_6_1_5: DocumentTest;
  export const mandatoryTest_6_1_6: DocumentTest;
  export const mandatoryTest_6_1_7: DocumentTest;
  export const mandatoryTest_6_1_8: DocumentTest;
  export const mandatoryTest_6_1_9: DocumentTest;
  export const mandatoryTest_6_1_10: DocumentTest;
  export const mandatoryTest_6_1_11: DocumentTest;
  export const mandatoryTest_6_1_12: DocumentTest;
  export const mandatoryTest_6_1_13: DocumentTest;
  export const mandatoryTest_6_1_14: DocumentTest;
  export const mandatoryTest_6_1_15: DocumentTest;
  export const mandatoryTest_6_1_16: DocumentTest;
  export const mandatoryTest_6_1_17: DocumentTest;
  export const mandatoryTest_6_1_18: DocumentTest;
  export const mandatoryTest_6_1_19: DocumentTest;
  export const mandatoryTest_6_1_20: DocumentTest;
  export const mandatoryTest_6_1_21: DocumentTest;
  export const mandatoryTest_6_1_22: DocumentTest;
  export const mandatoryTest_6_1_23: DocumentTest;
  export const mandatoryTest_6_1_24: DocumentTest;
  export const mandatoryTest_6_1_25: DocumentTest;
  export const mandatoryTest_6_1_26: DocumentTest;
  export const mandatoryTest_6_1_27_1: DocumentTest;
  export const mandatoryTest_6_1_27_2: DocumentTest;
  export const mandatoryTest_6_1_27_3: DocumentTest;
  export const mandatoryTest_6_1_27_4: DocumentTest;
  export const mandatoryTest_6_1_27_5: DocumentTest;
  export const mandatoryTest_6_1_27_6: DocumentTest;
  export const mandatoryTest_6_1_27_7: DocumentTest;
  export const mandatoryTest_6_1_27_8: DocumentTest;
  export const mandatoryTest_6_1_27_9: DocumentTest;
  export const mandatoryTest_6_1_27_10: DocumentTest;
  export const mandatoryTest_6_1_27_11: DocumentTest;
  export const mandatoryTest_6_1_28: DocumentTest;
  export const mandatoryTest_6_1_29: DocumentTest;
  export const mandatoryTest_6_1_30: DocumentTest;
  export const mandatoryTest_6_1_31: DocumentTest;
  export const mandatoryTest_6_1_32: DocumentTest;
  export const mandatoryTest_6_1_33: DocumentTest;
}
