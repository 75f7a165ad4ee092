import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { InventoryItem } from "./match.js";

/**
 * SBOM intake: CycloneDX 1.4–1.6 (JSON, XML) and SPDX 2.3 (JSON, tag-value) read into one normalised
 * component tree. Pure and total: the text in, a tree and a list of located problems out, never an exception.
 * The format is detected from the content, not from a file name.
 *
 * A parser is not a schema validator: it reports what makes the tree wrong or unusable for matching (the
 * wrong document kind, a component without a name or with an unknown type, missing or duplicate
 * references, dependencies without a ref, malformed hashes, serial numbers and license choices) and ignores
 * fields it does not read (services, pedigree, timestamps, properties, SPDX license ids). See README.md.
 */

export type SbomFormat = "cyclonedx-json" | "cyclonedx-xml" | "spdx-json" | "spdx-tag-value";

export interface SbomHash {
  readonly alg: string;
  readonly content: string;
}

export interface SbomComponent {
  /** bom-ref (CycloneDX) or SPDXID; CycloneDX components without a bom-ref get `#<pointer>`. */
  readonly ref: string;
  readonly name: string;
  readonly version?: string;
  /** CycloneDX group (Maven groupId, npm scope). */
  readonly group?: string;
  /** Supplier name (CycloneDX supplier.name, else manufacturer.name, else publisher; SPDX PackageSupplier). */
  readonly supplier?: string;
  readonly purl?: string;
  readonly cpe?: string;
  readonly hashes?: readonly SbomHash[];
  /** CycloneDX component type; SPDX primary package purpose in lowercase; "file" for SPDX files. */
  readonly type?: string;
  /** License ids, names or expressions as written (SPDX: declared, then concluded). */
  readonly licenses?: readonly string[];
  /** Nested components (CycloneDX only: SPDX has no nesting, containment is a relationship). */
  readonly children: readonly SbomComponent[];
}

export interface SbomDependency {
  readonly ref: string;
  readonly dependsOn: readonly string[];
}

export interface Sbom {
  readonly format: SbomFormat;
  readonly specVersion: string;
  readonly serialNumber?: string;
  readonly documentNamespace?: string;
  readonly name?: string;
  readonly metadataComponent?: SbomComponent;
  /** SPDX: the elements the document describes (documentDescribes / DESCRIBES). */
  readonly describes?: readonly string[];
  readonly components: readonly SbomComponent[];
  readonly dependencies: readonly SbomDependency[];
}

/** A JSON pointer for JSON documents, a 1-based line for XML and tag-value. */
export type SbomLocation = { readonly pointer: string } | { readonly line: number };

export interface SbomProblem {
  readonly code: string;
  readonly message: string;
  readonly at: SbomLocation;
}

export interface SbomReading {
  /** Present whenever the format was recognised, even with problems (what could be read). */
  readonly sbom?: Sbom;
  readonly problems: readonly SbomProblem[];
}

export interface SbomLimits {
  /** Characters of input; default 64 Mi. */
  readonly maxLength?: number;
  /** Nesting of components (CycloneDX) and of XML elements; default 64. */
  readonly maxDepth?: number;
  /** Components in all; default 500,000. */
  readonly maxComponents?: number;
  /** Problems reported before the rest are summarised; default 1,000. */
  readonly maxProblems?: number;
}

const defaults = { maxLength: 64 * 1024 * 1024, maxDepth: 64, maxComponents: 500_000, maxProblems: 1000 };

export const cyclonedxVersions = ["1.4", "1.5", "1.6"] as const;

const componentTypes: Record<string, ReadonlySet<string>> = (() => {
  const base = [
    "application",
    "framework",
    "library",
    "container",
    "operating-system",
    "device",
    "firmware",
    "file",
  ];
  const v15 = [...base, "platform", "device-driver", "machine-learning-model", "data"];
  return {
    "1.4": new Set(base),
    "1.5": new Set(v15),
    "1.6": new Set([...v15, "cryptographic-asset"]),
  };
})();

const hashAlgorithms = new Set([
  "MD5",
  "SHA-1",
  "SHA-256",
  "SHA-384",
  "SHA-512",
  "SHA3-256",
  "SHA3-384",
  "SHA3-512",
  "BLAKE2b-256",
  "BLAKE2b-384",
  "BLAKE2b-512",
  "BLAKE3",
]);
/**
 * 32, 40, 64, 96 or 128 hexadecimal digits. The length is checked apart: one pattern with the five lengths
 * as alternatives scanned a 128-digit SHA-512 from its start once per length, a sixth of the time of reading
 * a 10,000-component SBOM.
 */
const hashLengths = new Set([32, 40, 64, 96, 128]);
const hexDigits = /^[a-fA-F0-9]*$/;
const isHashContent = (content: string) => hashLengths.has(content.length) && hexDigits.test(content);
const serialNumberPattern = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const spdxIdPattern = /^SPDXRef-[A-Za-z0-9.-]+$/;

/** SPDX checksum algorithm names written the CycloneDX way, so hashes from both formats compare. */
const spdxAlgorithms: Record<string, string> = {
  SHA1: "SHA-1",
  SHA224: "SHA-224",
  SHA256: "SHA-256",
  SHA384: "SHA-384",
  SHA512: "SHA-512",
};

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const nonEmpty = (value: unknown): string | undefined =>
  typeof value === "string" && value.trim() !== "" ? value : undefined;

class Problems {
  readonly list: SbomProblem[] = [];
  private dropped = 0;
  constructor(private readonly max: number) {}
  add(code: string, message: string, at: SbomLocation): void {
    if (this.list.length < this.max) this.list.push({ code, message, at });
    else this.dropped++;
  }
  done(): SbomProblem[] {
    if (this.dropped > 0)
      this.list.push({
        code: "too-many-problems",
        message: `${this.dropped} more problems not listed`,
        at: { pointer: "" },
      });
    return this.list;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Format detection

export function detectSbomFormat(text: string): SbomFormat | undefined {
  const head = text.slice(0, 4096).replace(/^\uFEFF/, "");
  const start = head.trimStart();
  if (start.startsWith("{")) {
    if (/"bomFormat"\s*:/.test(text.slice(0, 65536)) || /"specVersion"\s*:/.test(head))
      return "cyclonedx-json";
    if (/"spdxVersion"\s*:/.test(text.slice(0, 65536)) || /"SPDXID"\s*:/.test(head)) return "spdx-json";
    return undefined;
  }
  if (start.startsWith("<")) return /<(?:\w+:)?bom[\s>]/.test(head) ? "cyclonedx-xml" : undefined;
  if (/^\s*SPDXVersion\s*:/m.test(head)) return "spdx-tag-value";
  return undefined;
}

/** Reads an SBOM of any supported format, detected from the content. */
export function readSbom(text: string, limits: SbomLimits = {}): SbomReading {
  const l = { ...defaults, ...limits };
  if (text.length > l.maxLength)
    return {
      problems: [
        {
          code: "too-large",
          message: `the document has ${text.length} characters, more than the ${l.maxLength} allowed`,
          at: { pointer: "" },
        },
      ],
    };
  const format = detectSbomFormat(text);
  switch (format) {
    case "cyclonedx-json":
    case "spdx-json": {
      let document: unknown;
      try {
        document = JSON.parse(text.replace(/^\uFEFF/, ""));
      } catch (error) {
        return {
          problems: [{ code: "json-syntax", message: (error as Error).message, at: { pointer: "" } }],
        };
      }
      return format === "cyclonedx-json" ? readCycloneDxJson(document, l) : readSpdxJson(document, l);
    }
    case "cyclonedx-xml":
      return readCycloneDxXml(text, l);
    case "spdx-tag-value":
      return readSpdxTagValue(text, l);
    default:
      return {
        problems: [
          {
            code: "unknown-format",
            message: "neither CycloneDX (JSON or XML) nor SPDX 2.3 (JSON or tag-value)",
            at: { line: 1 },
          },
        ],
      };
  }
}

// ---------------------------------------------------------------------------------------------------------
// CycloneDX, through one reader over both serialisations

/**
 * What the CycloneDX reader needs from a node, whichever serialisation it came from: JSON objects are
 * read as they are; XML elements are turned into the same shape with their locations (lines) kept.
 */
interface CdxNode {
  readonly value: Json;
  readonly at: SbomLocation;
  /** The JSON pointer of the node in either serialisation: refs made up for components without a bom-ref. */
  readonly path: string;
}

interface CdxContext {
  readonly version: string;
  readonly xml: boolean;
  readonly problems: Problems;
  readonly limits: Required<SbomLimits>;
  readonly refs: Map<string, SbomLocation>;
  count: number;
  /** Child location: a JSON pointer extended by the key, or the XML line of the child. */
  readonly locate: (parent: CdxNode, key: string, child: unknown) => SbomLocation;
}

function cdxLicenses(list: unknown, node: CdxNode, ctx: CdxContext): string[] | undefined {
  if (!Array.isArray(list)) return undefined;
  const out: string[] = [];
  let expressions = 0;
  let licenses = 0;
  list.forEach((entry, i) => {
    // Located only when there is a problem to report: most entries have none.
    const at = () => ctx.locate(node, `licenses/${i}`, entry);
    if (!isObject(entry)) {
      ctx.problems.add("license-choice", "a license entry must be an object", at());
      return;
    }
    const expression = nonEmpty(entry.expression);
    const license = entry.license;
    if (expression !== undefined && license !== undefined) {
      ctx.problems.add(
        "license-choice",
        "a license entry has either a license or an expression, not both",
        at(),
      );
      return;
    }
    if (expression !== undefined) {
      expressions++;
      out.push(expression);
      return;
    }
    if (!isObject(license)) {
      ctx.problems.add("license-choice", "a license entry needs a license or an expression", at());
      return;
    }
    licenses++;
    const id = license.id;
    const name = license.name;
    if (Array.isArray(id) || Array.isArray(name)) {
      ctx.problems.add("license-choice", "a license has one id or one name", at());
      return;
    }
    const text = nonEmpty(id) ?? nonEmpty(name);
    if (text === undefined || (nonEmpty(id) && nonEmpty(name))) {
      ctx.problems.add("license-choice", "a license has exactly one of id and name", at());
      return;
    }
    out.push(text);
  });
  // From 1.5 on, licenses are either licenses or exactly one expression.
  // XML's schema has always said so (an xs:choice).
  if ((ctx.version !== "1.4" || ctx.xml) && expressions > 0 && (licenses > 0 || expressions > 1))
    ctx.problems.add(
      "license-choice",
      "licenses are either a list of licenses or a single expression (CycloneDX 1.5 and later, and XML)",
      ctx.locate(node, "licenses", list),
    );
  return out.length ? out : undefined;
}

function cdxHashes(list: unknown, node: CdxNode, ctx: CdxContext): SbomHash[] | undefined {
  if (!Array.isArray(list)) return undefined;
  const out: SbomHash[] = [];
  list.forEach((entry, i) => {
    const at = () => ctx.locate(node, `hashes/${i}`, entry);
    if (!isObject(entry)) {
      ctx.problems.add("hash", "a hash must be an object", at());
      return;
    }
    const alg = entry.alg;
    const content = entry.content;
    if (typeof alg !== "string" || !hashAlgorithms.has(alg)) {
      ctx.problems.add("hash-algorithm", `unknown hash algorithm ${JSON.stringify(alg)}`, at());
      return;
    }
    if (typeof content !== "string" || !isHashContent(content)) {
      ctx.problems.add("hash-content", `the ${alg} hash is not 32 to 128 hexadecimal digits`, at());
      return;
    }
    out.push({ alg, content });
  });
  return out.length ? out : undefined;
}

function cdxComponent(node: CdxNode, ctx: CdxContext, depth: number): SbomComponent | undefined {
  const c = node.value;
  const { problems } = ctx;
  if (++ctx.count > ctx.limits.maxComponents) {
    if (ctx.count === ctx.limits.maxComponents + 1)
      problems.add("too-many-components", `more than ${ctx.limits.maxComponents} components`, node.at);
    return undefined;
  }
  const name = nonEmpty(c.name);
  if (name === undefined) problems.add("component-name", "a component needs a name", node.at);
  const type = nonEmpty(c.type);
  if (type === undefined) problems.add("component-type", "a component needs a type", node.at);
  else if (!componentTypes[ctx.version]?.has(type))
    problems.add("component-type", `"${type}" is not a component type of CycloneDX ${ctx.version}`, node.at);
  let ref: string;
  if (c["bom-ref"] === undefined) ref = `#${node.path}`;
  else if (typeof c["bom-ref"] !== "string" || c["bom-ref"] === "") {
    problems.add("bom-ref", "a bom-ref must be a non-empty string", node.at);
    ref = `#${node.path}`;
  } else {
    ref = c["bom-ref"];
    if (ctx.refs.has(ref)) problems.add("bom-ref-duplicate", `the bom-ref "${ref}" is used twice`, node.at);
    else ctx.refs.set(ref, node.at);
  }
  const children: SbomComponent[] = [];
  if (Array.isArray(c.components)) {
    if (depth >= ctx.limits.maxDepth)
      problems.add("too-deep", `components nested more than ${ctx.limits.maxDepth} levels`, node.at);
    else
      c.components.forEach((child, i) => {
        const at = ctx.locate(node, `components/${i}`, child);
        if (!isObject(child)) {
          problems.add("component", "a component must be an object", at);
          return;
        }
        const read = cdxComponent({ value: child, at, path: `${node.path}/components/${i}` }, ctx, depth + 1);
        if (read) children.push(read);
      });
  }
  const supplier =
    (isObject(c.supplier) ? nonEmpty(c.supplier.name) : undefined) ??
    (isObject(c.manufacturer) ? nonEmpty(c.manufacturer.name) : undefined) ??
    nonEmpty(c.publisher);
  const version = typeof c.version === "string" && c.version !== "" ? c.version : undefined;
  const group = nonEmpty(c.group);
  const purl = nonEmpty(c.purl);
  const cpe = nonEmpty(c.cpe);
  const hashes = cdxHashes(c.hashes, node, ctx);
  const licenses = cdxLicenses(c.licenses, node, ctx);
  return {
    ref,
    name: name ?? "",
    ...(version !== undefined ? { version } : {}),
    ...(group ? { group } : {}),
    ...(supplier ? { supplier } : {}),
    ...(purl ? { purl } : {}),
    ...(cpe ? { cpe } : {}),
    ...(hashes ? { hashes } : {}),
    ...(type ? { type } : {}),
    ...(licenses ? { licenses } : {}),
    children,
  };
}

function cdxDependencies(list: unknown, parent: CdxNode, ctx: CdxContext): SbomDependency[] {
  if (!Array.isArray(list)) return [];
  const out: SbomDependency[] = [];
  list.forEach((entry, i) => {
    const at = ctx.locate(parent, `dependencies/${i}`, entry);
    if (!isObject(entry)) {
      ctx.problems.add("dependency", "a dependency must be an object", at);
      return;
    }
    const ref = entry.ref;
    if (typeof ref !== "string" || ref === "") {
      ctx.problems.add("dependency-ref", "a dependency needs a non-empty ref", at);
      return;
    }
    const dependsOn: string[] = [];
    if (entry.dependsOn !== undefined) {
      if (!Array.isArray(entry.dependsOn)) {
        ctx.problems.add("dependency", "dependsOn must be a list of refs", at);
        return;
      }
      entry.dependsOn.forEach((d, j) => {
        if (typeof d === "string" && d !== "") dependsOn.push(d);
        else
          ctx.problems.add(
            "dependency-ref",
            "dependsOn lists non-empty refs",
            ctx.locate({ value: entry, at, path: "" }, `dependsOn/${j}`, d),
          );
      });
    }
    out.push({ ref, dependsOn });
  });
  return out;
}

function cdxDocument(
  root: CdxNode,
  format: "cyclonedx-json" | "cyclonedx-xml",
  version: string,
  ctx: CdxContext,
): Sbom {
  const bom = root.value;
  const serial = bom.serialNumber;
  if (serial !== undefined && (typeof serial !== "string" || !serialNumberPattern.test(serial)))
    ctx.problems.add(
      "serial-number",
      "the serial number must be an RFC 4122 URN (urn:uuid:…)",
      ctx.locate(root, "serialNumber", serial),
    );
  let metadataComponent: SbomComponent | undefined;
  if (isObject(bom.metadata) && isObject(bom.metadata.component)) {
    const metadata: CdxNode = {
      value: bom.metadata,
      at: ctx.locate(root, "metadata", bom.metadata),
      path: "",
    };
    const at = ctx.locate(metadata, "component", bom.metadata.component);
    metadataComponent = cdxComponent(
      { value: bom.metadata.component, at, path: "/metadata/component" },
      ctx,
      0,
    );
  }
  const components: SbomComponent[] = [];
  if (Array.isArray(bom.components))
    bom.components.forEach((c, i) => {
      const at = ctx.locate(root, `components/${i}`, c);
      if (!isObject(c)) {
        ctx.problems.add("component", "a component must be an object", at);
        return;
      }
      const read = cdxComponent({ value: c, at, path: `/components/${i}` }, ctx, 0);
      if (read) components.push(read);
    });
  return {
    format,
    specVersion: version,
    ...(typeof serial === "string" ? { serialNumber: serial } : {}),
    ...(metadataComponent ? { metadataComponent } : {}),
    components,
    dependencies: cdxDependencies(bom.dependencies, root, ctx),
  };
}

function readCycloneDxJson(document: unknown, limits: Required<SbomLimits>): SbomReading {
  const problems = new Problems(limits.maxProblems);
  if (!isObject(document)) {
    problems.add("not-an-object", "a CycloneDX document is a JSON object", { pointer: "" });
    return { problems: problems.done() };
  }
  if (document.bomFormat !== "CycloneDX") {
    problems.add("bom-format", `bomFormat must be "CycloneDX"`, { pointer: "/bomFormat" });
    return { problems: problems.done() };
  }
  const version = document.specVersion;
  if (typeof version !== "string" || !(cyclonedxVersions as readonly string[]).includes(version)) {
    problems.add("spec-version", `CycloneDX ${String(version)} is not read (1.4 to 1.6 are)`, {
      pointer: "/specVersion",
    });
    return { problems: problems.done() };
  }
  const ctx: CdxContext = {
    version,
    xml: false,
    problems,
    limits,
    refs: new Map(),
    count: 0,
    // Keys are the reader's own ("components/3", "hashes/0"): nothing in them needs escaping.
    locate: (parent, key) => ({ pointer: `${"pointer" in parent.at ? parent.at.pointer : ""}/${key}` }),
  };
  const sbom = cdxDocument(
    { value: document, at: { pointer: "" }, path: "" },
    "cyclonedx-json",
    version,
    ctx,
  );
  return { sbom, problems: problems.done() };
}

// XML ---------------------------------------------------------------------------------------------------

const metadataSymbol = XMLParser.getMetaDataSymbol() as unknown as symbol;

function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

const decodeCharacterReferences = (text: string) =>
  text.includes("&#")
    ? text.replace(/&#(x[0-9a-fA-F]{1,6}|[0-9]{1,7});/g, (whole, code: string) => {
        const n = code.startsWith("x") ? Number.parseInt(code.slice(1), 16) : Number.parseInt(code, 10);
        return n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff) ? String.fromCodePoint(n) : whole;
      })
    : text;

type XmlElement = Record<string, unknown>;

/** The text of a leaf element (fast-xml-parser gives a string, or an object with #text when it has attributes). */
function xmlText(value: unknown): string | undefined {
  if (typeof value === "string") return decodeCharacterReferences(value);
  if (isObject(value) && typeof value["#text"] === "string") return decodeCharacterReferences(value["#text"]);
  if (isObject(value)) return "";
  return undefined;
}
const attr = (element: XmlElement, name: string): string | undefined => {
  const v = element[`@_${name}`];
  return typeof v === "string" ? decodeCharacterReferences(v) : undefined;
};
const children = (element: XmlElement, name: string): unknown[] => {
  const v = element[name];
  return Array.isArray(v) ? v : [];
};
const firstText = (element: XmlElement, name: string): string | undefined => {
  const list = children(element, name);
  return list.length ? xmlText(list[0]) : undefined;
};

/** CycloneDX XML turned into the JSON shape (only the parts the reader looks at), each object with its line. */
function xmlToJsonShape(text: string) {
  const line = lineIndex(text);
  const lines = new WeakMap<object, number>();
  const lineOf = (element: unknown): number => {
    const meta = isObject(element)
      ? (element as Record<symbol, { startIndex?: number }>)[metadataSymbol]
      : undefined;
    return meta?.startIndex !== undefined ? line(meta.startIndex) : 1;
  };
  const mark = <T extends object>(shape: T, element: unknown): T => {
    lines.set(shape, lineOf(element));
    return shape;
  };
  const licenses = (element: XmlElement): unknown[] | undefined => {
    const list = children(element, "licenses");
    if (!list.length || !isObject(list[0])) return undefined;
    const out: unknown[] = [];
    for (const l of children(list[0], "license")) {
      if (!isObject(l)) {
        out.push(mark({ license: {} }, l));
        continue;
      }
      const ids = children(l, "id").map(xmlText);
      const names = children(l, "name").map(xmlText);
      out.push(
        mark(
          {
            license: {
              ...(ids.length ? { id: ids.length > 1 ? ids : ids[0] } : {}),
              ...(names.length ? { name: names.length > 1 ? names : names[0] } : {}),
            },
          },
          l,
        ),
      );
    }
    for (const e of children(list[0], "expression")) out.push(mark({ expression: xmlText(e) }, e));
    return out;
  };
  const component = (element: unknown): unknown => {
    if (!isObject(element)) return element;
    const hashes = children(element, "hashes");
    const nested = children(element, "components");
    const supplier = children(element, "supplier")[0];
    const manufacturer = children(element, "manufacturer")[0];
    const shape: Json = {};
    const put = (key: string, value: unknown) => {
      if (value !== undefined) shape[key] = value;
    };
    put("type", attr(element, "type"));
    put("bom-ref", attr(element, "bom-ref"));
    put("name", firstText(element, "name"));
    put("version", firstText(element, "version"));
    put("group", firstText(element, "group"));
    put("publisher", firstText(element, "publisher"));
    put("supplier", isObject(supplier) ? { name: firstText(supplier, "name") } : undefined);
    put("manufacturer", isObject(manufacturer) ? { name: firstText(manufacturer, "name") } : undefined);
    put("purl", firstText(element, "purl"));
    put("cpe", firstText(element, "cpe"));
    put(
      "hashes",
      hashes.length && isObject(hashes[0])
        ? children(hashes[0], "hash").map((h) =>
            mark({ alg: isObject(h) ? attr(h, "alg") : undefined, content: xmlText(h) }, h),
          )
        : undefined,
    );
    put("licenses", licenses(element));
    put(
      "components",
      nested.length && isObject(nested[0]) ? children(nested[0], "component").map(component) : undefined,
    );
    return mark(shape, element);
  };
  // An empty <dependency/> comes back from the parser as an empty string, without a line: it gets the
  // line of its <dependencies>.
  const dependency = (element: unknown, parent: unknown): unknown =>
    isObject(element)
      ? mark(
          {
            ...(attr(element, "ref") !== undefined ? { ref: attr(element, "ref") } : {}),
            dependsOn: children(element, "dependency").map((d) =>
              isObject(d) ? (attr(d, "ref") ?? "") : "",
            ),
          },
          element,
        )
      : mark({ dependsOn: [] }, parent);
  const bom = (root: XmlElement): Json => {
    const metadata = children(root, "metadata")[0];
    const components = children(root, "components")[0];
    const dependencies = children(root, "dependencies")[0];
    const shape: Json = {};
    if (attr(root, "serialNumber") !== undefined) shape.serialNumber = attr(root, "serialNumber");
    if (isObject(metadata)) {
      const c = children(metadata, "component")[0];
      shape.metadata = mark(c !== undefined ? { component: component(c) } : {}, metadata);
    }
    if (isObject(components)) shape.components = children(components, "component").map(component);
    if (isObject(dependencies))
      shape.dependencies = children(dependencies, "dependency").map((d) => dependency(d, dependencies));
    return mark(shape, root);
  };
  return { bom, lines };
}

function readCycloneDxXml(text: string, limits: Required<SbomLimits>): SbomReading {
  const problems = new Problems(limits.maxProblems);
  // No DTDs: CycloneDX needs none, and refusing them is the simplest defence against entity expansion
  // ("billion laughs") and external entities.
  const doctype = /<!DOCTYPE/i.exec(text);
  if (doctype) {
    problems.add("xml-doctype", "document type declarations (DTDs, entities) are not accepted", {
      line: lineIndex(text)(doctype.index),
    });
    return { problems: problems.done() };
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    problems.add("xml-syntax", valid.err.msg, { line: valid.err.line });
    return { problems: problems.done() };
  }
  let parsed: unknown;
  try {
    parsed = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: "@_",
      removeNSPrefix: false,
      parseTagValue: false,
      parseAttributeValue: false,
      trimValues: true,
      isArray: (_name: string, _path: unknown, _leaf: boolean, isAttribute: boolean) => !isAttribute,
      captureMetaData: true,
      // Only the five predefined entities remain (DTDs are refused above); their count is not limited.
      processEntities: {
        enabled: true,
        maxEntityCount: 0,
        maxTotalExpansions: Number.MAX_SAFE_INTEGER,
        maxExpandedLength: Number.MAX_SAFE_INTEGER,
      },
      htmlEntities: false,
      ignoreDeclaration: true,
      ignorePiTags: true,
      maxNestedTags: limits.maxDepth * 3,
    }).parse(text);
  } catch (error) {
    problems.add("xml-syntax", (error as Error).message, { line: 1 });
    return { problems: problems.done() };
  }
  const rootName = isObject(parsed)
    ? Object.keys(parsed).find((k) => !k.startsWith("?") && k !== "#text")
    : undefined;
  const root = rootName && isObject(parsed) ? (parsed[rootName] as unknown[])[0] : undefined;
  if (rootName === undefined || !isObject(root) || rootName.replace(/^[^:]*:/, "") !== "bom") {
    problems.add("bom-format", "the root element must be a CycloneDX <bom>", { line: 1 });
    return { problems: problems.done() };
  }
  const prefix = rootName.includes(":") ? rootName.slice(0, rootName.indexOf(":")) : undefined;
  const namespace = attr(root, prefix ? `xmlns:${prefix}` : "xmlns") ?? "";
  const version = /^http:\/\/cyclonedx\.org\/schema\/bom\/(\d+\.\d+)$/.exec(namespace)?.[1];
  const rootLine = {
    line: lineIndex(text)((root as Record<symbol, { startIndex?: number }>)[metadataSymbol]?.startIndex ?? 0),
  };
  if (version === undefined || !(cyclonedxVersions as readonly string[]).includes(version)) {
    problems.add(
      "spec-version",
      `the namespace "${namespace}" is not that of CycloneDX 1.4 to 1.6 (http://cyclonedx.org/schema/bom/1.x)`,
      rootLine,
    );
    return { problems: problems.done() };
  }
  const unprefixed = prefix ? stripPrefix(root, `${prefix}:`) : root;
  const { bom, lines } = xmlToJsonShape(text);
  const shaped = bom(unprefixed as XmlElement);
  const ctx: CdxContext = {
    version,
    xml: true,
    problems,
    limits,
    refs: new Map(),
    count: 0,
    locate: (parent, _key, child) => {
      const line = isObject(child) || Array.isArray(child) ? lines.get(child as object) : undefined;
      return line !== undefined ? { line } : parent.at;
    },
  };
  const sbom = cdxDocument({ value: shaped, at: rootLine, path: "" }, "cyclonedx-xml", version, ctx);
  return { sbom, problems: problems.done() };
}

/** Element names without the namespace prefix the root used (a prefixed CycloneDX document, rare). */
function stripPrefix(value: unknown, prefix: string): unknown {
  if (Array.isArray(value)) return value.map((v) => stripPrefix(v, prefix));
  if (!isObject(value)) return value;
  const out: Record<string | symbol, unknown> = {};
  for (const [k, v] of Object.entries(value))
    out[k.startsWith(prefix) ? k.slice(prefix.length) : k] = stripPrefix(v, prefix);
  const meta = (value as Record<symbol, unknown>)[metadataSymbol];
  if (meta !== undefined) out[metadataSymbol] = meta;
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// SPDX 2.3

/** Relationship types that make one element include or need another, written as "from depends on to". */
const spdxForward = new Set(["CONTAINS", "DEPENDS_ON", "DYNAMIC_LINK", "STATIC_LINK", "HAS_PREREQUISITE"]);
const spdxBackward = new Set([
  "CONTAINED_BY",
  "DEPENDENCY_OF",
  "BUILD_DEPENDENCY_OF",
  "DEV_DEPENDENCY_OF",
  "OPTIONAL_DEPENDENCY_OF",
  "PROVIDED_DEPENDENCY_OF",
  "RUNTIME_DEPENDENCY_OF",
  "TEST_DEPENDENCY_OF",
  "PREREQUISITE_FOR",
]);

const noAssertion = (value: string | undefined): string | undefined =>
  value === undefined || value === "NOASSERTION" || value === "NONE" || value.trim() === ""
    ? undefined
    : value;

/** "Organization: ExampleCodeInspect (contact@example.com)" → "ExampleCodeInspect". */
export function spdxActorName(value: string | undefined): string | undefined {
  const v = noAssertion(value);
  if (v === undefined) return undefined;
  const name = v
    .replace(/^\s*(?:Person|Organization|Tool)\s*:\s*/i, "")
    .replace(/\s*\([^()]*\)\s*$/, "")
    .trim();
  return name || undefined;
}

interface SpdxElement {
  ref: string;
  name: string;
  kind: "package" | "file";
  version?: string;
  supplier?: string;
  purl?: string;
  cpe?: string;
  hashes: SbomHash[];
  purpose?: string;
  declared?: string;
  concluded?: string;
  files: string[];
  at: SbomLocation;
}

interface SpdxRelationship {
  from: string;
  type: string;
  to: string;
  at: SbomLocation;
}

interface SpdxRead {
  format: "spdx-json" | "spdx-tag-value";
  version?: string;
  namespace?: string;
  name?: string;
  describes: string[];
  elements: SpdxElement[];
  otherIds: Set<string>;
  relationships: SpdxRelationship[];
}

function spdxHash(algorithm: string, value: string): SbomHash {
  return { alg: spdxAlgorithms[algorithm.toUpperCase()] ?? algorithm, content: value };
}

function spdxExternalRef(element: SpdxElement, type: string, locator: string): void {
  if (type === "purl" && element.purl === undefined) element.purl = locator;
  else if ((type === "cpe23Type" || type === "cpe22Type") && element.cpe === undefined) element.cpe = locator;
}

function finishSpdx(read: SpdxRead, problems: Problems, limits: Required<SbomLimits>): SbomReading {
  if (read.version !== "SPDX-2.3" && read.version !== "SPDX-2.2") {
    problems.add(
      "spec-version",
      `${read.version ?? "a missing version"} is not read (SPDX-2.3, and SPDX-2.2 which it extends)`,
      read.format === "spdx-json" ? { pointer: "/spdxVersion" } : { line: 1 },
    );
    return { problems: problems.done() };
  }
  const ids = new Set<string>(read.otherIds);
  const elements: SpdxElement[] = [];
  for (const e of read.elements) {
    if (elements.length >= limits.maxComponents) {
      problems.add("too-many-components", `more than ${limits.maxComponents} packages and files`, e.at);
      break;
    }
    if (!spdxIdPattern.test(e.ref)) problems.add("spdx-id", `"${e.ref}" is not an SPDX identifier`, e.at);
    else if (ids.has(e.ref)) problems.add("spdx-id-duplicate", `the SPDXID "${e.ref}" is used twice`, e.at);
    ids.add(e.ref);
    if (e.name === "") problems.add("component-name", `a ${e.kind} needs a name`, e.at);
    elements.push(e);
  }
  const known = (id: string) =>
    ids.has(id) || id === "NOASSERTION" || id === "NONE" || id.startsWith("DocumentRef-");
  const edges = new Map<string, string[]>();
  const edge = (from: string, to: string) => {
    const list = edges.get(from) ?? [];
    if (!list.includes(to)) list.push(to);
    edges.set(from, list);
  };
  const describes = [...read.describes];
  for (const e of elements) for (const f of e.files) edge(e.ref, f);
  for (const r of read.relationships) {
    for (const id of [r.from, r.to])
      if (!known(id))
        problems.add("spdx-ref", `the relationship names "${id}", which is not in the document`, r.at);
    if (r.type === "DESCRIBES" && r.from === "SPDXRef-DOCUMENT") {
      if (!describes.includes(r.to)) describes.push(r.to);
    } else if (r.type === "DESCRIBED_BY" && r.to === "SPDXRef-DOCUMENT") {
      if (!describes.includes(r.from)) describes.push(r.from);
    } else if (r.from !== "SPDXRef-DOCUMENT" && r.to !== "SPDXRef-DOCUMENT") {
      const local = (id: string) => ids.has(id);
      if (spdxForward.has(r.type) && local(r.from) && local(r.to)) edge(r.from, r.to);
      else if (spdxBackward.has(r.type) && local(r.from) && local(r.to)) edge(r.to, r.from);
    }
  }
  const components = elements.map((e): SbomComponent => {
    const licenses = [...new Set([e.declared, e.concluded].map(noAssertion).filter((l) => l !== undefined))];
    const version = noAssertion(e.version);
    const type = e.kind === "file" ? "file" : e.purpose?.toLowerCase();
    return {
      ref: e.ref,
      name: e.name,
      ...(version !== undefined ? { version } : {}),
      ...(e.supplier ? { supplier: e.supplier } : {}),
      ...(e.purl ? { purl: e.purl } : {}),
      ...(e.cpe ? { cpe: e.cpe } : {}),
      ...(e.hashes.length ? { hashes: e.hashes } : {}),
      ...(type ? { type } : {}),
      ...(licenses.length ? { licenses } : {}),
      children: [],
    };
  });
  return {
    sbom: {
      format: read.format,
      specVersion: read.version.slice("SPDX-".length),
      ...(read.namespace ? { documentNamespace: read.namespace } : {}),
      ...(read.name ? { name: read.name } : {}),
      ...(describes.length ? { describes } : {}),
      components,
      dependencies: [...edges].map(([ref, dependsOn]) => ({ ref, dependsOn })),
    },
    problems: problems.done(),
  };
}

function readSpdxJson(document: unknown, limits: Required<SbomLimits>): SbomReading {
  const problems = new Problems(limits.maxProblems);
  if (!isObject(document)) {
    problems.add("not-an-object", "an SPDX JSON document is a JSON object", { pointer: "" });
    return { problems: problems.done() };
  }
  const read: SpdxRead = {
    format: "spdx-json",
    ...(typeof document.spdxVersion === "string" ? { version: document.spdxVersion } : {}),
    ...(nonEmpty(document.documentNamespace) ? { namespace: document.documentNamespace as string } : {}),
    ...(nonEmpty(document.name) ? { name: document.name as string } : {}),
    describes: Array.isArray(document.documentDescribes)
      ? document.documentDescribes.filter((d): d is string => typeof d === "string")
      : [],
    elements: [],
    otherIds: new Set(["SPDXRef-DOCUMENT"]),
    relationships: [],
  };
  const text = (v: unknown) => (typeof v === "string" ? v : undefined);
  const checksums = (list: unknown, pointer: string): SbomHash[] =>
    Array.isArray(list)
      ? list.flatMap((c, i) => {
          if (isObject(c) && typeof c.algorithm === "string" && typeof c.checksumValue === "string")
            return [spdxHash(c.algorithm, c.checksumValue)];
          problems.add("checksum", "a checksum has an algorithm and a checksumValue", {
            pointer: `${pointer}/checksums/${i}`,
          });
          return [];
        })
      : [];
  const list = (key: string) => (Array.isArray(document[key]) ? (document[key] as unknown[]) : []);
  list("packages").forEach((p, i) => {
    const pointer = `/packages/${i}`;
    if (!isObject(p)) {
      problems.add("component", "a package must be an object", { pointer });
      return;
    }
    const e: SpdxElement = {
      ref: text(p.SPDXID) ?? "",
      name: text(p.name) ?? "",
      kind: "package",
      hashes: checksums(p.checksums, pointer),
      files: Array.isArray(p.hasFiles) ? p.hasFiles.filter((f): f is string => typeof f === "string") : [],
      at: { pointer },
    };
    if (text(p.versionInfo) !== undefined) e.version = text(p.versionInfo);
    const supplier = spdxActorName(text(p.supplier));
    if (supplier) e.supplier = supplier;
    if (text(p.primaryPackagePurpose)) e.purpose = text(p.primaryPackagePurpose);
    if (text(p.licenseDeclared)) e.declared = text(p.licenseDeclared);
    if (text(p.licenseConcluded)) e.concluded = text(p.licenseConcluded);
    if (Array.isArray(p.externalRefs))
      for (const r of p.externalRefs)
        if (isObject(r) && typeof r.referenceType === "string" && typeof r.referenceLocator === "string")
          spdxExternalRef(e, r.referenceType, r.referenceLocator);
    read.elements.push(e);
  });
  list("files").forEach((f, i) => {
    const pointer = `/files/${i}`;
    if (!isObject(f)) {
      problems.add("component", "a file must be an object", { pointer });
      return;
    }
    const e: SpdxElement = {
      ref: text(f.SPDXID) ?? "",
      name: text(f.fileName) ?? "",
      kind: "file",
      hashes: checksums(f.checksums, pointer),
      files: [],
      at: { pointer },
    };
    if (text(f.licenseConcluded)) e.concluded = text(f.licenseConcluded);
    read.elements.push(e);
  });
  for (const s of list("snippets"))
    if (isObject(s) && typeof s.SPDXID === "string") read.otherIds.add(s.SPDXID);
  list("relationships").forEach((r, i) => {
    const at = { pointer: `/relationships/${i}` };
    if (
      isObject(r) &&
      typeof r.spdxElementId === "string" &&
      typeof r.relationshipType === "string" &&
      typeof r.relatedSpdxElement === "string"
    )
      read.relationships.push({
        from: r.spdxElementId,
        type: r.relationshipType,
        to: r.relatedSpdxElement,
        at,
      });
    else
      problems.add(
        "relationship",
        "a relationship has spdxElementId, relationshipType and relatedSpdxElement",
        at,
      );
  });
  return finishSpdx(read, problems, limits);
}

function readSpdxTagValue(text: string, limits: Required<SbomLimits>): SbomReading {
  const problems = new Problems(limits.maxProblems);
  const read: SpdxRead = {
    format: "spdx-tag-value",
    describes: [],
    elements: [],
    otherIds: new Set(["SPDXRef-DOCUMENT"]),
    relationships: [],
  };
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  // The element the following tags describe; files after a package belong to it (SPDX 2.x tag-value).
  let current: SpdxElement | undefined;
  let lastPackage: SpdxElement | undefined;
  let section: "document" | "package" | "file" | "snippet" | "license" | "other" = "document";
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    const at = { line: i + 1 };
    if (raw.trim() === "" || raw.trimStart().startsWith("#")) continue;
    const colon = raw.indexOf(":");
    if (colon <= 0 || !/^[A-Za-z][A-Za-z0-9]*$/.test(raw.slice(0, colon).trim())) {
      problems.add("tag-value-syntax", "expected a line of the form Tag: value", at);
      continue;
    }
    const tag = raw.slice(0, colon).trim();
    let value = raw.slice(colon + 1).trim();
    if (value.startsWith("<text>")) {
      // Multi-line text runs to </text>, possibly lines later.
      let body = value.slice("<text>".length);
      while (!body.includes("</text>") && i + 1 < lines.length) body += `\n${lines[++i] as string}`;
      if (!body.includes("</text>")) {
        problems.add("tag-value-syntax", "<text> is not closed by </text>", at);
        break;
      }
      value = body.slice(0, body.indexOf("</text>"));
    }
    switch (tag) {
      case "SPDXVersion":
        read.version = value;
        break;
      case "DocumentNamespace":
        read.namespace = value;
        break;
      case "DocumentName":
        read.name = value;
        break;
      case "PackageName":
        section = "package";
        current = { ref: "", name: value, kind: "package", hashes: [], files: [], at };
        lastPackage = current;
        read.elements.push(current);
        break;
      case "FileName":
        section = "file";
        current = { ref: "", name: value, kind: "file", hashes: [], files: [], at };
        read.elements.push(current);
        if (lastPackage) lastPackage.files.push(current as unknown as string);
        break;
      case "SnippetSPDXID":
        section = "snippet";
        current = undefined;
        read.otherIds.add(value);
        break;
      case "LicenseID":
        section = "license";
        current = undefined;
        break;
      case "SPDXID":
        if (section === "document") break;
        if (current && current.ref === "") current.ref = value;
        else if (current) problems.add("spdx-id", "a second SPDXID for one element", at);
        break;
      case "PackageVersion":
        if (current?.kind === "package") current.version = value;
        break;
      case "PackageSupplier":
        if (current?.kind === "package") {
          const supplier = spdxActorName(value);
          if (supplier) current.supplier = supplier;
        }
        break;
      case "PrimaryPackagePurpose":
        if (current?.kind === "package") current.purpose = value;
        break;
      case "PackageChecksum":
      case "FileChecksum": {
        const m = /^([A-Za-z0-9-]+)\s*:\s*(\S+)$/.exec(value);
        if (!m) problems.add("checksum", "a checksum is written ALGORITHM: value", at);
        else if (current) current.hashes.push(spdxHash(m[1] as string, m[2] as string));
        break;
      }
      case "PackageLicenseDeclared":
        if (current?.kind === "package") current.declared = value;
        break;
      case "PackageLicenseConcluded":
      case "LicenseConcluded":
        if (current && (section === "package" || section === "file")) current.concluded = value;
        break;
      case "ExternalRef": {
        const m = /^(\S+)\s+(\S+)\s+(\S+)$/.exec(value);
        if (!m) problems.add("external-ref", "an external reference is written CATEGORY TYPE LOCATOR", at);
        else if (current?.kind === "package") spdxExternalRef(current, m[2] as string, m[3] as string);
        break;
      }
      case "Relationship": {
        const m = /^(\S+)\s+(\S+)\s+(\S+)$/.exec(value);
        if (!m) problems.add("relationship", "a relationship is written ELEMENT TYPE ELEMENT", at);
        else read.relationships.push({ from: m[1] as string, type: m[2] as string, to: m[3] as string, at });
        break;
      }
      default:
        break;
    }
  }
  // Files were recorded as objects while their SPDXID was still unknown.
  for (const e of read.elements)
    e.files = e.files.map((f) => (f as unknown as SpdxElement).ref).filter((ref) => ref !== "");
  return finishSpdx(read, problems, limits);
}

// ---------------------------------------------------------------------------------------------------------
// Use

/** Every component, depth first, the metadata component first. */
export function flattenComponents(sbom: Sbom): SbomComponent[] {
  const out: SbomComponent[] = [];
  const walk = (c: SbomComponent) => {
    out.push(c);
    for (const child of c.children) walk(child);
  };
  if (sbom.metadataComponent) walk(sbom.metadataComponent);
  for (const c of sbom.components) walk(c);
  return out;
}

/**
 * The SBOM's components as matching sees them, metadata component first: each an inventory item with the id
 * `idOf` gives its ref (e.g. `<asset id>\u0000<ref>` in the store), supplier as vendor, group and name as
 * product, version, CPE, purl and hashes. The components the SBOM describes (its metadata component; for
 * SPDX the elements it DESCRIBES) also carry the document's own names, its SPDX namespace or CycloneDX
 * serial number, as SBOM URLs. Files without a purl, a CPE or a hash are left out: nothing could name them.
 */
export function componentItems(
  sbom: Sbom,
  idOf: (ref: string) => string,
): { component: SbomComponent; item: InventoryItem }[] {
  const names = [sbom.documentNamespace, sbom.serialNumber].filter((n): n is string => n !== undefined);
  const subjects = new Set(sbom.metadataComponent ? [sbom.metadataComponent.ref] : (sbom.describes ?? []));
  return flattenComponents(sbom)
    .filter((c) => c.type !== "file" || c.purl !== undefined || c.cpe !== undefined || c.hashes?.length)
    .map((c) => ({
      component: c,
      item: {
        id: idOf(c.ref),
        ...(c.supplier ? { vendor: c.supplier } : {}),
        product: c.group ? `${c.group} ${c.name}` : c.name,
        ...(c.version !== undefined ? { version: c.version } : {}),
        ...(c.cpe ? { cpe: c.cpe } : {}),
        ...(c.purl ? { purl: c.purl } : {}),
        ...(c.hashes?.length ? { hashes: c.hashes } : {}),
        ...(names.length && subjects.has(c.ref) ? { sbomUrls: names } : {}),
      },
    }));
}

/** `componentItems` alone, each id the ref after the given prefix. */
export function sbomInventory(sbom: Sbom, prefix = ""): InventoryItem[] {
  return componentItems(sbom, (ref) => `${prefix}${ref}`).map((entry) => entry.item);
}

/**
 * Writes the normalised tree as a CycloneDX JSON document of its spec version (1.6 for SPDX input). Only
 * what the tree holds is written, so `readSbom(toCycloneDxJson(x))` gives `x` back for CycloneDX trees
 * whose refs are explicit.
 */
export function toCycloneDxJson(sbom: Sbom): string {
  const component = (c: SbomComponent): Json => ({
    ...(c.type ? { type: c.type } : {}),
    "bom-ref": c.ref,
    ...(c.supplier ? { supplier: { name: c.supplier } } : {}),
    ...(c.group ? { group: c.group } : {}),
    name: c.name,
    ...(c.version !== undefined ? { version: c.version } : {}),
    ...(c.hashes ? { hashes: c.hashes.map((h) => ({ alg: h.alg, content: h.content })) } : {}),
    ...(c.licenses
      ? {
          licenses:
            c.licenses.length === 1 && /\s/.test(c.licenses[0] as string)
              ? [{ expression: c.licenses[0] }]
              : c.licenses.map((l) => ({ license: { name: l } })),
        }
      : {}),
    ...(c.cpe ? { cpe: c.cpe } : {}),
    ...(c.purl ? { purl: c.purl } : {}),
    ...(c.children.length ? { components: c.children.map(component) } : {}),
  });
  const version = sbom.format.startsWith("cyclonedx") ? sbom.specVersion : "1.6";
  return JSON.stringify({
    bomFormat: "CycloneDX",
    specVersion: version,
    ...(sbom.serialNumber ? { serialNumber: sbom.serialNumber } : {}),
    version: 1,
    ...(sbom.metadataComponent ? { metadata: { component: component(sbom.metadataComponent) } } : {}),
    components: sbom.components.map(component),
    dependencies: sbom.dependencies.map((d) => ({ ref: d.ref, dependsOn: [...d.dependsOn] })),
  });
}
