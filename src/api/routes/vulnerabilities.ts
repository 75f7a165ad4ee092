import { z } from "@hono/zod-openapi";
import { remediationCategories } from "../../advisories/advisory.js";
import {
  type CsafProblem,
  parseCsafText,
  pointerPath,
  unknownPropertyTest,
  validateCsaf,
} from "../../advisories/csaf-validate.js";
import { matchInventory } from "../../advisories/match.js";
import { readOsvDocument } from "../../advisories/osv.js";
import { readSbom, type Sbom, type SbomFormat, type SbomProblem } from "../../advisories/sbom.js";
import {
  type Justification,
  justificationKeys,
  parseMamoriProductId,
  readVex,
  statusesFromVex,
  toCsafVex,
  toCycloneDxVex,
  type VexProduct,
  type VexProductInfo,
  type VexStatement,
  type VexWriting,
  type VulnerabilityStatus,
  vexStatusOf,
} from "../../advisories/vex.js";
import { nextWindows } from "../../advisories/windows.js";
import { resolveRoleMatrix } from "../../catalogues/role-matrix.js";
import { LocalizedText, textIn } from "../../model/common.js";
import { problem } from "../../model/problems.js";
import type { Services } from "../../server/services.js";
import type { SiteRole } from "../../store/accounts.js";
import { refuse } from "../../store/failure.js";
import { caseActions, caseStages, caseStatuses, exploitabilities } from "../../store/vulnerabilities.js";
import { mayOnProduct, mayOnSite } from "../access.js";
import type { ApiApp, ApiContext } from "../routing.js";
import { etag, ifMatch, requirePrincipal, route } from "../routing.js";

/**
 * Vulnerability information (issue 6): advisories and KEV/EPSS for the whole installation, and per site
 * the SBOMs, what matching found, the reviews of uncertain matches, the cases through the OODA loop and
 * the notices that tell each role what to do next.
 */
const siteParam = z.object({ site: z.string().min(1).max(100) });
const assetParam = siteParam.extend({ asset: z.string().min(1).max(200) });
const caseParam = assetParam.extend({ vulnerability: z.string().min(1).max(300) });
const advisoryParam = z.object({ key: z.string().min(1).max(600).describe("The advisory key, URL-encoded") });

const Reason = z.object({ code: z.string(), params: z.record(z.string(), z.string()) });

export const MatchView = z
  .object({
    asset: z.string(),
    component: z.string().describe("SBOM component ref; empty for the asset itself"),
    advisory: z.string(),
    product: z.string(),
    confidence: z.enum(["exact-identifier", "identifier-range", "name-heuristic"]),
    version: z.enum(["affected-version", "other-version", "unknown"]),
    certain: z.boolean(),
    reasons: z.array(Reason),
    vulnerabilities: z.array(
      z.object({
        id: z.string(),
        state: z.enum(["affected", "fixed", "not-affected", "under-investigation"]),
      }),
    ),
    advisoryVersion: z.string(),
    advisoryTitle: z.string(),
    productName: z.string().describe("The product's full name as the advisory writes it"),
    firstSeen: z.string(),
    review: z
      .object({
        decision: z.enum(["confirmed", "rejected"]),
        note: z.string(),
        decidedAt: z.string(),
        decidedBy: z.string().nullable(),
      })
      .nullable(),
    active: z.boolean(),
  })
  .openapi("VulnerabilityMatch");

/** A product's match: the site's, without the asset (the product, named apart). */
export const ProductMatchView = MatchView.omit({ asset: true })
  .extend({
    component: z
      .string()
      .describe("The product's component ('' = the product itself): its id, or an SBOM ref"),
  })
  .openapi("ProductVulnerabilityMatch");

/** A product's match as an advisory lists it: which product, and its component in words. */
const AdvisoryProductMatchView = ProductMatchView.extend({
  iotProduct: z
    .object({ id: z.string(), name: LocalizedText })
    .describe("The IoT product matched (`product` is the advisory's product)"),
  componentName: z
    .string()
    .nullable()
    .describe("The component's name as the product's document or SBOM gives it; null if no longer listed"),
  componentVersion: z.string().nullable(),
}).openapi("AdvisoryProductMatch");

const Orientation = z
  .object({
    exploitability: z.enum(exploitabilities),
    operationalImpact: z.string().min(1).max(2000),
    note: z.string().max(4000).optional(),
  })
  .strict();

const Task = z
  .object({
    owner: z.string().min(1).max(200).describe("A department or organisation of the site"),
    due: z.iso.date(),
    window: z.string().max(200).optional().describe("The maintenance window the work is planned into"),
    note: z.string().max(4000).optional(),
    done: z.boolean().optional(),
  })
  .strict();

export const CaseView = z
  .object({
    site: z.string(),
    asset: z.string(),
    vulnerability: z.string(),
    stage: z.enum(caseStages),
    status: z.enum(caseStatuses),
    justification: z.string().nullable(),
    statusDetail: z.string().nullable(),
    orientation: Orientation.nullable(),
    decision: z
      .object({
        action: z.enum(caseActions),
        rationale: z.string(),
        decisionMaker: z.object({ title: LocalizedText, department: z.string().optional() }),
        decidedBy: z.string(),
        decidedAt: z.string(),
        approvedBy: z.string().optional(),
        approverName: z.string().optional(),
        reviewBy: z.string().optional(),
      })
      .nullable(),
    task: Task.nullable(),
    source: z.string(),
    version: z.number().int(),
    openedAt: z.string(),
    updatedAt: z.string(),
    updatedBy: z.string().nullable(),
  })
  .openapi("VulnerabilityCase");

/** A change of our status (VEX), as cases (any justification) and products' statuses take it. */
export const statusChangeWith = (keys: readonly Justification[]) => ({
  status: z.enum(caseStatuses).optional(),
  justification: z
    .enum(keys as [Justification, ...Justification[]])
    .nullable()
    .optional(),
  statusDetail: z.string().max(4000).nullable().optional(),
});
const statusChange = statusChangeWith(justificationKeys);

const CaseChange = z
  .object({
    stage: z.enum(caseStages).optional(),
    ...statusChange,
    orientation: Orientation.optional(),
    decision: z
      .object({
        action: z.enum(caseActions),
        rationale: z.string().min(1).max(4000),
        decisionMaker: z.number().int().min(0).max(100).describe("Index into the role matrix's Decide stage"),
        reviewBy: z.iso.date().optional(),
      })
      .strict()
      .optional(),
    task: Task.optional(),
  })
  .strict()
  .openapi("VulnerabilityCaseChange");

const AdvisoryListItem = z
  .object({
    key: z.string(),
    format: z.enum(["csaf", "osv"]),
    trackingId: z.string(),
    publisher: z.string(),
    title: z.string(),
    version: z.string(),
    currentReleaseDate: z.string().nullable(),
    vulnerabilities: z.array(z.string()),
  })
  .openapi("AdvisoryListItem");

const ImportOutcome = z.object({
  key: z.string(),
  version: z.string(),
  outcome: z.enum(["new", "updated", "unchanged", "older-revision-kept"]),
  source: z.string(),
});

const Notice = z
  .object({
    id: z.number().int(),
    site: z.string(),
    role: z.string(),
    kind: z.string(),
    params: z.record(z.string(), z.string()),
    createdAt: z.string(),
    read: z.boolean(),
  })
  .openapi("Notice");

const jsonText = { schema: z.unknown().openapi({ type: "object" }) };

/** An SBOM upload: CycloneDX 1.4–1.6 JSON or XML, SPDX 2.3 JSON or tag-value, told apart by content. */
export const sbomBody = {
  required: true,
  content: {
    "application/json": jsonText,
    "application/vnd.cyclonedx+json": jsonText,
    "application/spdx+json": jsonText,
    "application/xml": { schema: z.string().openapi({ format: "binary" }) },
    "application/vnd.cyclonedx+xml": { schema: z.string().openapi({ format: "binary" }) },
    "text/spdx": { schema: z.string().openapi({ format: "binary" }) },
  },
} as const;

/** An SBOM as held: Mamori's component tree and where it came from. */
export const HeldSbom = z.object({
  sbom: z.unknown(),
  sha256: z.string(),
  importedAt: z.string(),
  importedBy: z.string().nullable(),
});

/** The answers of an SBOM import, whose subject (`asset`, `product`) says what the SBOM describes. */
export const sbomImported = <K extends string>(subject: K) => ({
  200: {
    description: "Stored",
    content: {
      "application/json": {
        schema: z.object({
          ...({ [subject]: z.string() } as Record<K, z.ZodString>),
          format: z.string(),
          specVersion: z.string(),
          components: z.number().int(),
        }),
      },
    },
  },
  422: { description: "Not an SBOM Mamori reads: the problems, located" },
});

/** A person's verdict on a match: which one (for a site also its asset) and the decision. */
export const reviewFields = {
  component: z.string().max(500).default(""),
  advisory: z.string().min(1).max(600),
  product: z.string().min(1).max(300).describe("The advisory's product id"),
  decision: z.enum(["confirmed", "rejected"]),
  note: z.string().max(4000).default(""),
};

const CvssScore = z
  .object({
    system: z.enum(["cvss_v2", "cvss_v3", "cvss_v4"]),
    version: z.string(),
    baseScore: z.number(),
    severity: z.string().optional(),
    vector: z.string(),
    products: z.array(z.string()).describe("The advisory's product ids the score is given for"),
  })
  .openapi("CvssScore");

const KevEntry = z
  .object({
    cve: z.string(),
    vendorProject: z.string(),
    product: z.string(),
    dateAdded: z.string().describe("YYYY-MM-DD"),
    dueDate: z.string().describe("YYYY-MM-DD: the BOD 22-01 deadline for US federal agencies"),
    knownRansomwareCampaignUse: z.boolean(),
    requiredAction: z.string(),
  })
  .openapi("KevEntry");

const EpssScore = z
  .object({
    cve: z.string(),
    epss: z.number().describe("Probability of exploitation activity in the next 30 days, 0–1"),
    percentile: z.number().describe("Share of scored CVEs with a lower or equal score, 0–1"),
  })
  .openapi("EpssScore");

const Remediation = z
  .object({
    category: z.enum(remediationCategories),
    details: z.string(),
    url: z.string().optional(),
    date: z.string().optional(),
    products: z.array(z.string()),
  })
  .openapi("Remediation");

/** What the advisories and KEV/EPSS say about one vulnerability, as lists of it show. */
export const advisoryFacts = {
  cvss: CvssScore.nullable().describe("The highest score the advisories give (CVSS v4 before v3 before v2)"),
  kev: KevEntry.nullable().describe("The CISA KEV entry, when KEV is imported and lists the CVE"),
  epss: EpssScore.nullable().describe("The EPSS score, when EPSS is imported and scores the CVE"),
  advisories: z.array(z.object({ key: z.string(), title: z.string(), remediations: z.array(Remediation) })),
};

/** Which KEV and EPSS data a list was made with (null: not imported). */
export const ReferenceVersions = z.object({
  kev: z.object({ version: z.string(), importedAt: z.string() }).nullable(),
  epss: z.object({ version: z.string(), importedAt: z.string() }).nullable(),
});

/** A VEX export: the format asked for, and the document. */
export const vexQuery = z.object({ format: z.enum(["csaf", "cyclonedx"]).default("csaf") });
export const vexResponses = {
  200: { description: "The VEX document", content: { "application/json": jsonText } },
};

/**
 * An uploaded SBOM, read: not an SBOM at all (syntax, unknown format) is a malformed request (400); an SBOM
 * with problems, or with a root property its format does not define, is refused with them located (422).
 */
export function sbomOf(text: string): Sbom {
  const reading = readSbom(text);
  const located = (p: SbomProblem) =>
    problem("invalid", "pointer" in p.at ? pointerPath(p.at.pointer) : [], {
      message: `${p.code}: ${p.message}${"line" in p.at ? ` (line ${p.at.line})` : ""}`,
    });
  if (!reading.sbom) refuse({ kind: "invalid", problems: reading.problems.map(located) });
  const problems = [...reading.problems, ...unknownRootProperties(text, reading.sbom.format)];
  if (problems.length) refuse({ kind: "semantic", problems: problems.map(located) });
  return reading.sbom;
}

/** A product model as its SBOM is keyed: vendor and model (compared case-insensitively), firmware version. */
const modelSbomQuery = z.object({
  vendor: z.string().trim().min(1).max(200),
  model: z.string().trim().min(1).max(200),
  version: z
    .string()
    .trim()
    .max(200)
    .default("")
    .describe("Firmware version; empty or absent for any firmware"),
});

/** A model SBOM may concern any site's assets: every site is matched again (`match` jobs). */
async function matchEverySite(c: ApiContext) {
  const { analyses, sites, worker } = c.get("services");
  for (const site of await sites.list()) await analyses.requestMatch(site.id);
  worker.nudge();
}

/** Everyone may read advisories; a site's matches are only shown on the sites the caller may read. */
function readableSites(c: ApiContext, site: string) {
  return mayOnSite(requirePrincipal(c), "site:read", site);
}

export function vulnerabilityRoutes(app: ApiApp) {
  app.openapi(
    route("authenticated", {
      method: "get",
      path: "/api/advisories",
      tags: ["advisories"],
      summary: "Advisories held (CSAF and OSV), newest release first; search by id, title or any text",
      request: {
        query: z.object({
          q: z.string().max(200).optional(),
          offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
          limit: z.coerce.number().int().min(1).max(1000).default(50),
        }),
      },
      responses: {
        200: {
          description: "A page of advisories",
          content: {
            "application/json": {
              schema: z.object({ total: z.number().int(), items: z.array(AdvisoryListItem) }),
            },
          },
        },
      },
    }),
    async (c) => {
      const { q, offset, limit } = c.req.valid("query");
      const page = await c.get("services").vulnerabilities.listAdvisories({
        ...(q ? { search: q } : {}),
        limit,
        offset,
      });
      return c.json(page, 200);
    },
  );

  app.openapi(
    route("admin", {
      method: "post",
      path: "/api/advisories",
      tags: ["advisories"],
      summary:
        "Import one CSAF 2.0 advisory or OSV record: validated (CSAF: schema and mandatory tests), refused with located problems when invalid; a newer revision replaces the older, which stays in the history",
      request: { body: { required: true, content: { "application/json": jsonText } } },
      responses: {
        200: {
          description: "Stored (or already held)",
          content: { "application/json": { schema: ImportOutcome } },
        },
        422: { description: "Not a valid CSAF 2.0 document or OSV record: the problems, located" },
      },
    }),
    async (c) => {
      const text = await c.req.text();
      const principal = requirePrincipal(c);
      const { vulnerabilities, analyses, sites, productVulnerabilities, worker } = c.get("services");
      const parsed = parseCsafText(text);
      if (!parsed.ok) refuse({ kind: "invalid", problems: csafProblems([parsed.problem]) });
      const document = parsed.document;
      let outcome: Awaited<ReturnType<typeof vulnerabilities.importAdvisories>>;
      if (typeof document === "object" && document !== null && "document" in document) {
        const validation = await validateCsaf(document);
        if (!validation.valid) refuse({ kind: "semantic", problems: csafProblems(validation.problems) });
        const undefinedProperties = validation.warnings.filter((w) => w.test === unknownPropertyTest);
        if (undefinedProperties.length)
          refuse({ kind: "semantic", problems: csafProblems(undefinedProperties) });
        outcome = await vulnerabilities.importAdvisories(
          [{ format: "csaf", document, text, source: "api" }],
          principal,
        );
      } else {
        const reading = readOsvDocument(document);
        if (!reading.record || reading.problems.length)
          refuse({
            kind:
              typeof document === "object" && document !== null && !Array.isArray(document)
                ? "semantic"
                : "invalid",
            problems: reading.problems.map((p) =>
              problem("invalid", pointerPath(p.pointer), { message: `${p.code}: ${p.message}` }),
            ),
          });
        outcome = await vulnerabilities.importAdvisories(
          [{ format: "osv", record: reading.record, text, source: "api" }],
          principal,
        );
      }
      const [first] = outcome;
      if (first && (first.outcome === "new" || first.outcome === "updated")) {
        for (const site of await sites.list()) await analyses.requestMatch(site.id);
        await productVulnerabilities.requestMatchAll();
        worker.nudge();
      }
      return c.json(first as never, 200);
    },
  );

  app.openapi(
    route("authenticated", {
      method: "get",
      path: "/api/advisories/{key}",
      tags: ["advisories"],
      summary:
        "One advisory: what Mamori read from it (products, vulnerabilities, scores, remediations), its revisions, the assets it matched on the sites the caller may read, and the IoT products (or their components) it matched that the caller may read",
      request: { params: advisoryParam },
      responses: {
        200: {
          description: "The advisory",
          content: {
            "application/json": {
              schema: z.object({
                key: z.string(),
                advisory: z.unknown(),
                revisions: z.array(
                  z.object({
                    sha256: z.string(),
                    version: z.string(),
                    currentReleaseDate: z.string().nullable(),
                    source: z.string(),
                    importedAt: z.string(),
                    importedBy: z.string().nullable(),
                    current: z.boolean(),
                  }),
                ),
                matches: z.array(MatchView.extend({ site: z.string() })),
                productMatches: z.array(AdvisoryProductMatchView),
              }),
            },
          },
        },
      },
    }),
    async (c) => {
      const { key } = c.req.valid("param");
      const { vulnerabilities, productVulnerabilities } = c.get("services");
      const held = await vulnerabilities.advisory(key);
      const matches = (await vulnerabilities.advisoryMatches(key)).filter((m) => readableSites(c, m.site));
      const principal = requirePrincipal(c);
      const productMatches = (
        await productVulnerabilities.matchesOfAdvisory(key, (product) =>
          mayOnProduct(principal, "product:read", product),
        )
      ).map(({ asset: _product, ...match }) => match);
      return c.json({ ...held, matches, productMatches } as never, 200);
    },
  );

  app.openapi(
    route("authenticated", {
      method: "get",
      path: "/api/advisories/{key}/document",
      tags: ["advisories"],
      summary: "The advisory exactly as imported: the current revision, or the one with the SHA-256 given",
      request: {
        params: advisoryParam,
        query: z.object({
          revision: z
            .string()
            .regex(/^[0-9a-f]{64}$/)
            .optional(),
        }),
      },
      responses: { 200: { description: "The document", content: { "application/json": jsonText } } },
    }),
    async (c) => {
      const { key } = c.req.valid("param");
      const { revision } = c.req.valid("query");
      const text = await c.get("services").vulnerabilities.advisoryDocument(key, revision);
      return c.body(text, 200, { "content-type": "application/json; charset=utf-8" }) as never;
    },
  );

  app.openapi(
    route("site:read", {
      method: "get",
      path: "/api/sites/{site}/matches",
      tags: ["vulnerabilities"],
      summary:
        "What matching found on the site, with confidence and reasons; `review=true` lists the uncertain matches waiting for a person",
      request: {
        params: siteParam,
        query: z.object({
          asset: z.string().max(200).optional(),
          advisory: z.string().max(600).optional(),
          review: z.enum(["true", "false"]).optional(),
        }),
      },
      responses: {
        200: {
          description: "Matches",
          content: { "application/json": { schema: z.object({ items: z.array(MatchView) }) } },
        },
      },
    }),
    async (c) => {
      const { site } = c.req.valid("param");
      const { asset, advisory, review } = c.req.valid("query");
      const { vulnerabilities, sites } = c.get("services");
      await sites.snapshot(site);
      const items = await vulnerabilities.matches(site, {
        ...(asset ? { asset } : {}),
        ...(advisory ? { advisory } : {}),
        review: review === "true",
      });
      return c.json({ items } as never, 200);
    },
  );

  app.openapi(
    route("site:treat", {
      method: "post",
      path: "/api/sites/{site}/matches/review",
      tags: ["vulnerabilities"],
      summary:
        "Confirm or reject an uncertain match; remembered for later revisions of the advisory, and a confirmation opens its cases",
      request: {
        params: siteParam,
        body: {
          required: true,
          content: {
            "application/json": {
              schema: z.object({ asset: z.string().min(1).max(200), ...reviewFields }).strict(),
            },
          },
        },
      },
      responses: {
        200: {
          description: "Recorded",
          content: {
            "application/json": { schema: z.object({ match: MatchView, opened: z.number().int() }) },
          },
        },
      },
    }),
    async (c) => {
      const { site } = c.req.valid("param");
      const body = c.req.valid("json");
      const outcome = await c
        .get("services")
        .vulnerabilities.reviewMatch(
          site,
          { asset: body.asset, component: body.component, advisory: body.advisory, product: body.product },
          body.decision,
          body.note,
          requirePrincipal(c),
        );
      return c.json(outcome as never, 200);
    },
  );

  app.openapi(
    route("site:edit", {
      method: "post",
      path: "/api/sites/{site}/matches/refresh",
      tags: ["vulnerabilities"],
      summary: "Match the site against every advisory again (it also happens after every change and import)",
      request: { params: siteParam },
      responses: {
        202: {
          description: "Queued",
          content: { "application/json": { schema: z.object({ job: z.number() }) } },
        },
      },
    }),
    async (c) => {
      const { site } = c.req.valid("param");
      const { sites, analyses } = c.get("services");
      await sites.snapshot(site);
      return c.json({ job: await analyses.requestMatch(site) }, 202);
    },
  );

  app.openapi(
    route("site:read", {
      method: "get",
      path: "/api/sites/{site}/cases",
      tags: ["vulnerabilities"],
      summary: "The site's vulnerability cases (one per asset and vulnerability): our status and OODA stage",
      request: {
        params: siteParam,
        query: z.object({
          asset: z.string().max(200).optional(),
          stage: z.enum(caseStages).optional(),
          vulnerability: z.string().max(300).optional(),
        }),
      },
      responses: {
        200: {
          description: "Cases",
          content: { "application/json": { schema: z.object({ items: z.array(CaseView) }) } },
        },
      },
    }),
    async (c) => {
      const { site } = c.req.valid("param");
      const query = c.req.valid("query");
      const { vulnerabilities, sites } = c.get("services");
      await sites.snapshot(site);
      const items = await vulnerabilities.cases(site, {
        ...(query.asset ? { asset: query.asset } : {}),
        ...(query.stage ? { stage: query.stage } : {}),
        ...(query.vulnerability ? { vulnerability: query.vulnerability } : {}),
      });
      return c.json({ items } as never, 200);
    },
  );

  app.openapi(
    route("site:read", {
      method: "get",
      path: "/api/sites/{site}/cases/{asset}/{vulnerability}",
      tags: ["vulnerabilities"],
      summary: "One case with its history and the matches behind it",
      request: { params: caseParam },
      responses: {
        200: {
          description: "The case",
          content: {
            "application/json": {
              schema: z.object({
                case: CaseView,
                events: z.array(
                  z.object({
                    at: z.string(),
                    actor: z.string().nullable(),
                    from: z.enum(caseStages).nullable(),
                    to: z.enum(caseStages),
                    change: z.record(z.string(), z.unknown()),
                  }),
                ),
                matches: z.array(MatchView),
                decisionMakers: z
                  .array(
                    z.object({
                      title: LocalizedText,
                      department: z.string().optional(),
                      condition: z.unknown().optional(),
                    }),
                  )
                  .describe(
                    "The role matrix's Decide stage (the site's, or the guideline's example); decisions name one by index",
                  ),
                windows: z
                  .array(
                    z.object({
                      id: z.string(),
                      name: z.string(),
                      start: z.string(),
                      end: z.string(),
                      localStart: z.string(),
                    }),
                  )
                  .describe("The next maintenance windows for the asset's zone, to plan the work into"),
              }),
            },
          },
        },
      },
    }),
    async (c) => {
      const { site, asset, vulnerability } = c.req.valid("param");
      const { vulnerabilities, sites, catalogues, clock } = c.get("services");
      const found = await vulnerabilities.case(site, asset, vulnerability);
      const matches = (await vulnerabilities.matches(site, { asset })).filter((m) =>
        m.vulnerabilities.some((v) => v.id === vulnerability),
      );
      const snapshot = await sites.snapshot(site);
      const matrix = resolveRoleMatrix(snapshot.site, catalogues.oodaRoles);
      const zone = (snapshot.site.zones ?? []).find((z) => (z.assets ?? []).includes(asset))?.id;
      const lang = c.get("lang");
      const windows = nextWindows(
        (snapshot.site.maintenanceWindows ?? []).map((w) => ({
          id: w.id,
          name: textIn(w.name, lang),
          start: w.start,
          durationMinutes: w.durationMinutes,
          ...(w.rrule ? { rrule: w.rrule } : {}),
          ...(w.timeZone ? { timeZone: w.timeZone } : {}),
          ...(w.zones ? { zones: w.zones } : {}),
        })),
        clock(),
        5,
        zone,
      ).map((o) => ({
        id: o.window,
        name: o.name,
        start: o.start.toISOString(),
        end: o.end.toISOString(),
        localStart: o.localStart,
      }));
      c.header("etag", etag(found.case.version));
      return c.json(
        {
          ...found,
          matches,
          decisionMakers: matrix.phases.preventive.decide.decisionMakers,
          windows,
        } as never,
        200,
      );
    },
  );

  app.openapi(
    route("site:treat", {
      method: "patch",
      path: "/api/sites/{site}/cases/{asset}/{vulnerability}",
      tags: ["vulnerabilities"],
      summary:
        "Move a case along Observe → Orient → Decide → Act or set our status; If-Match with the case version. Accepting the risk needs management's approval",
      request: {
        params: caseParam,
        body: { required: true, content: { "application/json": { schema: CaseChange } } },
      },
      responses: {
        200: { description: "Updated", content: { "application/json": { schema: CaseView } } },
        409: { description: "Changed by someone else since it was read" },
        422: { description: "The stage asks for something not given" },
        428: { description: "If-Match missing" },
      },
    }),
    async (c) => {
      const { site, asset, vulnerability } = c.req.valid("param");
      const principal = requirePrincipal(c);
      const version = ifMatch(c);
      if (version === undefined)
        refuse({ kind: "precondition-required", subject: `case ${asset} / ${vulnerability}` });
      const change = c.req.valid("json");
      const updated = await c
        .get("services")
        .vulnerabilities.updateCase(site, asset, vulnerability, change as never, version, principal, {
          approve: mayOnSite(principal, "site:approve", site),
        });
      c.header("etag", etag(updated.version));
      return c.json(updated as never, 200);
    },
  );

  app.openapi(
    route("site:edit", {
      method: "post",
      path: "/api/sites/{site}/cases/{asset}/{vulnerability}/task",
      tags: ["vulnerabilities"],
      summary:
        "The floor reports on a case's task in Act (done or not, with a note); If-Match with the case version. The security lead is told and closes the case",
      request: {
        params: caseParam,
        body: {
          required: true,
          content: {
            "application/json": {
              schema: z.object({ done: z.boolean(), note: z.string().max(4000).optional() }).strict(),
            },
          },
        },
      },
      responses: {
        200: { description: "Recorded", content: { "application/json": { schema: CaseView } } },
        409: { description: "Changed by someone else since it was read" },
        422: { description: "The case is not in Act" },
        428: { description: "If-Match missing" },
      },
    }),
    async (c) => {
      const { site, asset, vulnerability } = c.req.valid("param");
      const version = ifMatch(c);
      if (version === undefined)
        refuse({ kind: "precondition-required", subject: `case ${asset} / ${vulnerability}` });
      const updated = await c
        .get("services")
        .vulnerabilities.reportTask(
          site,
          asset,
          vulnerability,
          c.req.valid("json"),
          version,
          requirePrincipal(c),
        );
      c.header("etag", etag(updated.version));
      return c.json(updated as never, 200);
    },
  );

  app.openapi(
    route("site:read", {
      method: "get",
      path: "/api/sites/{site}/sboms",
      tags: ["sboms"],
      summary: "The SBOMs held for the site's assets, and which assets take their product model's SBOM",
      request: { params: siteParam },
      responses: {
        200: {
          description: "SBOMs",
          content: {
            "application/json": {
              schema: z.object({
                items: z.array(
                  z.object({
                    asset: z.string(),
                    format: z.string(),
                    specVersion: z.string(),
                    name: z.string().nullable(),
                    components: z.number().int(),
                    importedAt: z.string(),
                  }),
                ),
                models: z
                  .array(
                    z.object({
                      asset: z.string(),
                      vendor: z.string(),
                      model: z.string(),
                      version: z.string(),
                      components: z.number().int(),
                      importedAt: z.string(),
                    }),
                  )
                  .describe("The assets without an SBOM of their own that take their product model's SBOM"),
              }),
            },
          },
        },
      },
    }),
    async (c) => {
      const { site } = c.req.valid("param");
      const { vulnerabilities } = c.get("services");
      const models = await vulnerabilities.modelSbomsUsed(site);
      return c.json({ items: await vulnerabilities.sboms(site), models }, 200);
    },
  );

  app.openapi(
    route("site:read", {
      method: "get",
      path: "/api/sites/{site}/assets/{asset}/sbom",
      tags: ["sboms"],
      summary: "An asset's SBOM as Mamori's component tree",
      request: { params: assetParam },
      responses: {
        200: {
          description: "The SBOM",
          content: { "application/json": { schema: HeldSbom } },
        },
      },
    }),
    async (c) => {
      const { site, asset } = c.req.valid("param");
      return c.json((await c.get("services").vulnerabilities.sbom(site, asset)) as never, 200);
    },
  );

  app.openapi(
    route("site:edit", {
      method: "put",
      path: "/api/sites/{site}/assets/{asset}/sbom",
      tags: ["sboms"],
      summary:
        "Import an asset's SBOM (CycloneDX 1.4–1.6 JSON or XML, SPDX 2.3 JSON or tag-value; detected by content), replacing the previous one",
      request: {
        params: assetParam,
        body: sbomBody,
      },
      responses: sbomImported("asset"),
    }),
    async (c) => {
      const { site, asset } = c.req.valid("param");
      const text = await c.req.text();
      const sbom = sbomOf(text);
      const { vulnerabilities, analyses } = c.get("services");
      const stored = await vulnerabilities.putSbom(site, asset, sbom, text, requirePrincipal(c));
      await analyses.requestMatch(site);
      return c.json(stored, 200);
    },
  );

  app.openapi(
    route("site:edit", {
      method: "delete",
      path: "/api/sites/{site}/assets/{asset}/sbom",
      tags: ["sboms"],
      summary: "Remove an asset's SBOM",
      request: { params: assetParam },
      responses: { 204: { description: "Removed" } },
    }),
    async (c) => {
      const { site, asset } = c.req.valid("param");
      const { vulnerabilities, analyses } = c.get("services");
      await vulnerabilities.deleteSbom(site, asset, requirePrincipal(c));
      await analyses.requestMatch(site);
      return c.body(null, 204);
    },
  );

  const modelSbomSummary = z.object({
    vendor: z.string(),
    model: z.string(),
    version: z.string().describe("The firmware version the SBOM is for; empty for any firmware"),
    format: z.string(),
    specVersion: z.string(),
    name: z.string().nullable(),
    components: z.number().int(),
    importedAt: z.string(),
  });

  app.openapi(
    route("authenticated", {
      method: "get",
      path: "/api/model-sboms",
      tags: ["sboms"],
      summary:
        "The SBOMs held per product model (installation-wide): every asset of that vendor and model without an SBOM of its own takes the one for its firmware version, else the one for any firmware",
      responses: {
        200: {
          description: "Model SBOMs",
          content: { "application/json": { schema: z.object({ items: z.array(modelSbomSummary) }) } },
        },
      },
    }),
    async (c) => c.json({ items: await c.get("services").vulnerabilities.modelSboms() }, 200),
  );

  app.openapi(
    route("authenticated", {
      method: "get",
      path: "/api/model-sboms/sbom",
      tags: ["sboms"],
      summary: "A product model's SBOM as Mamori's component tree",
      request: { query: modelSbomQuery },
      responses: {
        200: {
          description: "The SBOM",
          content: {
            "application/json": {
              schema: HeldSbom.extend({ vendor: z.string(), model: z.string(), version: z.string() }),
            },
          },
        },
      },
    }),
    async (c) =>
      c.json((await c.get("services").vulnerabilities.modelSbom(c.req.valid("query"))) as never, 200),
  );

  app.openapi(
    route("admin", {
      method: "put",
      path: "/api/model-sboms",
      tags: ["sboms"],
      summary:
        "Import a product model's SBOM (as the vendor publishes it; CycloneDX 1.4–1.6 or SPDX 2.3, detected by content) for one firmware version or, without one, any firmware; replaces the previous one and matches every site again",
      request: { query: modelSbomQuery, body: sbomBody },
      responses: {
        200: {
          description: "Stored",
          content: {
            "application/json": {
              schema: z.object({
                vendor: z.string(),
                model: z.string(),
                version: z.string(),
                format: z.string(),
                specVersion: z.string(),
                components: z.number().int(),
              }),
            },
          },
        },
        422: { description: "Not an SBOM Mamori reads: the problems, located" },
      },
    }),
    async (c) => {
      const key = c.req.valid("query");
      const text = await c.req.text();
      const sbom = sbomOf(text);
      const { vulnerabilities } = c.get("services");
      const stored = await vulnerabilities.putModelSbom(key, sbom, text, requirePrincipal(c));
      await matchEverySite(c);
      return c.json(stored, 200);
    },
  );

  app.openapi(
    route("admin", {
      method: "delete",
      path: "/api/model-sboms",
      tags: ["sboms"],
      summary: "Remove a product model's SBOM; every site is matched again",
      request: { query: modelSbomQuery },
      responses: { 204: { description: "Removed" } },
    }),
    async (c) => {
      await c.get("services").vulnerabilities.deleteModelSbom(c.req.valid("query"), requirePrincipal(c));
      await matchEverySite(c);
      return c.body(null, 204);
    },
  );

  app.openapi(
    route("authenticated", {
      method: "get",
      path: "/api/notices",
      tags: ["vulnerabilities"],
      summary: "In-app notices for the roles the caller holds (newest first)",
      responses: {
        200: {
          description: "Notices",
          content: { "application/json": { schema: z.object({ items: z.array(Notice) }) } },
        },
      },
    }),
    async (c) => {
      const principal = requirePrincipal(c);
      const { vulnerabilities, sites } = c.get("services");
      const memberships: { site: string; role: SiteRole; organisation: string | null }[] = principal.isAdmin
        ? (await sites.list()).map((s) => ({ site: s.id, role: "security-lead", organisation: null }))
        : principal.memberships
            .filter((m) => m.scope === "site")
            .map((m) => ({ site: m.scopeId, role: m.role, organisation: m.organisation }));
      return c.json({ items: await vulnerabilities.notices(memberships, principal.userId) }, 200);
    },
  );

  app.openapi(
    route("authenticated", {
      method: "post",
      path: "/api/notices/read",
      tags: ["vulnerabilities"],
      summary: "Mark notices as read for the caller",
      request: {
        body: {
          required: true,
          content: {
            "application/json": {
              schema: z.object({ ids: z.array(z.number().int().min(1)).min(1).max(1000) }).strict(),
            },
          },
        },
      },
      responses: { 204: { description: "Marked" } },
    }),
    async (c) => {
      const principal = requirePrincipal(c);
      await c.get("services").vulnerabilities.markRead(c.req.valid("json").ids, principal.userId);
      return c.body(null, 204);
    },
  );

  app.openapi(
    route("site:read", {
      method: "get",
      path: "/api/sites/{site}/vulnerabilities",
      tags: ["vulnerabilities"],
      summary:
        "The site's vulnerability cases ranked in the factory's context (CVSS, KEV, EPSS, asset importance, zone exposure, attack paths), each with the reasons of its rank and the advisories' remediations",
      request: { params: siteParam, query: z.object({ lang: z.enum(["ja", "en"]).optional() }) },
      responses: {
        200: {
          description: "Ranked cases, highest first",
          content: {
            "application/json": {
              schema: z.object({
                items: z.array(
                  z.object({
                    case: CaseView,
                    asset: z.object({
                      id: z.string(),
                      name: LocalizedText,
                      type: z.string(),
                      zone: z.string().nullable(),
                    }),
                    priority: z.object({
                      score: z.number(),
                      band: z.enum(["critical", "high", "medium", "low"]),
                      excluded: z.boolean(),
                      reasons: z.array(
                        z.object({
                          code: z.string(),
                          params: z.record(z.string(), z.unknown()),
                          text: z.string(),
                        }),
                      ),
                    }),
                    ...advisoryFacts,
                  }),
                ),
                analysedVersion: z.number().nullable(),
                reference: ReferenceVersions,
              }),
            },
          },
        },
      },
    }),
    async (c) => {
      const { site } = c.req.valid("param");
      const lang = c.req.valid("query").lang ?? c.get("lang");
      return c.json((await c.get("services").vulnerabilities.ranked(site, lang)) as never, 200);
    },
  );

  app.openapi(
    route("admin", {
      method: "put",
      path: "/api/reference-data/{kind}",
      tags: ["advisories"],
      summary:
        "Replace the CISA Known Exploited Vulnerabilities catalogue (its JSON) or the FIRST EPSS scores (their CSV) that prioritisation uses",
      request: {
        params: z.object({ kind: z.enum(["kev", "epss"]) }),
        body: {
          required: true,
          content: {
            "application/json": jsonText,
            "text/csv": { schema: z.string().openapi({ format: "binary" }) },
          },
        },
      },
      responses: {
        200: {
          description: "Stored",
          content: {
            "application/json": {
              schema: z.object({ kind: z.string(), version: z.string(), entries: z.number() }),
            },
          },
        },
      },
    }),
    async (c) => {
      const { kind } = c.req.valid("param");
      const text = await c.req.text();
      const outcome = await c
        .get("services")
        .vulnerabilities.importReferenceText(kind, text, requirePrincipal(c));
      return c.json(outcome, 200);
    },
  );

  app.openapi(
    route("site:export", {
      method: "get",
      path: "/api/sites/{site}/vex",
      tags: ["vulnerabilities"],
      summary: "Our status of every vulnerability case as VEX: CSAF 2.0 (csaf_vex) or CycloneDX 1.6",
      request: { params: siteParam, query: vexQuery },
      responses: vexResponses,
    }),
    async (c) => {
      const { site } = c.req.valid("param");
      const { format } = c.req.valid("query");
      const { vulnerabilities, clock } = c.get("services");
      return sendVex(c, await siteVex(vulnerabilities, site, format, clock()), site, format);
    },
  );

  app.openapi(
    route("site:treat", {
      method: "post",
      path: "/api/sites/{site}/vex",
      tags: ["vulnerabilities"],
      summary:
        "Take statuses from someone else's VEX (a vendor's CSAF VEX, a supplier's CycloneDX VEX): products are resolved to the site's assets by Mamori's own ids, SBOM component refs, or identifiers (file hashes, SBOM URLs, CPE, purl, model and serial numbers, SKUs)",
      request: { params: siteParam, body: { required: true, content: { "application/json": jsonText } } },
      responses: {
        200: {
          description: "Applied",
          content: {
            "application/json": {
              schema: z.object({
                created: z.number().int(),
                updated: z.number().int(),
                unresolved: z.array(z.object({ pointer: z.string(), message: z.string() })),
              }),
            },
          },
        },
      },
    }),
    async (c) => {
      const { site } = c.req.valid("param");
      const text = await c.req.text();
      const { vulnerabilities, clock } = c.get("services");
      const principal = requirePrincipal(c);
      const reading = readVex(text);
      if (reading.format === "cyclonedx") {
        const undefinedProperties = unknownRootProperties(text, "cyclonedx-json");
        if (undefinedProperties.length)
          refuse({
            kind: "semantic",
            problems: undefinedProperties.map((p) =>
              problem("invalid", pointerPath("pointer" in p.at ? p.at.pointer : ""), { message: p.message }),
            ),
          });
      }
      if (reading.format === "csaf") {
        const validation = await validateCsaf(JSON.parse(text));
        const refused = [
          ...validation.problems,
          ...validation.warnings.filter((w) => w.test === unknownPropertyTest),
        ];
        if (refused.length) refuse({ kind: "semantic", problems: csafProblems(refused) });
      }
      if (!reading.format)
        refuse({
          kind: "invalid",
          problems: reading.problems.map((p) =>
            problem("invalid", pointerPath(p.at.pointer), { message: `${p.code}: ${p.message}` }),
          ),
        });
      const blocking = reading.problems;
      if (blocking.length)
        refuse({
          kind: "semantic",
          problems: blocking.map((p) =>
            problem("invalid", pointerPath(p.at.pointer), { message: `${p.code}: ${p.message}` }),
          ),
        });
      const resolve = await vexResolver(vulnerabilities, site);
      const { statuses, problems } = statusesFromVex(reading, {
        updatedAt: clock().toISOString(),
        updatedBy: principal.username,
        resolve,
      });
      const outcome = await vulnerabilities.applyVex(
        site,
        statuses.map((s) => ({
          asset: s.asset,
          vulnerability: s.vulnerability,
          status: s.state,
          ...(s.justification ? { justification: s.justification } : {}),
          ...(s.detail ? { detail: s.detail } : {}),
        })),
        `vex:${reading.format}`,
        principal,
      );
      return c.json(
        { ...outcome, unresolved: problems.map((p) => ({ pointer: p.at.pointer, message: p.message })) },
        200,
      );
    },
  );
}

/** CSAF problems as Mamori problems: located by their JSON pointer, the test named in the sentence. */
function csafProblems(problems: readonly CsafProblem[]) {
  return problems.map((p) => problem("invalid", pointerPath(p.at), { message: `${p.test}: ${p.message}` }));
}

const cycloneDxRoot = new Set([
  "$schema",
  "bomFormat",
  "specVersion",
  "serialNumber",
  "version",
  "metadata",
  "components",
  "services",
  "externalReferences",
  "dependencies",
  "compositions",
  "properties",
  "vulnerabilities",
  "annotations",
  "formulation",
  "declarations",
  "definitions",
  "signature",
]);
const spdxRoot = new Set([
  "$schema",
  "SPDXID",
  "spdxVersion",
  "dataLicense",
  "name",
  "documentNamespace",
  "creationInfo",
  "packages",
  "files",
  "snippets",
  "relationships",
  "hasExtractedLicensingInfos",
  "annotations",
  "comment",
  "documentDescribes",
  "externalDocumentRefs",
  "revieweds",
]);

/**
 * Both schemas close their root object (additionalProperties: false): an unknown top-level property means
 * a misspelt or foreign document, which is stored nowhere rather than half understood.
 */
function unknownRootProperties(text: string, format: SbomFormat): SbomProblem[] {
  if (format !== "cyclonedx-json" && format !== "spdx-json") return [];
  const known = format === "cyclonedx-json" ? cycloneDxRoot : spdxRoot;
  const root = JSON.parse(text) as Record<string, unknown>;
  return Object.keys(root)
    .filter((key) => !known.has(key))
    .map((key) => ({
      code: "unknown-property",
      message: `'${key}' is not a property of a ${format === "cyclonedx-json" ? "CycloneDX" : "SPDX"} document`,
      at: { pointer: `/${key.replaceAll("~", "~0").replaceAll("/", "~1")}` },
    }));
}

type Vulnerabilities = Services["vulnerabilities"];

/** A VEX document as a download named after its subject, or the problems that kept it from being written. */
export function sendVex(
  c: ApiContext,
  written: VexWriting<unknown>,
  subject: string,
  format: "csaf" | "cyclonedx",
) {
  if (!written.ok)
    refuse({
      kind: "semantic",
      problems: written.problems.map((p) =>
        problem("invalid", pointerPath(p.at.pointer), { message: p.message }),
      ),
    });
  c.header(
    "content-disposition",
    `attachment; filename="${subject}-vex.${format === "csaf" ? "csaf" : "cdx"}.json"`,
  );
  return c.json(written.document as never, 200);
}

/** Our cases as VEX statuses, with the site's assets (and SBOM components) as the products. */
export async function siteVex(
  vulnerabilities: Vulnerabilities,
  siteId: string,
  format: "csaf" | "cyclonedx",
  now: Date,
) {
  const [cases, inventory] = await Promise.all([
    vulnerabilities.cases(siteId),
    vulnerabilities.inventory(siteId),
  ]);
  const assets: Record<string, VexProductInfo> = {};
  for (const asset of inventory.site.assets ?? []) {
    if (!cases.some((c) => c.asset === asset.id)) continue;
    assets[asset.id] = {
      name: textIn(asset.name, "en") || textIn(asset.name, "ja") || asset.id,
      ...(asset.vendor ? { vendor: asset.vendor } : {}),
      ...((asset.firmwareVersion ?? asset.softwareVersion)
        ? { version: asset.firmwareVersion ?? asset.softwareVersion }
        : {}),
      ...(asset.cpe ? { cpe: asset.cpe } : {}),
      ...(asset.purl ? { purl: asset.purl } : {}),
      ...(asset.model ? { modelNumbers: [asset.model] } : {}),
      ...(asset.serialNumbers ? { serialNumbers: asset.serialNumbers } : {}),
      ...(asset.skus ? { skus: asset.skus } : {}),
    };
  }
  const statuses: VulnerabilityStatus[] = cases
    .filter((c) => Object.hasOwn(assets, c.asset))
    .map((c) =>
      vexStatusOf(
        c,
        { asset: c.asset },
        c.decision
          ? { decision: c.decision.action, action: c.decision.rationale }
          : // CSAF wants an action for every affected product: an open case says where the plant stands.
            { action: `Under assessment by the plant's security department (OODA stage: ${c.stage}).` },
      ),
    );
  const stamp = now.toISOString();
  if (format === "cyclonedx")
    return toCycloneDxVex(statuses, { products: { assets }, now: stamp, publisher: siteId });
  const name = textIn(inventory.site.company, "en") || textIn(inventory.site.name, "en") || siteId;
  return toCsafVex(statuses, {
    publisher: {
      name,
      namespace: `https://mamori.invalid/sites/${encodeURIComponent(siteId)}`,
      category: "user",
    },
    trackingId: `${siteId}-vex-${stamp.slice(0, 10)}`,
    version: "1",
    now: stamp,
    products: { assets },
    title: `VEX: ${textIn(inventory.site.name, "en") || siteId}`,
  });
}

/**
 * Which of the site's assets a VEX product is: Mamori's own product ids first, then a CycloneDX ref that
 * is a component of an asset's SBOM, then the product's identifiers (file hashes, SBOM URLs, CPE, purl,
 * model and serial numbers, SKUs) matched with certainty. Names alone never decide here: a wrong status
 * would silence a real vulnerability.
 */
async function vexResolver(vulnerabilities: Vulnerabilities, siteId: string) {
  const { site, items, owners } = await vulnerabilities.inventory(siteId);
  const assetIds = new Set((site.assets ?? []).map((a) => a.id));
  const byComponent = new Map<string, { asset: string; component: string }[]>();
  for (const owner of owners.values())
    if (owner.component)
      byComponent.set(owner.component, [...(byComponent.get(owner.component) ?? []), owner]);
  return (product: VexProduct | undefined, statement: VexStatement) => {
    const own = parseMamoriProductId(statement.product);
    if (own && assetIds.has(own.asset))
      return [own.component ? { asset: own.asset, component: own.component } : { asset: own.asset }];
    const ref = statement.product.includes("#")
      ? statement.product.slice(statement.product.indexOf("#") + 1)
      : statement.product;
    const components = byComponent.get(ref);
    if (components) return components;
    if (!product) return [];
    const matches = matchInventory(items, [product.identity]);
    return matches
      .filter((m) => m.certain && m.version === "affected-version")
      .flatMap((m) => {
        const owner = owners.get(m.item);
        return owner ? [owner.component ? owner : { asset: owner.asset }] : [];
      });
  };
}
