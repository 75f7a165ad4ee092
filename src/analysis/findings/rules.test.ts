import { describe, expect, it } from "vitest";
import { findingRules } from "./index.js";
import { ruleCases } from "./test-support/cases.js";
import { run, subjects, valid } from "./test-support/sites.js";

/** Each rule on tiny hand-built sites: fires exactly once where it should, and not after a minimal change. */
describe.each(findingRules.map((rule) => [rule.id, rule] as const))("%s", (id, rule) => {
  const cases = ruleCases.filter((c) => c.rule === rule);

  it("has at least one case", () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  for (const c of cases) {
    describe(c.name, () => {
      it("fires exactly once, on the expected subject", () => {
        const findings = run(rule, c.site(), c.asOf);
        expect(subjects(findings)).toEqual([c.subject]);
        const [finding] = findings;
        expect(finding?.severity).toBe(c.severity);
        expect(finding?.id).toBe(`${id}:${c.subject}`);
        expect(finding?.message.code).toBe(`finding.${id}.${c.variant ?? "message"}`);
        expect(finding?.fix.code).toBe(`finding.${id}.fix`);
        expect(finding?.because.length).toBeGreaterThan(0);
      });

      for (const quiet of c.quiet) {
        it(`is silent after: ${quiet.name}`, () => {
          const site = c.site();
          quiet.change(site);
          valid(site);
          const asOf = quiet.asOf ?? c.asOf;
          expect(subjects(run(rule, site, asOf === "" ? undefined : asOf))).toEqual([]);
        });
      }
    });
  }
});
