import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readCatalogueTexts } from "../catalogues/files.js";
import { loadCatalogues } from "../catalogues/load.js";
import { translator } from "../i18n/index.js";
import type { Site } from "../model/site.js";
import { validateText, validateValue } from "../model/validate.js";
import { analyzeSite } from "./analyze.js";
import { analysisReport } from "./report.js";

/** Small sites with known answers: each derivation, and the supplement's smart-factory examples. */

const loaded = loadCatalogues(readCatalogueTexts()).catalogues;
if (!loaded) throw new Error("catalogues must load");
const catalogues = loaded;

function valid(site: Site): Site {
  const result = validateValue(site);
  expect(result.problems.filter((p) => p.severity === "error")).toEqual([]);
  return site;
}

/** Vendor → remote maintenance zone → automated-warehouse control zone (the supplement's example). */
function warehouse(): Site {
  return valid({
    kind: "site",
    schemaVersion: 1,
    id: "warehouse",
    name: "自動倉庫",
    departments: [{ id: "sec", name: "セキュリティ", type: "security" }],
    organisations: [{ id: "vendor", name: "倉庫ベンダ", type: "equipment-vendor" }],
    operations: [
      {
        id: "op.logistics",
        name: "自動倉庫による物流",
        importance: "high",
        reasons: [{ aspect: "delivery", note: "出荷停止" }],
      },
      {
        id: "op.rm",
        name: "遠隔保守",
        importance: "medium",
        reasons: [{ aspect: "cost", note: "保守費" }],
        addedBySmartFactory: true,
      },
    ],
    assets: [
      { id: "plc.asrs", name: "倉庫PLC", type: "plc", operations: ["op.logistics"] },
      { id: "jump", name: "踏み台", type: "jump-host", operations: ["op.rm"] },
      {
        id: "recipe",
        name: "搬送設定",
        type: "configuration",
        hostedOn: ["plc.asrs"],
        importance: { level: "critical", reason: "誤ると衝突" },
      },
    ],
    zones: [
      {
        id: "z.remote",
        name: "遠隔保守",
        type: "remote-maintenance",
        assets: ["jump"],
        operations: ["op.rm"],
      },
      { id: "z.asrs", name: "倉庫制御", type: "control", assets: ["plc.asrs"], operations: ["op.logistics"] },
    ],
    externals: [
      { id: "x.vendor", name: "ベンダ拠点", kind: "vendor-remote-maintenance", organisation: "vendor" },
    ],
    conduits: [
      {
        id: "c.vendor",
        from: "x.vendor",
        to: "z.remote",
        direction: "bidirectional",
        protocols: [{ protocol: "tls-vpn" }],
        controls: [{ type: "vpn" }],
      },
      {
        id: "c.remote-asrs",
        from: "z.remote",
        to: "z.asrs",
        direction: "bidirectional",
        protocols: [{ protocol: "vnc" }, { protocol: "mc-protocol" }],
      },
    ],
  });
}

describe("importance", () => {
  it("flows from operations to assets to zones, with overrides and hosts, each explained", () => {
    const analysis = analyzeSite(warehouse(), catalogues);
    const { assets, zones } = analysis.importance;
    expect(assets.get("jump")?.value).toBe("medium");
    expect(assets.get("recipe")?.value).toBe("critical");
    // The PLC holds the critical configuration, so it is critical too, and says why.
    expect(assets.get("plc.asrs")?.value).toBe("critical");
    expect(assets.get("plc.asrs")?.reasons[0]?.code).toBe("asset-hosts");
    expect(zones.get("z.asrs")?.value).toBe("critical");
    expect(zones.get("z.remote")?.value).toBe("medium");
    const text = translator("ja").reason(zones.get("z.remote")?.reasons[0] ?? { code: "", params: {} });
    expect(text).toBe("重要度「中」の保護対象「jump」を収容するため「中」");
  });
});

describe("zone levels", () => {
  it("recommend a level from importance, one higher when the outside connects directly", () => {
    const analysis = analyzeSite(warehouse(), catalogues);
    const remote = analysis.requirements.find((r) => r.zone === "z.remote");
    const asrs = analysis.requirements.find((r) => r.zone === "z.asrs");
    expect(remote?.recommendedLevel.value).toBe("sl3"); // medium → sl2, +1 for the vendor's direct conduit
    expect(remote?.recommendedLevel.reasons.map((r) => r.code)).toEqual([
      "level-from-importance",
      "level-exposed",
    ]);
    expect(asrs?.recommendedLevel.value).toBe("sl4"); // critical, not directly exposed
    expect(asrs?.targetLevel.reasons[0]?.code).toBe("level-recommended");
  });

  it("work to the level the site declares", () => {
    const site = warehouse();
    const zone = site.zones?.[1];
    if (zone) zone.securityLevel = { target: "sl2" };
    const asrs = analyzeSite(site, catalogues).requirements.find((r) => r.zone === "z.asrs");
    expect(asrs?.targetLevel.value).toBe("sl2");
    expect(asrs?.mitigations.some((m) => !m.required)).toBe(true);
  });
});

describe("threats and coverage: remote maintenance of an automated warehouse", () => {
  it("applies the vendor threats to the warehouse zone two conduits in, and requires MFA at the entry", () => {
    const analysis = analyzeSite(warehouse(), catalogues);
    const zt = analysis.zoneThreats.find((t) => t.id === "th.rm.vendor-misoperation@z.asrs");
    expect(zt?.entries[0]).toEqual({ kind: "vendor-remote-maintenance", hops: 2 });
    expect(zt?.targets).toEqual(["plc.asrs"]);
    const mfa = analysis.requirements
      .find((r) => r.zone === "z.asrs")
      ?.mitigations.find((m) => m.countermeasure === "cm.nw.remote-access-mfa");
    expect(mfa).toMatchObject({ status: "missing", required: true });
    expect(mfa?.reasons.map((r) => r.code)).toContain("control-lacking");
  });

  it("counts MFA on the vendor's conduit as implemented, and the residual risk falls", () => {
    const before = analyzeSite(warehouse(), catalogues);
    const site = warehouse();
    site.conduits?.[0]?.controls?.push({ type: "mfa" });
    const after = analyzeSite(site, catalogues);
    const mfa = after.requirements
      .find((r) => r.zone === "z.asrs")
      ?.mitigations.find((m) => m.countermeasure === "cm.nw.remote-access-mfa");
    expect(mfa).toMatchObject({ status: "implemented", by: ["c.vendor#mfa"] });
    const risk = (a: typeof before) =>
      a.risks.find((r) => r.id === "risk:th.rm.stolen-vendor-credentials@z.asrs");
    expect(risk(after)?.residual.score).toBeLessThan(risk(before)?.residual.score ?? 0);
    expect(risk(after)?.inherent).toEqual(risk(before)?.inherent);
  });

  it("sees a planned control in the planned view only", () => {
    const site = warehouse();
    site.conduits?.[0]?.controls?.push({ type: "mfa", status: "planned" });
    const risk = analyzeSite(site, catalogues).risks.find(
      (r) => r.id === "risk:th.rm.stolen-vendor-credentials@z.asrs",
    );
    expect(risk?.planned.score).toBeLessThan(risk?.residual.score ?? 0);
    expect(risk?.plannedControls).toContain("c.vendor#mfa");
  });
});

describe("the supplement's other smart-factory examples", () => {
  it("CAD-data machining service: the partner's data exchange brings data theft and falsified data", () => {
    const site = valid({
      kind: "site",
      schemaVersion: 1,
      id: "cad",
      name: "CADデータ加工",
      operations: [
        {
          id: "op.machining",
          name: "受託加工",
          importance: "high",
          reasons: [{ aspect: "information", note: "顧客図面" }],
        },
      ],
      assets: [
        { id: "srv.exchange", name: "データ授受サーバ", type: "file-server", operations: ["op.machining"] },
        {
          id: "cad",
          name: "顧客CAD",
          type: "cad-data",
          hostedOn: ["srv.exchange"],
          operations: ["op.machining"],
        },
        { id: "cnc", name: "CNC", type: "cnc-machine", operations: ["op.machining"] },
      ],
      zones: [
        { id: "z.dmz", name: "DMZ", type: "dmz", assets: ["srv.exchange"] },
        { id: "z.line", name: "加工ライン", type: "control", assets: ["cnc"] },
      ],
      externals: [{ id: "x.partner", name: "取引先", kind: "partner-network" }],
      conduits: [
        {
          id: "c.partner",
          from: "x.partner",
          to: "z.dmz",
          direction: "bidirectional",
          protocols: [{ protocol: "sftp" }],
        },
        {
          id: "c.dmz-line",
          from: "z.dmz",
          to: "z.line",
          direction: "one-way",
          protocols: [{ protocol: "smb" }],
        },
      ],
    });
    const analysis = analyzeSite(site, catalogues);
    const dmzThreats = analysis.zoneThreats.filter((t) => t.zone === "z.dmz").map((t) => t.threat);
    expect(dmzThreats).toContain("th.partner.data-link-pivot");
    // One-way into the line: the partner reaches it, but nothing comes back out of the line.
    expect(analysis.exposure.get("z.line")?.hops.get("partner-network")).toBe(2);
    const report = analysisReport(analysis, catalogues, "en");
    const row = report.smartFactoryTable.find((r) => r.id === "meti.sf-threat.1");
    expect(row?.zoneThreats).toBeGreaterThan(0);
  });

  it("MES upgrade with a cloud link: the MES zone's level rises and cloud threats apply", () => {
    const site = valid({
      kind: "site",
      schemaVersion: 1,
      id: "mes",
      name: "MES更新",
      operations: [
        {
          id: "op.mes",
          name: "生産管理",
          importance: "medium",
          reasons: [{ aspect: "delivery", note: "計画" }],
        },
        {
          id: "op.pdm",
          name: "予知保全",
          importance: "medium",
          reasons: [{ aspect: "quality", note: "分析" }],
          addedBySmartFactory: true,
        },
      ],
      assets: [
        { id: "mes", name: "MES", type: "mes-server", operations: ["op.mes"] },
        { id: "cloud", name: "分析サービス", type: "cloud-service", operations: ["op.pdm"] },
      ],
      zones: [
        { id: "z.mes", name: "MES", type: "mes-operations", assets: ["mes"] },
        { id: "z.cloud", name: "クラウド", type: "cloud", assets: ["cloud"] },
      ],
      externals: [{ id: "x.cloud", name: "クラウド事業者", kind: "cloud-service" }],
      conduits: [
        {
          id: "c.mes-cloud",
          from: "z.mes",
          to: "z.cloud",
          direction: "bidirectional",
          protocols: [{ protocol: "https" }],
        },
        {
          id: "c.cloud",
          from: "x.cloud",
          to: "z.cloud",
          direction: "bidirectional",
          protocols: [{ protocol: "https" }],
        },
      ],
    });
    const analysis = analyzeSite(site, catalogues);
    expect(analysis.requirements.find((r) => r.zone === "z.cloud")?.recommendedLevel.value).toBe("sl3");
    expect(analysis.requirements.find((r) => r.zone === "z.mes")?.recommendedLevel.value).toBe("sl2");
    const mesThreats = analysis.zoneThreats.filter((t) => t.zone === "z.mes").map((t) => t.threat);
    expect(mesThreats).toContain("th.cloud.malicious-feedback");
  });
});

describe("risk register", () => {
  it("keeps a treatment by its stable id, and flags it for review when its basis changes", () => {
    const site = warehouse();
    const first = analyzeSite(site, catalogues).risks.find(
      (r) => r.id === "risk:th.rm.stolen-vendor-credentials@z.asrs",
    );
    if (!first) throw new Error("risk expected");
    site.treatments = [
      {
        risk: first.id,
        decision: "accept",
        reason: "期限付きで受容",
        decidedOn: "2026-11-01",
        approvedBy: "工場長",
        basis: { likelihood: first.residual.likelihood, impact: first.residual.impact },
      },
      { risk: "risk:th.gone@z.asrs", decision: "avoid", reason: "古い", decidedOn: "2026-01-01" },
    ];
    const current = analyzeSite(valid(site), catalogues);
    expect(current.risks.find((r) => r.id === first.id)?.treatmentState).toBe("current");
    expect(current.orphanedTreatments.map((t) => t.risk)).toEqual(["risk:th.gone@z.asrs"]);
    site.conduits?.[0]?.controls?.push({ type: "mfa" });
    const changed = analyzeSite(site, catalogues);
    expect(changed.risks.find((r) => r.id === first.id)?.treatmentState).toBe("review");
  });

  it("asks for management's approval of an acceptance", () => {
    const site = warehouse();
    site.treatments = [
      {
        risk: "risk:th.rm.stolen-vendor-credentials@z.asrs",
        decision: "transfer",
        reason: "保険",
        decidedOn: "2026-11-01",
      },
    ];
    const risk = analyzeSite(site, catalogues).risks.find(
      (r) => r.id === "risk:th.rm.stolen-vendor-credentials@z.asrs",
    );
    expect(risk?.treatmentState).toBe("unapproved");
  });
});

describe("the demo plant", () => {
  const text = readFileSync(new URL("../../examples/demo-site.yaml", import.meta.url), "utf8");
  const demo = validateText(text).valid;
  if (demo?.kind !== "site") throw new Error("demo must be a valid site");
  const analysis = analyzeSite(demo.document, catalogues);

  it("keeps the site's own policy for the remote maintenance zone and drafts the rest in both languages", () => {
    const policies = new Map(analysis.policies.map((p) => [p.zone, p]));
    expect(policies.get("zone.remote")?.source).toBe("site");
    const draft = policies.get("zone.warehouse");
    expect(draft?.source).toBe("draft");
    expect(draft?.text.ja).toMatch(/セキュリティ要件レベルを.+とする。/);
    expect(draft?.text.en).toMatch(/security level is/);
  });

  it("produces a report that its published schema accepts, with every reason rendered", async () => {
    const { AnalysisReport } = await import("./report.js");
    for (const lang of ["ja", "en"] as const) {
      const report = analysisReport(analysis, catalogues, lang);
      expect(AnalysisReport.safeParse(report).success).toBe(true);
      // Every reason has a message: i18n falls back to the bare code when a key is missing.
      const unrendered: string[] = [];
      JSON.stringify(report, (_key, value) => {
        if (
          value &&
          typeof value === "object" &&
          "code" in value &&
          "text" in value &&
          value.text === value.code
        ) {
          unrendered.push(value.code);
        }
        return value;
      });
      expect(unrendered).toEqual([]);
    }
  });

  it("states each conduit crossing's reasons once, and every hop of a path finds its crossing", () => {
    const report = analysisReport(analysis, catalogues, "en");
    const key = (c: { conduit: string; from: string; to: string }) => `${c.conduit} ${c.from} ${c.to}`;
    const crossings = new Map(report.crossings.map((c) => [key(c), c]));
    expect(crossings.size).toBe(report.crossings.length);
    const hops = report.attackPaths.flatMap((p) => p.hops);
    expect(hops.length).toBeGreaterThan(report.crossings.length);
    for (const hop of hops) {
      const crossing = crossings.get(key(hop));
      expect(crossing?.cost).toBe(hop.cost);
      expect("why" in hop).toBe(false);
    }
    // The contributions add up to the cost, and the unprotected vendor conduit into the DMZ says so.
    for (const crossing of report.crossings)
      expect(crossing.why.reduce((sum, r) => sum + Number(r.params.cost ?? 0), 0)).toBe(crossing.cost);
    const vendorHop = report.attackPaths.find((p) => p.entryKind === "vendor-remote-maintenance")?.hops[0];
    expect(vendorHop && crossings.get(key(vendorHop))?.why.length).toBeGreaterThan(0);
  });

  it("is deterministic", () => {
    const again = analyzeSite(demo.document, catalogues);
    expect(JSON.stringify(analysisReport(again, catalogues, "en"))).toBe(
      JSON.stringify(analysisReport(analysis, catalogues, "en")),
    );
  });
});
