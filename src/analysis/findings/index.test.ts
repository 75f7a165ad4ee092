import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generateSite } from "../../generate/site.js";
import type { Site } from "../../model/site.js";
import { validateText } from "../../model/validate.js";
import { deriveImportance } from "../importance.js";
import type { Reason } from "../reasons.js";
import { indexSite } from "../site-index.js";
import {
  createRuleContext,
  type Finding,
  findingMessages,
  findingRules,
  runFindingRules,
  severityRank,
} from "./index.js";
import { ruleCases } from "./test-support/cases.js";

function demoSite(): Site {
  const text = readFileSync(new URL("../../../examples/demo-site.yaml", import.meta.url), "utf8");
  const result = validateText(text);
  if (result.valid?.kind !== "site") throw new Error("demo-site.yaml is not a valid site");
  return result.valid.document;
}

function findingsOf(site: Site, asOf?: string): Finding[] {
  const index = indexSite(site);
  return runFindingRules(createRuleContext(index, deriveImportance(index), asOf ? { asOf } : {}));
}

const demo = demoSite();
const demoFindings = findingsOf(demo, "2026-11-21");
const has = (rule: string, subject: string) =>
  demoFindings.find((finding) => finding.rule === rule && finding.subject.id === subject);

describe("the demo plant's deliberate weaknesses", () => {
  it("vendor remote access to the warehouse: no MFA, standing access", () => {
    expect(has("remote-access-without-mfa", "c.vendor-asrs")).toBeDefined();
    expect(has("remote-access-without-mfa", "c.remote-warehouse")?.severity).toBe("critical");
    expect(has("vendor-standing-access", "c.remote-warehouse")?.severity).toBe("critical");
    expect(has("vendor-standing-access", "c.vendor-asrs")).toBeDefined();
    // The welding vendor's path has MFA, approval and time limits: no finding of either kind.
    expect(has("remote-access-without-mfa", "c.vendor-robot")).toBeUndefined();
    expect(has("vendor-standing-access", "c.vendor-robot")).toBeUndefined();
  });

  it("OPC UA from MES straight to the cloud, unencrypted", () => {
    expect(has("ot-zone-to-cloud-or-internet", "c.mes-cloud-opcua")).toBeDefined();
    expect(has("cloud-link-without-encryption", "c.mes-cloud-opcua")).toBeDefined();
    // The MQTTS uplink through the DMZ is the right way.
    expect(has("cloud-link-without-encryption", "c.dmz-cloud")).toBeUndefined();
  });

  it("Modbus/TCP from MES into the press control zone", () => {
    const finding = has("ot-protocol-without-authentication", "c.mes-press");
    expect(finding?.severity).toBe("high");
    expect(finding?.message.params.protocols).toContain("modbus-tcp");
  });

  it("AGV Wi-Fi into a control zone", () => {
    expect(has("wireless-into-control-zone", "c.agv-wifi")?.severity).toBe("high");
  });

  it("USB into the unconnected line without scanning in force", () => {
    const finding = has("removable-media-without-scanning", "c.usb-unconnected");
    expect(finding).toBeDefined();
    expect(finding?.because.map((r) => r.code)).toContain("finding.because.planned-controls");
  });

  it("the flat paint and assembly zone, with its allow-all rule", () => {
    expect(has("flat-network", "zone.ctrl-paint-assy")).toBeDefined();
    expect(has("permissive-firewall-rule", "c.mes-assy")?.severity).toBe("high");
  });

  it("end of support, given a date: Windows 7 ended, the WMS server soon", () => {
    expect(has("end-of-support", "ews-legacy")?.severity).toBe("high");
    expect(has("end-of-support", "wms-01")?.severity).toBe("medium");
    expect(findingsOf(demo).filter((finding) => finding.rule === "end-of-support")).toEqual([]);
  });

  it("the historian diode points the right way (MES out to the DMZ) despite the DMZ's higher level", () => {
    expect(demoFindings.filter((finding) => finding.rule === "data-diode-against-direction")).toEqual([]);
  });
});

describe("runFindingRules", () => {
  it("sorts by severity, then rule, then subject", () => {
    const keys = demoFindings.map((f) => [-severityRank[f.severity], f.rule, f.subject.id] as const);
    const sorted = [...keys].sort((a, b) =>
      a[0] !== b[0]
        ? a[0] - b[0]
        : a[1] !== b[1]
          ? a[1] < b[1]
            ? -1
            : 1
          : a[2] < b[2]
            ? -1
            : a[2] > b[2]
              ? 1
              : 0,
    );
    expect(keys).toEqual(sorted);
  });

  it("gives unique, stable ids", () => {
    const ids = demoFindings.map((finding) => finding.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const finding of demoFindings)
      expect(finding.id).toBe(`${finding.rule}:${finding.subject.kind}:${finding.subject.id}`);
  });

  it("is deterministic", () => {
    expect(JSON.stringify(findingsOf(demoSite(), "2026-11-21"))).toBe(JSON.stringify(demoFindings));
  });

  it("runs only the rules it is given", () => {
    const rule = findingRules.find((r) => r.id === "flat-network");
    const index = indexSite(demo);
    const only = runFindingRules(createRuleContext(index, deriveImportance(index)), rule ? [rule] : []);
    expect(new Set(only.map((finding) => finding.rule))).toEqual(new Set(["flat-network"]));
  });
});

describe("the rule set", () => {
  it("has unique ids and references where they exist", () => {
    const ids = findingRules.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(20);
    for (const rule of findingRules) {
      expect(rule.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(rule.title.ja).not.toMatch(/^finding\./);
      expect(rule.fix.en).not.toMatch(/^finding\./);
      for (const sr of rule.references?.iec62443 ?? []) expect(sr).toMatch(/^SR \d\.\d+$/);
      for (const id of rule.references?.attack ?? []) expect(id).toMatch(/^(T08\d\d|M0[89]\d\d)$/);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------
// Messages: both languages, every code a rule emits, every parameter a sentence uses.

function collect(reasons: readonly Reason[], into: Reason[]): Reason[] {
  for (const r of reasons) {
    into.push(r);
    collect(r.because ?? [], into);
  }
  return into;
}

function emitted(): Reason[] {
  const sites: [Site, string | undefined][] = [
    [demo, "2026-11-21"],
    [generateSite({ assets: 400, zones: 30, seed: 7 }), undefined],
    ...ruleCases.map((c): [Site, string | undefined] => [c.site(), c.asOf]),
  ];
  const reasons: Reason[] = [];
  for (const [site, asOf] of sites) {
    for (const finding of findingsOf(site, asOf))
      collect([finding.message, finding.fix, ...finding.because], reasons);
  }
  // Importance explanations nested in `because` belong to the importance messages, not these.
  return reasons.filter((r) => r.code.startsWith("finding."));
}

describe("messages", () => {
  const ja: Record<string, string> = findingMessages.ja;
  const en: Record<string, string> = findingMessages.en;
  const reasons = emitted();

  it("has the same keys in Japanese and English, none empty", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(ja).sort());
    for (const key of Object.keys(ja)) {
      expect(ja[key]?.trim()).not.toBe("");
      expect(en[key]?.trim()).not.toBe("");
    }
  });

  it("nests on '.' (no key is also the parent of another)", () => {
    const keys = Object.keys(ja);
    for (const key of keys) expect(keys.filter((other) => other.startsWith(`${key}.`))).toEqual([]);
  });

  it("has every code a rule emits, in both languages", () => {
    const missing = [...new Set(reasons.map((r) => r.code))].filter((code) => !(code in ja) || !(code in en));
    expect(missing).toEqual([]);
  });

  it("uses every key: each is emitted, or is a rule's title or fix", () => {
    const used = new Set(reasons.map((r) => r.code));
    for (const rule of findingRules) {
      used.add(`finding.${rule.id}.title`);
      used.add(`finding.${rule.id}.fix`);
    }
    expect(Object.keys(ja).filter((key) => !used.has(key))).toEqual([]);
  });

  it("interpolates only parameters the reason carries", () => {
    const problems: string[] = [];
    for (const r of reasons) {
      for (const [lang, text] of [
        ["ja", ja[r.code]],
        ["en", en[r.code]],
      ] as const) {
        for (const [, name] of (text ?? "").matchAll(/\{\{(\w+)\}\}/g))
          if (name && !(name in r.params)) problems.push(`${lang} ${r.code}: {{${name}}}`);
      }
    }
    expect([...new Set(problems)]).toEqual([]);
  });
});
