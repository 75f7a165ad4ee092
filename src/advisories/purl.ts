/**
 * Package URLs (ECMA-427, https://github.com/package-url/purl-spec): a thin layer over `packageurl-js`.
 * Pure; bad input is a located error value, never an exception.
 *
 * `packageurl-js` decodes the string and applies the type normalisations it knows (pypi names, mlflow…), except
 * for the qualifiers, which are read here (the library reads '+' as a space and rejects a literal '%'). On top of
 * it:
 * - qualifier keys are ASCII letters, digits, '.', '-' and '_', not starting with a digit; they are
 *   case-insensitive and lowercased (ECMA-427; the conformance suite contradicts itself here, see the tests);
 * - a name is required before '@' ("pkg:vcpkg/@1.0.8" has no name; the library reads "@1.0.8" as one);
 * - git purls: the namespace is the host and the name is the repository path with its owner
 *   ("pkg:git/codeberg.org/forgejo/forgejo" is namespace "codeberg.org", name "forgejo/forgejo");
 * - the registered type definitions' rules the library misses: namespace required or prohibited, case folding
 *   of namespace, name and version, required qualifiers and permitted characters (`purlTypeRules`, checked
 *   against the definitions in the shared corpus by a test), and cpan's "a distribution name never holds '::'";
 * - the canonical string is written here (`formatPurl`): every character except ASCII letters, digits and
 *   `. - _ ~ :` is percent-encoded in uppercase hex (the library also encodes ':', and leaves '+' in versions),
 *   qualifiers are sorted by key and empty ones dropped, and '.', '..' and empty subpath segments removed.
 *
 * `purlMatches(advisory, component)` compares package identity: type, namespace and name must be equal; a
 * version in the advisory's purl must equal the component's under the type's version scheme (versions.ts);
 * qualifiers count only when they identify the package (see `nonIdentifyingQualifiers`).
 */
import { PackageURL } from "packageurl-js";
import { compareVersions } from "./versions.js";

export interface Purl {
  readonly type: string;
  readonly namespace?: string;
  readonly name: string;
  readonly version?: string;
  /** Sorted by key; never an empty value. */
  readonly qualifiers: Readonly<Record<string, string>>;
  readonly subpath?: string;
}

export type PurlErrorCode =
  | "not-purl"
  | "invalid-type"
  | "invalid-qualifier-key"
  | "missing-name"
  | "namespace-required"
  | "namespace-prohibited"
  | "qualifier-required"
  | "invalid-name"
  | "invalid-version"
  | "invalid";

export interface PurlError {
  readonly code: PurlErrorCode;
  /** Index into the input string (0 when the input was components, not a string). */
  readonly offset: number;
  readonly message: string;
}

export type PurlResult =
  | { readonly ok: true; readonly value: Purl }
  | { readonly ok: false; readonly error: PurlError };

export interface PurlTypeRule {
  readonly namespace?: "required" | "prohibited";
  readonly lowerNamespace?: true;
  readonly lowerName?: true;
  readonly lowerVersion?: true;
  readonly requiredQualifiers?: readonly string[];
  readonly namePattern?: RegExp;
  readonly versionPattern?: RegExp;
}

/** From the registered type definitions (purl-spec `types/*-definition.json`). */
export const purlTypeRules: Readonly<Record<string, PurlTypeRule>> = {
  alpm: { namespace: "required", lowerNamespace: true, lowerName: true },
  apk: { namespace: "required", lowerNamespace: true, lowerName: true },
  bazel: { namespace: "prohibited" },
  bitbucket: { namespace: "required", lowerNamespace: true, lowerName: true },
  bitnami: { namespace: "prohibited", lowerName: true },
  brew: { lowerNamespace: true, lowerName: true },
  cargo: { namespace: "prohibited" },
  "chrome-extension": {
    namespace: "prohibited",
    lowerName: true,
    namePattern: /^[a-p]{32}$/,
    versionPattern: /^\d+(\.\d+){0,3}$/,
  },
  cocoapods: { namespace: "prohibited" },
  composer: { namespace: "required", lowerNamespace: true, lowerName: true },
  conan: {},
  conda: { namespace: "prohibited" },
  cpan: {},
  cran: { namespace: "prohibited" },
  deb: { namespace: "required", lowerNamespace: true, lowerName: true },
  docker: {},
  gem: { namespace: "prohibited" },
  generic: {},
  git: { namespace: "required" },
  github: { namespace: "required", lowerNamespace: true, lowerName: true },
  golang: { namespace: "required" },
  hackage: { namespace: "prohibited" },
  hex: { lowerNamespace: true, lowerName: true },
  huggingface: { namespace: "required", lowerVersion: true },
  julia: { namespace: "prohibited", requiredQualifiers: ["uuid"] },
  luarocks: { lowerNamespace: true, lowerName: true },
  maven: { namespace: "required" },
  mlflow: { namespace: "prohibited" },
  npm: {},
  nuget: { namespace: "prohibited" },
  oci: { namespace: "prohibited", lowerName: true, lowerVersion: true },
  opam: { namespace: "prohibited" },
  otp: { namespace: "prohibited", lowerName: true },
  pub: { namespace: "prohibited", lowerName: true, namePattern: /^[a-z0-9_]/ },
  pypi: { namespace: "prohibited", lowerName: true, lowerVersion: true },
  qpkg: { namespace: "required", lowerNamespace: true },
  rpm: { namespace: "required", lowerNamespace: true },
  swid: { requiredQualifiers: ["tag_id"] },
  swift: { namespace: "required" },
  vcpkg: { namespace: "prohibited" },
  "vscode-extension": { namespace: "required", lowerNamespace: true, lowerName: true, lowerVersion: true },
  yocto: { lowerNamespace: true },
};

const qualifierKey = /^[A-Za-z._-][A-Za-z0-9._-]*$/;

/** Offsets of the components in a purl string, for locating errors the library reports. */
function componentOffsets(
  text: string,
): Record<"type" | "namespace" | "name" | "version" | "qualifiers" | "subpath", number> {
  const hash = text.indexOf("#");
  const end = hash === -1 ? text.length : hash;
  const q = text.lastIndexOf("?", end);
  const pathEnd = q === -1 ? end : q;
  const slash = text.lastIndexOf("/", pathEnd - 1);
  const found = text.lastIndexOf("@", pathEnd - 1);
  const at = found > slash ? found : -1;
  const lastSlash = at === -1 ? slash : text.lastIndexOf("/", at);
  const type = text.indexOf(":") + 1;
  const firstSlash = text.indexOf("/", type);
  return {
    type,
    namespace: firstSlash === -1 ? type : firstSlash + 1,
    name: lastSlash === -1 ? type : lastSlash + 1,
    version: at === -1 ? pathEnd : at + 1,
    qualifiers: q === -1 ? end : q + 1,
    subpath: hash === -1 ? text.length : hash + 1,
  };
}

function libraryError(e: unknown, offsets?: ReturnType<typeof componentOffsets>): PurlError {
  const message = e instanceof Error ? e.message : String(e);
  const component = /\b(type|namespace|name|version|qualifiers?|subpath)\b/
    .exec(message)?.[1]
    ?.replace("qualifier", "qualifiers") as keyof ReturnType<typeof componentOffsets> | undefined;
  const code: PurlErrorCode =
    component === "type"
      ? "invalid-type"
      : component === "name" && /required/.test(message)
        ? "missing-name"
        : component === "namespace" && /requires/.test(message)
          ? "namespace-required"
          : component === "namespace" && /must be empty/.test(message)
            ? "namespace-prohibited"
            : component === "qualifiers"
              ? "invalid-qualifier-key"
              : "invalid";
  return { code, offset: offsets && component ? offsets[component] : 0, message };
}

/**
 * Reads the qualifiers ourselves: the library reads them as form data ('+' becomes a space) and then decodes the
 * decoded values again (a literal '%' fails), both against ECMA-427.
 */
function parseQualifiers(
  text: string,
): { ok: true; qualifiers: Record<string, string>; rest: string } | { ok: false; error: PurlError } {
  const hash = text.indexOf("#");
  const end = hash === -1 ? text.length : hash;
  const q = text.indexOf("?");
  if (q === -1 || q > end) return { ok: true, qualifiers: {}, rest: text };
  const qualifiers: Record<string, string> = {};
  let offset = q + 1;
  for (const pair of text.slice(q + 1, end).split("&")) {
    const eq = pair.indexOf("=");
    const key = (eq === -1 ? pair : pair.slice(0, eq)).toLowerCase();
    if (pair.length > 0) {
      if (!qualifierKey.test(key)) {
        return {
          ok: false,
          error: {
            code: "invalid-qualifier-key",
            offset,
            message: `qualifier key '${key}' must be ASCII letters, digits, '.', '-' or '_', not starting with a digit`,
          },
        };
      }
      if (key in qualifiers) {
        return {
          ok: false,
          error: { code: "invalid-qualifier-key", offset, message: `qualifier '${key}' appears twice` },
        };
      }
      let value: string;
      try {
        value = decodeURIComponent(eq === -1 ? "" : pair.slice(eq + 1));
      } catch {
        return {
          ok: false,
          error: {
            code: "invalid",
            offset: offset + eq + 1,
            message: `the value of qualifier '${key}' is not valid percent-encoding`,
          },
        };
      }
      qualifiers[key] = value;
    }
    offset += pair.length + 1;
  }
  // The library still sees which keys are present (conan requires qualifiers with a namespace), not the values.
  const placeholders = Object.keys(qualifiers).map((k) => `${k}=x`);
  const rest =
    text.slice(0, q) + (placeholders.length > 0 ? `?${placeholders.join("&")}` : "") + text.slice(end);
  return { ok: true, qualifiers, rest };
}

function normalise(p: PackageURL, offsets?: ReturnType<typeof componentOffsets>): PurlResult {
  const at = (k: keyof ReturnType<typeof componentOffsets>) => (offsets ? offsets[k] : 0);
  const type = p.type.toLowerCase();
  const rule = purlTypeRules[type] ?? {};
  let namespace = p.namespace ?? undefined;
  let name = p.name;
  if (type === "git" && namespace?.includes("/")) {
    const [host, ...owner] = namespace.split("/");
    namespace = host;
    name = [...owner, name].join("/");
  }
  let version = p.version ?? undefined;
  if (namespace === "") namespace = undefined;
  if (rule.namespace === "required" && namespace === undefined) {
    return {
      ok: false,
      error: {
        code: "namespace-required",
        offset: at("name"),
        message: `a '${type}' purl needs a namespace`,
      },
    };
  }
  if (rule.namespace === "prohibited" && namespace !== undefined) {
    return {
      ok: false,
      error: {
        code: "namespace-prohibited",
        offset: at("namespace"),
        message: `a '${type}' purl has no namespace`,
      },
    };
  }
  if (rule.lowerNamespace && namespace !== undefined) namespace = namespace.toLowerCase();
  if (rule.lowerName) name = name.toLowerCase();
  if (rule.lowerVersion && version !== undefined) version = version.toLowerCase();
  if (rule.namePattern && !rule.namePattern.test(name)) {
    return {
      ok: false,
      error: { code: "invalid-name", offset: at("name"), message: `'${name}' is not a valid '${type}' name` },
    };
  }
  if (type === "cpan" && name.includes("::")) {
    return {
      ok: false,
      error: {
        code: "invalid-name",
        offset: at("name"),
        message: `a cpan purl names a distribution, and '${name}' is a module name (it holds '::')`,
      },
    };
  }
  if (rule.versionPattern && version !== undefined && !rule.versionPattern.test(version)) {
    return {
      ok: false,
      error: {
        code: "invalid-version",
        offset: at("version"),
        message: `'${version}' is not a valid '${type}' version`,
      },
    };
  }
  const qualifiers: Record<string, string> = {};
  for (const key of Object.keys(p.qualifiers ?? {}).sort((a, b) =>
    a.toLowerCase() < b.toLowerCase() ? -1 : 1,
  )) {
    const value = p.qualifiers?.[key];
    if (value !== undefined && value !== "") qualifiers[key.toLowerCase()] = value;
  }
  for (const key of rule.requiredQualifiers ?? []) {
    if (qualifiers[key] === undefined) {
      return {
        ok: false,
        error: {
          code: "qualifier-required",
          offset: at("qualifiers"),
          message: `a '${type}' purl needs the qualifier '${key}'`,
        },
      };
    }
  }
  const subpath = p.subpath
    ?.split("/")
    .filter((s) => s !== "" && s !== "." && s !== "..")
    .join("/");
  return {
    ok: true,
    value: {
      type,
      ...(namespace !== undefined ? { namespace } : {}),
      name,
      ...(version !== undefined && version !== "" ? { version } : {}),
      qualifiers,
      ...(subpath ? { subpath } : {}),
    },
  };
}

/** Parses and normalises a purl string. */
export function parsePurl(text: string): PurlResult {
  if (typeof text !== "string" || !/^pkg:/i.test(text)) {
    return { ok: false, error: { code: "not-purl", offset: 0, message: "a package URL starts with 'pkg:'" } };
  }
  const query = parseQualifiers(text);
  if (!query.ok) return query;
  const offsets = componentOffsets(text);
  if (text[offsets.version - 1] === "@" && offsets.version - 1 === offsets.name) {
    return {
      ok: false,
      error: { code: "missing-name", offset: offsets.name, message: "the purl has no name before '@'" },
    };
  }
  let parsed: PackageURL;
  try {
    const p = PackageURL.fromString(query.rest);
    parsed = new PackageURL(p.type, p.namespace, p.name, p.version, query.qualifiers, p.subpath);
  } catch (e) {
    return { ok: false, error: libraryError(e, offsets) };
  }
  return normalise(parsed, offsets);
}

export interface PurlComponents {
  readonly type?: string | null;
  readonly namespace?: string | null;
  readonly name?: string | null;
  readonly version?: string | null;
  readonly qualifiers?: Readonly<Record<string, string>> | null;
  readonly subpath?: string | null;
}

/** Validates and normalises components (the purl "build" operation); format the result with `formatPurl`. */
export function buildPurl(c: PurlComponents): PurlResult {
  for (const key of Object.keys(c.qualifiers ?? {})) {
    if (!qualifierKey.test(key)) {
      return {
        ok: false,
        error: { code: "invalid-qualifier-key", offset: 0, message: `qualifier key '${key}' is not valid` },
      };
    }
  }
  let built: PackageURL;
  try {
    built = new PackageURL(
      c.type as string,
      c.namespace,
      c.name as string,
      c.version,
      c.qualifiers ? { ...c.qualifiers } : undefined,
      c.subpath,
    );
  } catch (e) {
    return { ok: false, error: libraryError(e) };
  }
  return normalise(built);
}

const utf8 = new TextEncoder();

function encode(s: string): string {
  let out = "";
  for (const byte of utf8.encode(s)) {
    const c = String.fromCharCode(byte);
    out += /^[A-Za-z0-9._~:-]$/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** The canonical purl string. */
export function formatPurl(p: Purl): string {
  let out = `pkg:${p.type}/`;
  if (p.namespace !== undefined) out += `${p.namespace.split("/").map(encode).join("/")}/`;
  out += p.type === "git" ? p.name.split("/").map(encode).join("/") : encode(p.name);
  if (p.version !== undefined) out += `@${encode(p.version)}`;
  const keys = Object.keys(p.qualifiers).sort();
  if (keys.length > 0) out += `?${keys.map((k) => `${k}=${encode(p.qualifiers[k] as string)}`).join("&")}`;
  if (p.subpath !== undefined) out += `#${p.subpath.split("/").map(encode).join("/")}`;
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// matching

/**
 * Qualifiers that say where a package came from or which build of it this is, not which package it is. They
 * are ignored when matching; every other qualifier present on both sides must be equal. `repository_url`
 * identifies the package for oci and mlflow (the same name in another registry is another image or model).
 */
export const nonIdentifyingQualifiers: ReadonlySet<string> = new Set([
  "repository_url",
  "download_url",
  "vcs_url",
  "file_name",
  "checksum",
  "arch",
  "os",
  "platform",
  "distro",
  "classifier",
  "type",
  "extension",
  "tag",
  "build",
]);

const repositoryIdentifies = new Set(["oci", "mlflow"]);

export interface PurlMatch {
  readonly match: boolean | "uncertain";
  readonly reason: string;
}

/** Does the advisory's purl name the component's package (and version, when it gives one)? */
export function purlMatches(advisory: Purl, component: Purl): PurlMatch {
  const id = (p: Purl) => `${p.type}/${p.namespace === undefined ? "" : `${p.namespace}/`}${p.name}`;
  if (
    advisory.type !== component.type ||
    advisory.namespace !== component.namespace ||
    advisory.name !== component.name
  ) {
    return { match: false, reason: `different packages: ${id(advisory)} and ${id(component)}` };
  }
  for (const [key, value] of Object.entries(advisory.qualifiers)) {
    if (
      nonIdentifyingQualifiers.has(key) &&
      !(key === "repository_url" && repositoryIdentifies.has(advisory.type))
    )
      continue;
    const other = component.qualifiers[key];
    if (other === undefined) {
      return { match: "uncertain", reason: `the advisory names ${key}=${value}; the component does not say` };
    }
    if (other !== value) return { match: false, reason: `${key} differs: '${value}' and '${other}'` };
  }
  if (advisory.version === undefined) {
    return { match: true, reason: `same package ${id(advisory)}; the advisory's purl names no version` };
  }
  if (component.version === undefined) {
    return {
      match: "uncertain",
      reason: `the advisory names version ${advisory.version}; the component's version is unknown`,
    };
  }
  const c = compareVersions(component.version, advisory.version, advisory.type);
  if (c === 0) return { match: true, reason: `same package ${id(advisory)} and version ${advisory.version}` };
  if (c === "incomparable") {
    return {
      match: "uncertain",
      reason: `versions '${component.version}' and '${advisory.version}' cannot be compared as '${advisory.type}' versions`,
    };
  }
  return {
    match: false,
    reason: `same package ${id(advisory)}, other version: ${component.version} (advisory: ${advisory.version})`,
  };
}
