import type { Control, Operation, Site } from "../../../model/site.js";
import {
  externalLinkWithoutFiltering,
  itOtBoundaryWithoutFiltering,
  permissiveFirewallRule,
  zoneBoundaryWithoutFiltering,
} from "../boundary.js";
import { dataDiodeAgainstDirection } from "../diode.js";
import { securityLevelBelowImportance, zoneWithoutSecurityLevel } from "../levels.js";
import { endOfSupport } from "../lifecycle.js";
import { zoneWithoutMonitoring } from "../monitoring.js";
import { dmzBypass, otZoneToCloudOrInternet } from "../outside.js";
import {
  bidirectionalWhereOneWayWouldDo,
  cleartextToExternal,
  cloudLinkWithoutEncryption,
  conduitWithoutProtocols,
  otProtocolWithoutAuthentication,
} from "../protocols.js";
import {
  engineeringWorkstationWithoutJumpHost,
  remoteAccessStanding,
  remoteAccessWithoutMfa,
  vendorStandingAccess,
} from "../remote-access.js";
import { safetySharedZone, safetyZoneBeyondControl } from "../safety.js";
import { flatNetwork, generalPurposeInControlZone } from "../segmentation.js";
import { removableMediaWithoutScanning, unconnectedLineNetworked } from "../transient.js";
import type { FindingRule, Severity } from "../types.js";
import { wirelessIntoControlZone } from "../wireless.js";
import { asset, conduit, external, site, zone } from "./sites.js";

/**
 * One row per situation: a tiny valid site on which the rule fires exactly once, on the expected subject,
 * with the expected severity and message; and minimal changes after which it stays silent.
 */
export interface RuleCase {
  rule: FindingRule;
  name: string;
  site: () => Site;
  subject: string;
  severity: Severity;
  variant?: string;
  asOf?: string;
  quiet: { name: string; change: (site: Site) => void; asOf?: string }[];
}

const op = (id: string, importance: string): Operation => ({
  id,
  name: id,
  importance,
  reasons: [{ aspect: "delivery", note: "test" }],
});

function at<T>(items: T[] | undefined, i: number, what: string): T {
  const item = items?.[i];
  if (item === undefined) throw new Error(`no ${what} ${i}`);
  return item;
}
const zoneAt = (s: Site, i: number) => at(s.zones, i, "zone");
const externalAt = (s: Site, i: number) => at(s.externals, i, "external");
const assetAt = (s: Site, i: number) => at(s.assets, i, "asset");
const operationAt = (s: Site, i: number) => at(s.operations, i, "operation");
const conduitAt = (s: Site, i: number) => at(s.conduits, i, "conduit");
const first = (s: Site) => conduitAt(s, 0);
const controlsOf = (s: Site, i: number) => {
  const c = conduitAt(s, i);
  c.controls ??= [];
  return c.controls;
};
const controlAt = (s: Site, i: number) => at(first(s).controls, i, "control");
const ruleOf = (s: Site) => at(controlAt(s, 0).rules, 0, "rule");
const protocolsOf = (s: Site) => {
  const c = first(s);
  c.protocols ??= [];
  return c.protocols;
};
const assetsOf = (s: Site) => {
  s.assets ??= [];
  return s.assets;
};

const addControl =
  (...controls: Control[]) =>
  (s: Site) => {
    const c = first(s);
    c.controls = [...(c.controls ?? []), ...controls];
  };

export const ruleCases: RuleCase[] = [
  // Boundary ---------------------------------------------------------------------------------------------
  {
    rule: zoneBoundaryWithoutFiltering,
    name: "MES (SL 2) to control (SL 3) with no filter",
    site: () =>
      site({
        zones: [
          zone("z.mes", "mes-operations", { level: "sl2" }),
          zone("z.ctl", "control", { level: "sl3" }),
        ],
        conduits: [
          conduit("c1", "z.mes", "z.ctl", {
            protocols: ["opc-ua"],
            controls: [{ type: "firewall", status: "planned" }],
          }),
        ],
      }),
    subject: "conduit:c1",
    severity: "high",
    quiet: [
      { name: "a firewall in force", change: addControl({ type: "firewall" }) },
      {
        name: "a data diode",
        change: (s) => {
          first(s).direction = "data-diode";
        },
      },
      {
        name: "the same level",
        change: (s) => {
          zoneAt(s, 0).securityLevel = { target: "sl3" };
        },
      },
    ],
  },
  {
    rule: zoneBoundaryWithoutFiltering,
    name: "into a safety zone: critical",
    site: () =>
      site({
        zones: [zone("z.ctl", "control", { level: "sl2" }), zone("z.sis", "safety", { level: "sl3" })],
        conduits: [conduit("c1", "z.ctl", "z.sis", { protocols: ["profinet"] })],
      }),
    subject: "conduit:c1",
    severity: "critical",
    quiet: [{ name: "a protocol break", change: addControl({ type: "protocol-break" }) }],
  },
  {
    rule: itOtBoundaryWithoutFiltering,
    name: "enterprise IT straight to control at the same level",
    site: () =>
      site({
        zones: [zone("z.ent", "enterprise-it", { level: "sl2" }), zone("z.ctl", "control", { level: "sl2" })],
        conduits: [conduit("c1", "z.ent", "z.ctl", { protocols: ["https"] })],
      }),
    subject: "conduit:c1",
    severity: "high",
    quiet: [
      { name: "a firewall", change: addControl({ type: "firewall" }) },
      {
        name: "levels differ (the other rule's)",
        change: (s) => {
          zoneAt(s, 1).securityLevel = { target: "sl3" };
        },
      },
      {
        name: "both on the IT side",
        change: (s) => {
          zoneAt(s, 1).type = "office";
        },
      },
    ],
  },
  {
    rule: externalLinkWithoutFiltering,
    name: "vendor into the remote-maintenance zone with a VPN only",
    site: () =>
      site({
        externals: [external("x.vendor", "vendor-remote-maintenance")],
        zones: [zone("z.rm", "remote-maintenance", { level: "sl3" })],
        conduits: [
          conduit("c1", "x.vendor", "z.rm", {
            protocols: ["tls-vpn"],
            controls: ["vpn"],
            medium: "cellular",
          }),
        ],
      }),
    subject: "conduit:c1",
    severity: "high",
    quiet: [
      { name: "a firewall", change: addControl({ type: "firewall" }) },
      { name: "a jump host", change: addControl({ type: "jump-host" }) },
      {
        name: "the far side is the cloud zone",
        change: (s) => {
          zoneAt(s, 0).type = "cloud";
        },
      },
      {
        name: "the external is a person",
        change: (s) => {
          externalAt(s, 0).kind = "insider";
        },
      },
    ],
  },
  {
    rule: externalLinkWithoutFiltering,
    name: "partner to the office: medium",
    site: () =>
      site({
        externals: [external("x.partner", "partner-network")],
        zones: [zone("z.ent", "enterprise-it", { level: "sl2" })],
        conduits: [conduit("c1", "z.ent", "x.partner", { protocols: ["https"] })],
      }),
    subject: "conduit:c1",
    severity: "medium",
    quiet: [{ name: "an allow-list", change: addControl({ type: "allow-listing" }) }],
  },
  {
    rule: permissiveFirewallRule,
    name: "allow-all between MES and control",
    site: () =>
      site({
        zones: [
          zone("z.mes", "mes-operations", { level: "sl2" }),
          zone("z.ctl", "control", { level: "sl2" }),
        ],
        conduits: [
          conduit("c1", "z.mes", "z.ctl", {
            protocols: ["ethernet-ip"],
            controls: [
              {
                type: "firewall",
                rules: [{ action: "allow", source: "10.40.0.0/24", destination: "10.53.0.0/24" }],
              },
            ],
          }),
        ],
      }),
    subject: "conduit:c1",
    severity: "high",
    quiet: [
      {
        name: "the rule names a protocol",
        change: (s) => {
          ruleOf(s).protocol = "ethernet-ip";
        },
      },
      {
        name: "the rule denies",
        change: (s) => {
          ruleOf(s).action = "deny";
        },
      },
      {
        name: "the firewall is only planned",
        change: (s) => {
          controlAt(s, 0).status = "planned";
        },
      },
    ],
  },
  {
    rule: permissiveFirewallRule,
    name: "allow-all between IT and DMZ: medium",
    site: () =>
      site({
        zones: [zone("z.ent", "enterprise-it", { level: "sl2" }), zone("z.dmz", "dmz", { level: "sl3" })],
        conduits: [
          conduit("c1", "z.ent", "z.dmz", {
            protocols: ["https"],
            controls: [{ type: "firewall", rules: [{ action: "allow" }] }],
          }),
        ],
      }),
    subject: "conduit:c1",
    severity: "medium",
    quiet: [
      {
        name: "a port",
        change: (s) => {
          ruleOf(s).port = 443;
        },
      },
    ],
  },

  // Remote access ----------------------------------------------------------------------------------------
  {
    rule: remoteAccessWithoutMfa,
    name: "vendor VPN into the remote-maintenance zone",
    site: () =>
      site({
        externals: [external("x.vendor", "vendor-remote-maintenance")],
        zones: [zone("z.rm", "remote-maintenance", { level: "sl3" })],
        conduits: [
          conduit("c1", "x.vendor", "z.rm", {
            protocols: ["tls-vpn"],
            controls: ["vpn", { type: "mfa", status: "planned" }],
          }),
        ],
      }),
    subject: "conduit:c1",
    severity: "high",
    quiet: [
      { name: "MFA in force", change: addControl({ type: "mfa" }) },
      {
        name: "one way out of the plant only",
        change: (s) => {
          const c = first(s);
          [c.from, c.to] = [c.to, c.from];
          c.direction = "one-way";
        },
      },
    ],
  },
  {
    rule: remoteAccessWithoutMfa,
    name: "a hop out of the remote-maintenance zone into control: critical",
    site: () =>
      site({
        zones: [
          zone("z.rm", "remote-maintenance", { level: "sl3" }),
          zone("z.ctl", "control", { level: "sl3" }),
        ],
        conduits: [conduit("c1", "z.rm", "z.ctl", { protocols: ["vnc"], controls: ["firewall"] })],
      }),
    subject: "conduit:c1",
    severity: "critical",
    quiet: [
      { name: "MFA on the hop", change: addControl({ type: "mfa" }) },
      {
        name: "every way into the remote zone has MFA (the hop inherits it)",
        change: (s) => {
          s.externals = [
            external("x.vendor", "vendor-remote-maintenance"),
            external("x.plant", "group-plant"),
          ];
          s.conduits?.push(
            conduit("c0", "x.vendor", "z.rm", { protocols: ["tls-vpn"], controls: ["mfa", "firewall"] }),
            conduit("c2", "x.plant", "z.rm", { protocols: ["ipsec"], controls: ["mfa", "firewall"] }),
          );
        },
      },
    ],
  },
  {
    rule: remoteAccessWithoutMfa,
    name: "RDP from the internet",
    site: () =>
      site({
        externals: [external("x.net", "internet")],
        zones: [zone("z.ctl", "control", { level: "sl2" })],
        conduits: [conduit("c1", "x.net", "z.ctl", { protocols: ["rdp"], controls: ["firewall"] })],
      }),
    subject: "conduit:c1",
    severity: "critical",
    quiet: [
      {
        name: "web traffic only",
        change: (s) => {
          first(s).protocols = [{ protocol: "https" }];
        },
      },
      { name: "MFA", change: addControl({ type: "mfa" }) },
    ],
  },
  {
    rule: remoteAccessWithoutMfa,
    name: "RDP from the office into the DMZ",
    site: () =>
      site({
        zones: [zone("z.ent", "enterprise-it", { level: "sl2" }), zone("z.dmz", "dmz", { level: "sl3" })],
        conduits: [conduit("c1", "z.ent", "z.dmz", { protocols: ["rdp"], controls: ["firewall"] })],
      }),
    subject: "conduit:c1",
    severity: "high",
    quiet: [
      { name: "MFA", change: addControl({ type: "mfa" }) },
      {
        name: "between two business zones",
        change: (s) => {
          zoneAt(s, 1).type = "office";
        },
      },
    ],
  },
  {
    rule: remoteAccessStanding,
    name: "SSH from a partner, MFA but no time limit",
    site: () =>
      site({
        externals: [external("x.partner", "partner-network")],
        zones: [zone("z.dmz", "dmz", { level: "sl2" })],
        conduits: [
          conduit("c1", "x.partner", "z.dmz", { protocols: ["ssh"], controls: ["mfa", "firewall"] }),
        ],
      }),
    subject: "conduit:c1",
    severity: "medium",
    quiet: [
      { name: "time-limited access", change: addControl({ type: "time-limited-access" }) },
      { name: "approval per connection", change: addControl({ type: "approval" }) },
    ],
  },
  {
    rule: remoteAccessStanding,
    name: "vendor into a low zone",
    site: () =>
      site({
        externals: [external("x.vendor", "vendor-remote-maintenance")],
        zones: [zone("z.rm", "remote-maintenance", { level: "sl1" })],
        conduits: [conduit("c1", "x.vendor", "z.rm", { protocols: ["tls-vpn"], controls: ["mfa"] })],
      }),
    subject: "conduit:c1",
    severity: "medium",
    quiet: [
      // At level 3 the vendor rule reports it instead.
      {
        name: "a high zone (the vendor rule's)",
        change: (s) => {
          zoneAt(s, 0).securityLevel = { target: "sl3" };
        },
      },
      { name: "approval", change: addControl({ type: "approval" }) },
    ],
  },
  {
    rule: vendorStandingAccess,
    name: "vendor always connected to a level-3 zone",
    site: () =>
      site({
        externals: [external("x.vendor", "vendor-remote-maintenance")],
        zones: [zone("z.rm", "remote-maintenance", { level: "sl3" })],
        conduits: [conduit("c1", "x.vendor", "z.rm", { protocols: ["tls-vpn"], controls: ["vpn", "mfa"] })],
      }),
    subject: "conduit:c1",
    severity: "high",
    quiet: [
      { name: "time-limited access", change: addControl({ type: "time-limited-access" }) },
      {
        name: "a level-1 zone of no importance",
        change: (s) => {
          zoneAt(s, 0).securityLevel = { target: "sl1" };
        },
      },
      {
        name: "not a vendor (an HQ web link)",
        change: (s) => {
          externalAt(s, 0).kind = "corporate-it";
          first(s).protocols = [{ protocol: "https" }];
        },
      },
    ],
  },
  {
    rule: vendorStandingAccess,
    name: "through the remote-maintenance zone into an important control zone: critical",
    site: () =>
      site({
        operations: [op("op.line", "high")],
        externals: [external("x.vendor", "vendor-remote-maintenance")],
        zones: [
          zone("z.rm", "remote-maintenance", { level: "sl1" }),
          zone("z.ctl", "control", { level: "sl2", operations: ["op.line"] }),
        ],
        conduits: [
          conduit("c0", "x.vendor", "z.rm", { protocols: ["tls-vpn"], controls: ["mfa", "firewall"] }),
          conduit("c1", "z.rm", "z.ctl", { protocols: ["vnc"], controls: ["firewall"] }),
        ],
      }),
    subject: "conduit:c1",
    severity: "critical",
    quiet: [
      {
        name: "approval on the entry",
        change: (s) => {
          controlsOf(s, 0).push({ type: "approval" });
        },
      },
      {
        name: "approval on the hop",
        change: (s) => {
          controlsOf(s, 1).push({ type: "approval" });
        },
      },
      {
        name: "an unimportant zone",
        change: (s) => {
          operationAt(s, 0).importance = "low";
        },
      },
    ],
  },
  {
    rule: engineeringWorkstationWithoutJumpHost,
    name: "RDP from MES to the press line's EWS",
    site: () =>
      site({
        assets: [asset("ews-1", "engineering-workstation")],
        zones: [
          zone("z.mes", "mes-operations", { level: "sl2" }),
          zone("z.ctl", "control", { level: "sl3", assets: ["ews-1"] }),
        ],
        conduits: [conduit("c1", "z.mes", "z.ctl", { protocols: ["rdp"], controls: ["firewall"] })],
      }),
    subject: "conduit:c1",
    severity: "medium",
    quiet: [
      { name: "a jump host control", change: addControl({ type: "jump-host" }) },
      {
        name: "no remote-control protocol",
        change: (s) => {
          first(s).protocols = [{ protocol: "opc-ua" }];
        },
      },
      {
        name: "the source zone holds the jump host",
        change: (s) => {
          assetsOf(s).push({ id: "jh-1", name: "jh-1", type: "jump-host" });
          zoneAt(s, 0).assets = ["jh-1"];
        },
      },
      {
        name: "one way out of the zone",
        change: (s) => {
          const c = first(s);
          [c.from, c.to] = [c.to, c.from];
          c.direction = "one-way";
        },
      },
    ],
  },

  // Protocols --------------------------------------------------------------------------------------------
  {
    rule: otProtocolWithoutAuthentication,
    name: "Modbus/TCP from MES into press control",
    site: () =>
      site({
        zones: [
          zone("z.mes", "mes-operations", { level: "sl2" }),
          zone("z.ctl", "control", { level: "sl3" }),
        ],
        conduits: [
          conduit("c1", "z.mes", "z.ctl", { protocols: ["modbus-tcp", "opc-ua"], controls: ["firewall"] }),
        ],
      }),
    subject: "conduit:c1",
    severity: "high",
    quiet: [
      {
        name: "OPC UA only",
        change: (s) => {
          first(s).protocols = [{ protocol: "opc-ua" }];
        },
      },
    ],
  },
  {
    rule: otProtocolWithoutAuthentication,
    name: "S7comm only leaving control towards the DMZ: medium",
    site: () =>
      site({
        zones: [zone("z.ctl", "control", { level: "sl3" }), zone("z.dmz", "dmz", { level: "sl3" })],
        conduits: [
          conduit("c1", "z.ctl", "z.dmz", {
            protocols: ["s7comm"],
            direction: "one-way",
            controls: ["firewall"],
          }),
        ],
      }),
    subject: "conduit:c1",
    severity: "medium",
    quiet: [
      {
        name: "CIP Security instead",
        change: (s) => {
          first(s).protocols = [{ protocol: "cip-security" }];
        },
      },
    ],
  },
  {
    rule: cleartextToExternal,
    name: "FTP to the other plant",
    site: () =>
      site({
        externals: [external("x.plant", "group-plant")],
        zones: [zone("z.ent", "enterprise-it", { level: "sl2" })],
        conduits: [conduit("c1", "z.ent", "x.plant", { protocols: ["ftp", "dns"], controls: ["firewall"] })],
      }),
    subject: "conduit:c1",
    severity: "medium",
    quiet: [
      { name: "a VPN", change: addControl({ type: "vpn" }) },
      {
        name: "inside an IPsec tunnel",
        change: (s) => {
          protocolsOf(s).push({ protocol: "ipsec" });
        },
      },
      {
        name: "DNS only",
        change: (s) => {
          first(s).protocols = [{ protocol: "dns" }];
        },
      },
    ],
  },
  {
    rule: cleartextToExternal,
    name: "Modbus to a partner: high",
    site: () =>
      site({
        externals: [external("x.partner", "partner-network")],
        zones: [zone("z.mes", "mes-operations", { level: "sl2" })],
        conduits: [
          conduit("c1", "z.mes", "x.partner", { protocols: ["modbus-tcp"], controls: ["firewall"] }),
        ],
      }),
    subject: "conduit:c1",
    severity: "high",
    quiet: [{ name: "encryption in force", change: addControl({ type: "encryption" }) }],
  },
  {
    rule: cloudLinkWithoutEncryption,
    name: "OPC UA from MES to the cloud zone",
    site: () =>
      site({
        zones: [
          zone("z.mes", "mes-operations", { level: "sl2" }),
          zone("z.cloud", "cloud", { level: "sl2" }),
        ],
        conduits: [
          conduit("c1", "z.mes", "z.cloud", {
            protocols: ["opc-ua"],
            controls: ["firewall", { type: "encryption", status: "planned" }],
          }),
        ],
      }),
    subject: "conduit:c1",
    severity: "high",
    quiet: [
      { name: "encryption in force", change: addControl({ type: "encryption" }) },
      {
        name: "MQTTS",
        change: (s) => {
          first(s).protocols = [{ protocol: "mqtts" }];
        },
      },
    ],
  },
  {
    rule: cloudLinkWithoutEncryption,
    name: "MQTT to a cloud service",
    site: () =>
      site({
        externals: [external("x.saas", "cloud-service")],
        zones: [zone("z.dmz", "dmz", { level: "sl3" })],
        conduits: [
          conduit("c1", "z.dmz", "x.saas", {
            protocols: ["mqtt"],
            direction: "one-way",
            controls: ["firewall"],
          }),
        ],
      }),
    subject: "conduit:c1",
    severity: "high",
    quiet: [
      {
        name: "the cloud zone to its provider",
        change: (s) => {
          zoneAt(s, 0).type = "cloud";
        },
      },
    ],
  },
  {
    rule: conduitWithoutProtocols,
    name: "a wired conduit that says nothing",
    site: () =>
      site({
        zones: [
          zone("z.mes", "mes-operations", { level: "sl2" }),
          zone("z.ctl", "control", { level: "sl2" }),
        ],
        conduits: [conduit("c1", "z.mes", "z.ctl", { controls: ["firewall"] })],
      }),
    subject: "conduit:c1",
    severity: "low",
    quiet: [
      {
        name: "protocols declared",
        change: (s) => {
          first(s).protocols = [{ protocol: "opc-ua" }];
        },
      },
      {
        name: "carried by hand",
        change: (s) => {
          first(s).medium = "manual";
        },
      },
    ],
  },
  {
    rule: bidirectionalWhereOneWayWouldDo,
    name: "OPC UA collection from MES to the DMZ, both ways",
    site: () =>
      site({
        zones: [zone("z.mes", "mes-operations", { level: "sl2" }), zone("z.dmz", "dmz", { level: "sl3" })],
        conduits: [
          conduit("c1", "z.mes", "z.dmz", { protocols: ["opc-ua", "mqtts"], controls: ["firewall"] }),
        ],
      }),
    subject: "conduit:c1",
    severity: "low",
    quiet: [
      {
        name: "one way",
        change: (s) => {
          first(s).direction = "one-way";
        },
      },
      {
        name: "also carries RDP",
        change: (s) => {
          protocolsOf(s).push({ protocol: "rdp" });
        },
      },
      {
        name: "between two production zones",
        change: (s) => {
          zoneAt(s, 1).type = "control";
        },
      },
    ],
  },

  // Diode ------------------------------------------------------------------------------------------------
  {
    rule: dataDiodeAgainstDirection,
    name: "from the DMZ into control",
    site: () =>
      site({
        zones: [zone("z.dmz", "dmz", { level: "sl3" }), zone("z.ctl", "control", { level: "sl3" })],
        conduits: [conduit("c1", "z.dmz", "z.ctl", { protocols: ["opc-ua"], direction: "data-diode" })],
      }),
    subject: "conduit:c1",
    severity: "high",
    quiet: [
      {
        name: "from control into the DMZ",
        change: (s) => {
          const c = first(s);
          [c.from, c.to] = [c.to, c.from];
        },
      },
    ],
  },
  {
    rule: dataDiodeAgainstDirection,
    name: "between building zones, from the lower level up",
    site: () =>
      site({
        zones: [
          zone("z.b1", "building-facility", { level: "sl1" }),
          zone("z.b2", "building-facility", { level: "sl3" }),
        ],
        conduits: [conduit("c1", "z.b1", "z.b2", { protocols: ["bacnet"], direction: "data-diode" })],
      }),
    subject: "conduit:c1",
    severity: "high",
    quiet: [
      {
        name: "from the higher level down",
        change: (s) => {
          const c = first(s);
          [c.from, c.to] = [c.to, c.from];
        },
      },
      {
        name: "a one-way conduit, not a diode",
        change: (s) => {
          first(s).direction = "one-way";
        },
      },
    ],
  },
  {
    rule: dataDiodeAgainstDirection,
    name: "from an external into a zone",
    variant: "from-external",
    site: () =>
      site({
        externals: [external("x.upd", "supplier-update")],
        zones: [zone("z.dmz", "dmz", { level: "sl3" })],
        conduits: [conduit("c1", "x.upd", "z.dmz", { protocols: ["https"], direction: "data-diode" })],
      }),
    subject: "conduit:c1",
    severity: "high",
    quiet: [
      {
        name: "out to the external",
        change: (s) => {
          const c = first(s);
          [c.from, c.to] = [c.to, c.from];
        },
      },
    ],
  },

  // Safety -----------------------------------------------------------------------------------------------
  {
    rule: safetySharedZone,
    name: "a safety PLC beside an HMI in the safety zone",
    site: () =>
      site({
        assets: [asset("splc-1", "safety-plc"), asset("lc-1", "field-io"), asset("hmi-1", "hmi")],
        zones: [zone("z.sis", "safety", { level: "sl3", assets: ["splc-1", "lc-1", "hmi-1"] })],
      }),
    subject: "zone:z.sis",
    severity: "high",
    quiet: [
      {
        name: "without the HMI",
        change: (s) => {
          zoneAt(s, 0).assets = ["splc-1", "lc-1"];
        },
      },
    ],
  },
  {
    rule: safetySharedZone,
    name: "a safety PLC in a control zone",
    site: () =>
      site({
        assets: [asset("splc-1", "safety-plc"), asset("plc-1", "plc")],
        zones: [zone("z.ctl", "control", { level: "sl3", assets: ["splc-1", "plc-1"] })],
      }),
    subject: "zone:z.ctl",
    severity: "high",
    quiet: [
      {
        name: "no safety PLC",
        change: (s) => {
          zoneAt(s, 0).assets = ["plc-1"];
        },
      },
    ],
  },
  {
    rule: safetyZoneBeyondControl,
    name: "safety zone wired to MES",
    site: () =>
      site({
        zones: [zone("z.sis", "safety", { level: "sl3" }), zone("z.mes", "mes-operations", { level: "sl2" })],
        conduits: [conduit("c1", "z.mes", "z.sis", { protocols: ["opc-ua"], controls: ["firewall"] })],
      }),
    subject: "conduit:c1",
    severity: "critical",
    quiet: [
      {
        name: "to its control zone",
        change: (s) => {
          zoneAt(s, 1).type = "control";
        },
      },
    ],
  },

  // Outside ----------------------------------------------------------------------------------------------
  {
    rule: otZoneToCloudOrInternet,
    name: "control zone straight to the internet",
    site: () =>
      site({
        externals: [external("x.net", "internet")],
        zones: [zone("z.ctl", "control", { level: "sl2" })],
        conduits: [conduit("c1", "z.ctl", "x.net", { protocols: ["https"], controls: ["firewall"] })],
      }),
    subject: "conduit:c1",
    severity: "critical",
    quiet: [
      {
        name: "from the DMZ instead",
        change: (s) => {
          zoneAt(s, 0).type = "dmz";
        },
      },
    ],
  },
  {
    rule: otZoneToCloudOrInternet,
    name: "MES straight to the cloud zone: high",
    site: () =>
      site({
        zones: [
          zone("z.mes", "mes-operations", { level: "sl2" }),
          zone("z.cloud", "cloud", { level: "sl2" }),
        ],
        conduits: [
          conduit("c1", "z.mes", "z.cloud", {
            protocols: ["mqtts"],
            direction: "one-way",
            controls: ["firewall"],
          }),
        ],
      }),
    subject: "conduit:c1",
    severity: "high",
    quiet: [
      {
        name: "an external service zone, not the cloud",
        change: (s) => {
          zoneAt(s, 1).type = "external-service";
        },
      },
    ],
  },
  {
    rule: dmzBypass,
    name: "office straight to control",
    site: () =>
      site({
        zones: [zone("z.ent", "office", { level: "sl2" }), zone("z.ctl", "control", { level: "sl3" })],
        conduits: [conduit("c1", "z.ent", "z.ctl", { protocols: ["https"], controls: ["firewall"] })],
      }),
    subject: "conduit:c1",
    severity: "critical",
    quiet: [
      {
        name: "office to the DMZ",
        change: (s) => {
          zoneAt(s, 1).type = "dmz";
        },
      },
    ],
  },
  {
    rule: dmzBypass,
    name: "HQ straight to MES: high",
    site: () =>
      site({
        externals: [external("x.hq", "corporate-it")],
        zones: [zone("z.mes", "mes-operations", { level: "sl2" })],
        conduits: [conduit("c1", "x.hq", "z.mes", { protocols: ["sql"], controls: ["firewall"] })],
      }),
    subject: "conduit:c1",
    severity: "high",
    quiet: [
      {
        name: "HQ to the enterprise zone",
        change: (s) => {
          zoneAt(s, 0).type = "enterprise-it";
        },
      },
    ],
  },

  // Transient assets -------------------------------------------------------------------------------------
  {
    rule: removableMediaWithoutScanning,
    name: "USB into the unconnected line, scanning only planned",
    site: () =>
      site({
        externals: [external("x.usb", "removable-media")],
        zones: [zone("z.unc", "unconnected-line", { level: "sl1" })],
        conduits: [
          conduit("c1", "x.usb", "z.unc", {
            protocols: ["usb"],
            direction: "one-way",
            medium: "removable-media",
            controls: [{ type: "malware-scanning", status: "planned" }],
          }),
        ],
      }),
    subject: "conduit:c1",
    severity: "high",
    quiet: [
      {
        name: "scanning in force",
        change: (s) => {
          controlAt(s, 0).status = "implemented";
        },
      },
      {
        name: "into the office",
        change: (s) => {
          zoneAt(s, 0).type = "office";
        },
      },
    ],
  },
  {
    rule: removableMediaWithoutScanning,
    name: "a vendor's laptop plugged into control",
    site: () =>
      site({
        externals: [external("x.pc", "maintenance-pc")],
        zones: [zone("z.ctl", "control", { level: "sl2" })],
        conduits: [
          conduit("c1", "x.pc", "z.ctl", {
            protocols: ["s7comm"],
            medium: "direct-cable",
            controls: ["approval"],
          }),
        ],
      }),
    subject: "conduit:c1",
    severity: "high",
    quiet: [{ name: "scanned before use", change: addControl({ type: "malware-scanning" }) }],
  },
  {
    rule: unconnectedLineNetworked,
    name: "the unconnected line wired to MES",
    site: () =>
      site({
        zones: [
          zone("z.unc", "unconnected-line", { level: "sl1" }),
          zone("z.mes", "mes-operations", { level: "sl2" }),
        ],
        conduits: [
          conduit("c1", "z.mes", "z.unc", { protocols: ["ftp"], medium: "wired", controls: ["firewall"] }),
        ],
      }),
    subject: "conduit:c1",
    severity: "high",
    quiet: [
      {
        name: "data carried by hand",
        change: (s) => {
          first(s).medium = "manual";
        },
      },
      {
        name: "a line that is connected by design",
        change: (s) => {
          zoneAt(s, 0).type = "control";
        },
      },
    ],
  },

  // Wireless ---------------------------------------------------------------------------------------------
  {
    rule: wirelessIntoControlZone,
    name: "AGV Wi-Fi into the warehouse control zone",
    site: () =>
      site({
        externals: [external("x.radio", "wireless")],
        zones: [zone("z.wh", "control", { level: "sl3" })],
        conduits: [
          conduit("c1", "x.radio", "z.wh", {
            protocols: ["proprietary"],
            medium: "wireless",
            controls: ["encryption"],
          }),
        ],
      }),
    subject: "conduit:c1",
    severity: "high",
    quiet: [
      {
        name: "into a field zone",
        change: (s) => {
          zoneAt(s, 0).type = "field";
        },
      },
    ],
  },
  {
    rule: wirelessIntoControlZone,
    name: "a firewalled, authenticated cellular link: medium",
    site: () =>
      site({
        zones: [
          zone("z.rm", "remote-maintenance", { level: "sl2" }),
          zone("z.ctl", "control", { level: "sl3" }),
        ],
        conduits: [
          conduit("c1", "z.rm", "z.ctl", {
            protocols: ["vnc"],
            medium: "cellular",
            controls: ["firewall", "authentication"],
          }),
        ],
      }),
    subject: "conduit:c1",
    severity: "medium",
    quiet: [
      {
        name: "over a cable",
        change: (s) => {
          first(s).medium = "wired";
        },
      },
    ],
  },
  {
    rule: wirelessIntoControlZone,
    name: "an access point in a control zone with no radio conduit drawn",
    variant: "asset",
    site: () =>
      site({
        assets: [asset("ap-1", "wireless-ap"), asset("plc-1", "plc")],
        zones: [zone("z.ctl", "control", { level: "sl2", assets: ["ap-1", "plc-1"] })],
      }),
    subject: "asset:ap-1",
    severity: "high",
    quiet: [
      {
        name: "the access point elsewhere",
        change: (s) => {
          zoneAt(s, 0).type = "office";
        },
      },
    ],
  },

  // Segmentation -----------------------------------------------------------------------------------------
  {
    rule: flatNetwork,
    name: "one zone with 22 of 25 devices",
    variant: "share",
    site: () => {
      const big = Array.from({ length: 22 }, (_, i) => asset(`d${i}`, "plc"));
      const small = Array.from({ length: 3 }, (_, i) => asset(`e${i}`, "hmi"));
      return site({
        assets: [...big, ...small],
        zones: [
          zone("z.big", "mes-operations", { level: "sl2", assets: big.map((a) => a.id) }),
          zone("z.small", "control", { level: "sl2", assets: small.map((a) => a.id) }),
        ],
      });
    },
    subject: "zone:z.big",
    severity: "high",
    quiet: [
      {
        name: "20 more devices in a third zone (22 of 45 is not most)",
        change: (s) => {
          const more = Array.from({ length: 20 }, (_, i) => asset(`f${i}`, "hmi"));
          assetsOf(s).push(...more);
          s.zones?.push(zone("z.third", "control", { level: "sl2", assets: more.map((a) => a.id) }));
        },
      },
    ],
  },
  {
    rule: flatNetwork,
    name: "a label printer beside the PLCs",
    variant: "mixed",
    site: () =>
      site({
        assets: [asset("plc-1", "plc"), asset("prn-1", "printer")],
        zones: [zone("z.ctl", "control", { level: "sl2", assets: ["plc-1", "prn-1"] })],
      }),
    subject: "zone:z.ctl",
    severity: "medium",
    quiet: [
      {
        name: "without the printer",
        change: (s) => {
          zoneAt(s, 0).assets = ["plc-1"];
        },
      },
    ],
  },
  {
    rule: generalPurposeInControlZone,
    name: "an off-the-shelf camera in control",
    site: () =>
      site({
        assets: [asset("cam-1", "camera", { generalPurpose: true }), asset("plc-1", "plc")],
        zones: [zone("z.ctl", "control", { level: "sl2", assets: ["cam-1", "plc-1"] })],
      }),
    subject: "zone:z.ctl",
    severity: "medium",
    quiet: [
      {
        name: "in the office",
        change: (s) => {
          zoneAt(s, 0).type = "office";
        },
      },
      {
        name: "not general-purpose",
        change: (s) => {
          assetAt(s, 0).generalPurpose = false;
        },
      },
    ],
  },

  // Monitoring -------------------------------------------------------------------------------------------
  {
    rule: zoneWithoutMonitoring,
    name: "a control zone whose only conduit is not logged",
    site: () =>
      site({
        zones: [zone("z.ent", "enterprise-it", { level: "sl2" }), zone("z.ctl", "field", { level: "sl2" })],
        conduits: [
          conduit("c1", "z.ent", "z.ctl", {
            protocols: ["https"],
            controls: ["firewall", { type: "monitoring", status: "planned" }],
          }),
        ],
      }),
    subject: "zone:z.ctl",
    severity: "medium",
    quiet: [
      { name: "logging in force", change: addControl({ type: "logging" }) },
      {
        name: "no conduits at all",
        change: (s) => {
          s.conduits = [];
        },
      },
    ],
  },

  // Lifecycle --------------------------------------------------------------------------------------------
  {
    rule: endOfSupport,
    name: "Windows 7 past its end of support",
    asOf: "2026-11-21",
    site: () =>
      site({
        assets: [asset("ews-1", "engineering-workstation", { supportEnds: "2020-01-14" })],
        zones: [zone("z.unc", "unconnected-line", { level: "sl1", assets: ["ews-1"] })],
      }),
    subject: "asset:ews-1",
    severity: "high",
    quiet: [
      { name: "no date to compare with", change: () => {}, asOf: "" },
      {
        name: "supported for years",
        change: (s) => {
          assetAt(s, 0).supportEnds = "2035-01-01";
        },
      },
    ],
  },
  {
    rule: endOfSupport,
    name: "support ending within the year",
    variant: "soon",
    asOf: "2026-11-21",
    site: () => site({ assets: [asset("wms-1", "application-server", { supportEnds: "2027-01-12" })] }),
    subject: "asset:wms-1",
    severity: "medium",
    quiet: [
      {
        name: "a data asset",
        change: (s) => {
          assetAt(s, 0).type = "recipe";
        },
      },
    ],
  },

  // Levels -----------------------------------------------------------------------------------------------
  {
    rule: zoneWithoutSecurityLevel,
    name: "a zone with no level",
    site: () => site({ zones: [zone("z.ctl", "control")] }),
    subject: "zone:z.ctl",
    severity: "low",
    quiet: [
      {
        name: "a level",
        change: (s) => {
          zoneAt(s, 0).securityLevel = { target: "sl2" };
        },
      },
    ],
  },
  {
    rule: securityLevelBelowImportance,
    name: "a high-importance zone at SL 1",
    site: () =>
      site({
        operations: [op("op.line", "high")],
        zones: [zone("z.ctl", "control", { level: "sl1", operations: ["op.line"] })],
      }),
    subject: "zone:z.ctl",
    severity: "medium",
    quiet: [
      {
        name: "SL 2",
        change: (s) => {
          zoneAt(s, 0).securityLevel = { target: "sl2" };
        },
      },
      {
        name: "medium importance",
        change: (s) => {
          operationAt(s, 0).importance = "medium";
        },
      },
    ],
  },
];
