import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Asset, Conduit, External, Operation, Site, Zone } from "../model/site.js";
import { validateText, validateValue } from "../model/validate.js";
import { deriveImportance } from "./importance.js";
import {
  analyseAttackPaths,
  CONTROL_COST,
  CUT_CAPACITY,
  ENTRY_COST,
  FIREWALL_RULES_COST,
  HOP_COST,
  MEDIA_SCANNING_COST,
  type PathAnalysis,
  type PathOptions,
  PROTOCOL_COST,
  TARGET_COST,
} from "./paths.js";
import { indexSite } from "./site-index.js";

// ---------------------------------------------------------------------------------------------------------
// Small hand-built sites

const op = (id: string, importance: string): Operation => ({
  id,
  name: id,
  importance,
  reasons: [{ aspect: "delivery", note: "test" }],
});
const device = (id: string, operation: string, extra: Partial<Asset> = {}): Asset => ({
  id,
  name: id,
  type: "plc",
  firmwareVersion: "1.0",
  operations: [operation],
  ...extra,
});
const zone = (id: string, assets: string[], type: Zone["type"] = "control"): Zone => ({
  id,
  name: id,
  type,
  assets,
});
const external = (id: string, kind: External["kind"]): External => ({ id, name: id, kind });
const conduit = (id: string, from: string, to: string, extra: Partial<Conduit> = {}): Conduit => ({
  id,
  from,
  to,
  direction: "bidirectional",
  ...extra,
});

function site(parts: Partial<Site>): Site {
  return { kind: "site", schemaVersion: 1, id: "test-site", name: "test site", ...parts };
}

/** Validates the site (no errors allowed) and runs the path analysis on it. */
function analyse(value: Site, options?: PathOptions): PathAnalysis {
  const result = validateValue(value);
  expect(result.problems.filter((p) => p.severity === "error")).toEqual([]);
  expect(result.valid?.kind).toBe("site");
  const index = indexSite(value);
  return analyseAttackPaths(index, deriveImportance(index), options);
}

const scores = (analysis: PathAnalysis, target: string) =>
  (analysis.pathsByTarget.get(target) ?? []).map((p) => p.score);
const ids = (analysis: PathAnalysis, target: string) =>
  (analysis.pathsByTarget.get(target) ?? []).map((p) => p.id);
/** The cost of a hop's conduit with these controls alone and no protocols. */
const hop = (...controls: (keyof typeof CONTROL_COST)[]) =>
  Math.max(HOP_COST.minimum, HOP_COST.base + controls.reduce((sum, c) => sum + CONTROL_COST[c], 0));

// A plant cell: one target PLC in zone.t, a medium-importance PC in zone.a.
const cell = (parts: Partial<Site>): Site =>
  site({
    operations: [op("op.t", "high"), op("op.a", "medium")],
    ...parts,
    assets: [device("plc", "op.t"), device("pc", "op.a", { type: "office-pc" }), ...(parts.assets ?? [])],
  });

describe("attack paths on small sites", () => {
  it("a data diode blocks the reverse path; a one-way rule set is crossed backwards at a high cost", () => {
    const build = (direction: Conduit["direction"]) =>
      cell({
        zones: [zone("zone.t", ["plc"]), zone("zone.a", ["pc"], "office")],
        externals: [external("ext.net", "internet")],
        conduits: [
          conduit("c.net-a", "ext.net", "zone.a"),
          conduit("c.t-a", "zone.t", "zone.a", { direction }),
        ],
      });
    const diode = analyse(build("data-diode"));
    expect(diode.pathsByTarget.get("plc")).toEqual([]);
    expect(diode.unreachable).toEqual(["plc"]);
    expect(diode.cutsByTarget.has("plc")).toBe(false);
    expect(diode.blocked).toEqual([
      expect.objectContaining({
        conduit: "c.t-a",
        from: "zone.a",
        to: "zone.t",
        reasons: [expect.objectContaining({ code: "diode-blocks" })],
      }),
    ]);

    const oneWay = analyse(build("one-way"));
    const [path] = oneWay.pathsByTarget.get("plc") ?? [];
    expect(path?.id).toBe("path:ext.net→c.net-a>c.t-a→plc");
    const back = path?.hops[1];
    expect(back).toMatchObject({ conduit: "c.t-a", from: "zone.a", to: "zone.t" });
    expect(back?.cost).toBe(hop() + HOP_COST.oneWayReverse);
    expect(back?.reasons.map((r) => r.code)).toContain("one-way-reverse");

    const both = analyse(build("bidirectional"));
    expect(scores(both, "plc")[0]).toBe((path?.score ?? 0) - HOP_COST.oneWayReverse);
  });

  it("MFA makes a vendor path costlier than an unprotected one", () => {
    const build = (controls: Conduit["controls"]) =>
      cell({
        zones: [zone("zone.t", ["plc"])],
        externals: [external("ext.vendor", "vendor-remote-maintenance")],
        conduits: [conduit("c.vendor", "ext.vendor", "zone.t", { controls })],
      });
    const open = analyse(build([]));
    const vpn = analyse(build([{ type: "vpn" }]));
    const mfa = analyse(build([{ type: "vpn" }, { type: "mfa" }]));
    expect(scores(open, "plc")).toEqual([ENTRY_COST["vendor-remote-maintenance"] + hop() + TARGET_COST.base]);
    expect(open.pathsByTarget.get("plc")?.[0]?.hops[0]?.reasons.map((r) => r.code)).toEqual([
      "hop-base",
      "no-controls",
    ]);
    expect(scores(vpn, "plc")[0]).toBe((scores(open, "plc")[0] ?? 0) + CONTROL_COST.vpn);
    expect(scores(mfa, "plc")[0]).toBe((scores(vpn, "plc")[0] ?? 0) + CONTROL_COST.mfa);
    expect(mfa.pathsByTarget.get("plc")?.[0]?.hops[0]?.reasons.map((r) => r.code)).toContain("control-mfa");

    // Two vendors side by side: the one without MFA is the easier way in.
    const side = analyse(
      cell({
        zones: [zone("zone.t", ["plc"])],
        externals: [
          external("ext.vendor-a", "vendor-remote-maintenance"),
          external("ext.vendor-b", "vendor-remote-maintenance"),
        ],
        conduits: [
          conduit("c.a", "ext.vendor-a", "zone.t", { controls: [{ type: "vpn" }, { type: "mfa" }] }),
          conduit("c.b", "ext.vendor-b", "zone.t", { controls: [{ type: "vpn" }] }),
        ],
      }),
    );
    expect(ids(side, "plc")).toEqual(["path:ext.vendor-b→c.b→plc", "path:ext.vendor-a→c.a→plc"]);
  });

  it("gives the k easiest paths in order, and k of them", () => {
    const value = cell({
      zones: [zone("zone.t", ["plc"]), zone("zone.a", ["pc"], "office"), zone("zone.b", [], "dmz")],
      externals: [external("ext.net", "internet")],
      conduits: [
        conduit("c.direct", "ext.net", "zone.t", { controls: [{ type: "firewall" }, { type: "mfa" }] }),
        conduit("c.net-a", "ext.net", "zone.a"),
        conduit("c.a-t", "zone.a", "zone.t", { controls: [{ type: "firewall" }] }),
        conduit("c.a-b", "zone.a", "zone.b"),
        conduit("c.b-t", "zone.b", "zone.t", { controls: [{ type: "firewall" }, { type: "vpn" }] }),
      ],
    });
    const three = analyse(value);
    const target = TARGET_COST.base;
    expect(ids(three, "plc")).toEqual([
      "path:ext.net→c.net-a>c.a-t→plc",
      "path:ext.net→c.net-a>c.a-b>c.b-t→plc",
      "path:ext.net→c.direct→plc",
    ]);
    expect(scores(three, "plc")).toEqual([
      hop() + hop("firewall") + target,
      hop() + hop() + hop("firewall", "vpn") + target,
      hop("firewall", "mfa") + target,
    ]);
    expect(
      analyse(value, { k: 2 })
        .pathsByTarget.get("plc")
        ?.map((p) => p.id),
    ).toEqual(ids(three, "plc").slice(0, 2));
    expect(analyse(value, { k: 1 }).pathsByTarget.get("plc")?.length).toBe(1);

    for (const path of three.paths) {
      // The score is the sum of its parts, and every hop's reasons add up to its cost.
      expect(path.score).toBe(path.entryCost + path.hops.reduce((s, h) => s + h.cost, 0) + path.targetCost);
      for (const h of path.hops)
        expect(h.reasons.reduce((s, r) => s + (r.params.cost as number), 0)).toBe(h.cost);
      // Simple: no zone twice.
      const zones = path.hops.map((h) => h.to);
      expect(new Set(zones).size).toBe(zones.length);
    }
  });

  it("reaches an unconnected zone only over its removable-media entry", () => {
    const value = cell({
      zones: [zone("zone.t", ["plc"], "unconnected-line"), zone("zone.a", ["pc"], "office")],
      externals: [external("ext.net", "internet"), external("ext.usb", "removable-media")],
      conduits: [
        conduit("c.net-a", "ext.net", "zone.a"),
        conduit("c.usb", "ext.usb", "zone.t", {
          direction: "one-way",
          medium: "removable-media",
          protocols: [{ protocol: "usb" }],
          controls: [{ type: "malware-scanning" }],
        }),
      ],
    });
    const analysis = analyse(value);
    const paths = analysis.pathsByTarget.get("plc") ?? [];
    expect(paths.map((p) => p.id)).toEqual(["path:ext.usb→c.usb→plc"]);
    expect(paths[0]?.entryKind).toBe("removable-media");
    // On carried media, scanning is the main control.
    expect(paths[0]?.hops[0]?.cost).toBe(hop("malware-scanning") + MEDIA_SCANNING_COST);
    expect(paths[0]?.hops[0]?.reasons.map((r) => r.code)).toContain("media-scanning");
    expect(analysis.cutsByTarget.get("plc")?.conduits).toEqual(["c.usb"]);
    // Without the USB entry, no path at all.
    const sealed = analyse({
      ...value,
      externals: value.externals?.filter((e) => e.id !== "ext.usb"),
      conduits: value.conduits?.filter((c) => c.id !== "c.usb"),
    });
    expect(sealed.pathsByTarget.get("plc")).toEqual([]);
    expect(sealed.unreachable).toEqual(["plc"]);
  });

  it("cuts a diamond at its two-conduit waist", () => {
    // Two entries into S, S fans out to A and B, both lead to T. The conduits an operation needs are
    // dearer to change (capacity 2), so the unique minimum cut is {A–T, B–T}.
    const needed = { operations: ["op.a"] };
    const value = cell({
      zones: [
        zone("zone.s", ["pc"], "office"),
        zone("zone.a", [], "mes-operations"),
        zone("zone.b", [], "mes-operations"),
        zone("zone.t", ["plc"]),
      ],
      externals: [external("ext.net", "internet"), external("ext.hq", "corporate-it")],
      conduits: [
        conduit("c.net-s", "ext.net", "zone.s", needed),
        conduit("c.hq-s", "ext.hq", "zone.s", needed),
        conduit("c.s-a", "zone.s", "zone.a", needed),
        conduit("c.s-b", "zone.s", "zone.b", { ...needed, controls: [{ type: "firewall" }] }),
        conduit("c.a-t", "zone.a", "zone.t"),
        conduit("c.b-t", "zone.b", "zone.t"),
      ],
    });
    const analysis = analyse(value);
    const cut = analysis.cutsByTarget.get("plc");
    expect(cut?.conduits).toEqual(["c.a-t", "c.b-t"]);
    expect(cut?.cost).toBe(2 * CUT_CAPACITY.conduit);
    expect(cut?.pathsCut).toBe(analysis.pathsByTarget.get("plc")?.length);
    const perConduit = Object.fromEntries((cut?.perConduit ?? []).map((c) => [c.conduit, c.pathsCut]));
    const through = (id: string) =>
      (analysis.pathsByTarget.get("plc") ?? []).filter((p) => p.id.includes(id)).length;
    expect(perConduit).toEqual({ "c.a-t": through("c.a-t"), "c.b-t": through("c.b-t") });
    expect(cut?.suggestion.map((s) => s.params.conduit)).toEqual(["c.a-t", "c.b-t"]);
    expect(cut?.suggestion.map((s) => s.code)).toEqual(["suggest-remove", "suggest-remove"]);
    // Removing the cut conduits leaves no path.
    const cutAway = analyse({
      ...value,
      conduits: value.conduits?.filter((c) => !cut?.conduits.includes(c.id)),
    });
    expect(cutAway.pathsByTarget.get("plc")).toEqual([]);
  });

  it("never routes through an external entity", () => {
    const value = cell({
      zones: [zone("zone.t", ["plc"]), zone("zone.a", ["pc"], "office")],
      externals: [
        external("ext.vendor", "vendor-remote-maintenance"),
        external("ext.partner", "partner-network"),
      ],
      conduits: [
        conduit("c.vendor-a", "ext.vendor", "zone.a"),
        conduit("c.a-partner", "zone.a", "ext.partner"),
        conduit("c.partner-t", "ext.partner", "zone.t", { controls: [{ type: "firewall" }] }),
      ],
    });
    const analysis = analyse(value);
    expect(ids(analysis, "plc")).toEqual(["path:ext.partner→c.partner-t→plc"]);
    expect(analysis.entries).toEqual(["ext.partner", "ext.vendor"]);
  });

  it("weighs the target's own hardening, the firewall's rules and planned controls", () => {
    const value = site({
      operations: [op("op.t", "critical")],
      assets: [
        device("plc", "op.t"),
        device("pc", "op.t", {
          type: "engineering-workstation",
          generalPurpose: true,
          firmwareVersion: undefined,
          supportEnds: "2020-01-14",
        }),
        device("old", "op.t", { supportEnds: "2030-01-01" }),
        { id: "recipe", name: "recipe", type: "recipe", hostedOn: ["plc"], operations: ["op.t"] },
        { id: "substation", name: "substation", type: "power", operations: ["op.t"] },
      ],
      zones: [zone("zone.t", ["plc", "pc", "old"])],
      externals: [external("ext.net", "internet")],
      conduits: [
        conduit("c.net", "ext.net", "zone.t", {
          controls: [
            { type: "firewall", rules: [{ action: "allow", protocol: "https", port: 443 }] },
            { type: "mfa", status: "planned" },
          ],
        }),
      ],
      countermeasures: [
        {
          id: "cm.done",
          name: "done",
          appliesTo: ["zone.t"],
          status: "implemented",
          implementedOn: "2025-04-01",
        },
      ],
    });
    const analysis = analyse(value);
    expect(analysis.asOf).toBe("2025-04-01");
    const route = hop("firewall") + FIREWALL_RULES_COST;
    const byTarget = (id: string) => analysis.pathsByTarget.get(id)?.[0];
    expect(byTarget("plc")?.score).toBe(route + TARGET_COST.base);
    expect(byTarget("pc")?.targetCost).toBe(
      Math.max(
        TARGET_COST.minimum,
        TARGET_COST.base +
          TARGET_COST.generalPurpose +
          TARGET_COST.firmwareUnknown +
          TARGET_COST.supportEnded,
      ),
    );
    expect(byTarget("pc")?.reasons[1]?.because?.map((r) => r.code)).toEqual([
      "target-base",
      "target-general-purpose",
      "target-firmware-unknown",
      "target-support-ended",
      "target-minimum",
    ]);
    const contributions = byTarget("pc")?.reasons[1]?.because ?? [];
    expect(contributions.reduce((sum, r) => sum + Number(r.params.cost), 0)).toBe(byTarget("pc")?.targetCost);
    expect(byTarget("old")?.targetCost).toBe(TARGET_COST.base);
    expect(analyse(value, { asOf: "2031-01-01" }).pathsByTarget.get("old")?.[0]?.targetCost).toBe(
      TARGET_COST.base + TARGET_COST.supportEnded,
    );
    // Data reaches its host's zone; a facility in no zone is not reachable over the network.
    expect(byTarget("recipe")?.id).toBe("path:ext.net→c.net→recipe");
    expect(byTarget("recipe")?.reasons.map((r) => r.code)).toEqual(["entry", "target-via-host", "target"]);
    expect(analysis.unzoned).toEqual(["substation"]);
    expect(analysis.targets).toEqual(["old", "pc", "plc", "recipe", "substation"]);
    // The planned MFA counts only in the planned view, and is recorded either way.
    const codes = byTarget("plc")?.hops[0]?.reasons.map((r) => r.code);
    expect(codes).toEqual(["hop-base", "control-firewall", "firewall-rules", "control-planned"]);
    const planned = analyse(value, { includePlanned: true });
    expect(planned.pathsByTarget.get("plc")?.[0]?.score).toBe(route + CONTROL_COST.mfa + TARGET_COST.base);

    // An allow rule for every service earns no rule bonus.
    const allowAll = analyse({
      ...value,
      conduits: [
        conduit("c.net", "ext.net", "zone.t", {
          controls: [{ type: "firewall", rules: [{ action: "allow", source: "any", destination: "any" }] }],
        }),
      ],
    });
    expect(allowAll.pathsByTarget.get("plc")?.[0]?.hops[0]?.reasons.map((r) => r.code)).toContain(
      "firewall-allow-all",
    );
    expect(allowAll.pathsByTarget.get("plc")?.[0]?.score).toBe(hop("firewall") + TARGET_COST.base);

    // Implicit entries: people on site reach every zone, unzoned assets too; not in cuts.
    const implicit = analyse(value, { implicitEntries: true });
    expect(implicit.pathsByTarget.get("substation")?.map((p) => p.id)).toEqual([
      "path:insider→→substation",
      "path:physical→→substation",
    ]);
    expect(implicit.pathsByTarget.get("plc")?.length).toBe(3);
    expect(implicit.cutsByTarget.get("plc")?.conduits).toEqual(["c.net"]);
  });

  it("finds the supplement's remote maintenance of an automated warehouse as the easiest path", () => {
    // 別冊 example: the warehouse vendor maintains the automated warehouse remotely through a remote
    // maintenance zone; the plant's own route from the internet passes IT, DMZ and MES firewalls.
    const value = site({
      operations: [op("op.warehouse", "high"), op("op.office", "medium")],
      assets: [
        device("plc-asrs", "op.warehouse"),
        device("pc", "op.office", { type: "office-pc" }),
        device("vpn", "op.warehouse", { type: "vpn-gateway" }),
      ],
      zones: [
        zone("zone.it", ["pc"], "enterprise-it"),
        zone("zone.dmz", [], "dmz"),
        zone("zone.mes", [], "mes-operations"),
        zone("zone.remote", ["vpn"], "remote-maintenance"),
        zone("zone.warehouse", ["plc-asrs"]),
      ],
      externals: [external("ext.internet", "internet"), external("ext.vendor", "vendor-remote-maintenance")],
      conduits: [
        conduit("c.internet-it", "zone.it", "ext.internet", { controls: [{ type: "firewall" }] }),
        conduit("c.it-dmz", "zone.it", "zone.dmz", { controls: [{ type: "firewall" }] }),
        conduit("c.dmz-mes", "zone.dmz", "zone.mes", { controls: [{ type: "firewall" }] }),
        conduit("c.mes-warehouse", "zone.mes", "zone.warehouse", { controls: [{ type: "firewall" }] }),
        conduit("c.vendor-remote", "ext.vendor", "zone.remote", {
          operations: ["op.warehouse"],
          protocols: [{ protocol: "tls-vpn", port: 443 }],
          controls: [{ type: "vpn" }, { type: "authentication" }],
        }),
        conduit("c.remote-warehouse", "zone.remote", "zone.warehouse", {
          operations: ["op.warehouse"],
          protocols: [{ protocol: "vnc", port: 5900 }, { protocol: "mc-protocol" }],
        }),
      ],
    });
    const analysis = analyse(value);
    const [easiest] = analysis.pathsByTarget.get("plc-asrs") ?? [];
    expect(easiest?.id).toBe("path:ext.vendor→c.vendor-remote>c.remote-warehouse→plc-asrs");
    expect(easiest?.hops[1]?.reasons.map((r) => r.code)).toEqual(
      expect.arrayContaining(["no-controls", "protocol-unauthenticated", "protocol-interactive"]),
    );
    expect(easiest?.hops[1]?.cost).toBe(HOP_COST.minimum);
    expect(easiest?.hops[0]?.cost).toBe(hop("vpn", "authentication") + PROTOCOL_COST.interactive);
    // The vendor conduit's suggestion names the hardening it lacks.
    const vendor = analysis.conduitRanking.find((r) => r.conduit === "c.vendor-remote");
    expect(vendor).toMatchObject({ paths: 2, targets: 2, easiest: 2 });
    expect(vendor?.suggestion).toMatchObject({
      code: "suggest-vendor-access",
      params: { control: ["mfa", "jump-host", "approval", "time-limited-access", "session-recording"] },
    });
    // The warehouse's own perimeter is its minimum cut.
    expect(analysis.cutsByTarget.get("plc-asrs")?.conduits).toEqual([
      "c.mes-warehouse",
      "c.remote-warehouse",
    ]);
  });
});

describe("attack paths on the demo plant", () => {
  const text = readFileSync(new URL("../../examples/demo-site.yaml", import.meta.url), "utf8");
  const result = validateText(text);
  if (result.valid?.kind !== "site") throw new Error("demo-site.yaml is not a valid site");
  const index = indexSite(result.valid.document);
  const importance = deriveImportance(index);
  const analysis = analyseAttackPaths(index, importance);

  it("finds the warehouse vendor's remote maintenance as the easiest way to the warehouse PLCs", () => {
    const warehouse = index.assetsOfZone.get("zone.warehouse") ?? [];
    const targets = warehouse.filter((a) => analysis.targets.includes(a.id));
    expect(targets.map((a) => a.id)).toContain("plc-asrs-01");
    for (const asset of targets) {
      const [easiest] = analysis.pathsByTarget.get(asset.id) ?? [];
      expect(easiest?.entry).toBe("ext.vendor-asrs");
      expect(easiest?.entryKind).toBe("vendor-remote-maintenance");
      expect(easiest?.hops.map((h) => h.conduit)).toEqual(["c.vendor-asrs", "c.remote-warehouse"]);
    }
  });

  it("is deterministic and sorted", () => {
    const again = analyseAttackPaths(indexSite(result.valid?.document as Site), importance);
    expect(again.paths.map((p) => [p.id, p.score])).toEqual(analysis.paths.map((p) => [p.id, p.score]));
    expect(analysis.targets).toEqual([...analysis.targets].sort());
    for (const list of analysis.pathsByTarget.values())
      for (let i = 1; i < list.length; i++)
        expect((list[i - 1]?.score ?? 0) <= (list[i]?.score ?? 0)).toBe(true);
  });

  it("builds per-target results on use, the same through every accessor", () => {
    const fresh = analyseAttackPaths(index, importance);
    expect(fresh.pathsFor("plc-asrs-01")).toBe(fresh.pathsFor("plc-asrs-01"));
    expect(fresh.pathsFor("plc-asrs-01")).toBe(fresh.pathsByTarget.get("plc-asrs-01"));
    expect(fresh.cutFor("plc-asrs-01")).toBe(fresh.cutsByTarget.get("plc-asrs-01"));
    expect(fresh.pathsFor("no-such-asset")).toEqual([]);
    expect(fresh.pathsFor("mobile-mgr")).toEqual([]); // medium: not a target
    expect(fresh.cutFor("mobile-mgr")).toBeUndefined();
    expect(fresh.paths.length).toBe([...fresh.pathsByTarget.values()].reduce((n, l) => n + l.length, 0));
    const json = JSON.parse(JSON.stringify(fresh));
    expect(json.paths.length).toBe(fresh.paths.length);
    expect(Object.keys(json)).toEqual(expect.arrayContaining(["paths", "cutsByTarget", "conduitRanking"]));
  });

  it("never crosses the historian diode backwards and cuts every target's paths", () => {
    expect(analysis.blocked.map((b) => b.conduit)).toEqual(["c.mes-dmz-diode"]);
    for (const path of analysis.paths)
      for (const h of path.hops)
        if (h.conduit === "c.mes-dmz-diode") expect([h.from, h.to]).toEqual(["zone.mes", "zone.dmz"]);
    for (const [target, cut] of analysis.cutsByTarget) {
      expect(cut.conduits.length).toBeGreaterThan(0);
      expect(cut.pathsCut).toBe(analysis.pathsByTarget.get(target)?.length);
    }
  });
});
