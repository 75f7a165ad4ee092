import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildPurl, formatPurl, type Purl, parsePurl, purlMatches } from "./purl.js";

function purl(text: string): Purl {
  const r = parsePurl(text);
  if (!r.ok) throw new Error(`${text}: ${r.error.message}`);
  return r.value;
}

describe("parsePurl", () => {
  it("normalises and writes the canonical form", () => {
    expect(formatPurl(purl("pkg:PYPI/Django_package@1.11.1.dev1"))).toBe(
      "pkg:pypi/django-package@1.11.1.dev1",
    );
    expect(formatPurl(purl("pkg:deb/debian/attr@1:2.4.47-2+b1?arch=amd64"))).toBe(
      "pkg:deb/debian/attr@1:2.4.47-2%2Bb1?arch=amd64",
    );
    expect(formatPurl(purl("pkg:npm/%40angular/animation@12.3.1"))).toBe(
      "pkg:npm/%40angular/animation@12.3.1",
    );
    expect(formatPurl(purl("pkg:generic/x?b=2&a=1&c="))).toBe("pkg:generic/x?a=1&b=2");
    expect(purl("pkg:rpm/fedora/curl@7.50.3?Arch=i386").qualifiers).toEqual({ arch: "i386" });
  });

  it.each([
    ["EnterpriseLibrary.Common@6.0.1304", "not-purl", 0],
    ["pkg:3nginx/nginx@0.8.9", "invalid-type", 4],
    ["pkg:npm/a?in%20production=true", "invalid-qualifier-key", 10],
    ["pkg:vcpkg/@1.0.8", "missing-name", 10],
    ["pkg:maven/commons-io@2.0", "namespace-required", 10],
    ["pkg:pypi/x/django@1.0", "namespace-prohibited", 9],
    ["pkg:julia/Dates", "qualifier-required", 15],
    ["pkg:cpan/URI::PackageURL", "invalid-name", 9],
    ["pkg:chrome-extension/dlpngalgnefjeiefhmpklpfiohadpglk@1.2.3-beta", "invalid-version", 54],
  ])("%s fails with %s at %i", (text, code, offset) => {
    const r = parsePurl(text);
    expect(r.ok ? formatPurl(r.value) : [r.error.code, r.error.offset]).toEqual([code, offset]);
  });
});

describe("purlMatches", () => {
  const component = purl(
    "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar&repository_url=https://repo1.example",
  );
  it.each([
    ["pkg:maven/org.apache.logging.log4j/log4j-core", true],
    ["pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", true],
    ["pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1.0", true],
    ["pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?classifier=sources", true],
    ["pkg:maven/org.apache.logging.log4j/log4j-core@2.15.0", false],
    ["pkg:maven/org.apache.logging.log4j/log4j-api", false],
    ["pkg:maven/org.apache.logging/log4j-core", false],
    ["pkg:npm/log4j-core", false],
    ["pkg:maven/org.apache.logging.log4j/log4j-core?custom=x", "uncertain"],
  ])("%s against log4j-core 2.14.1 → %s", (advisory, expected) => {
    expect(purlMatches(purl(advisory), component).match).toBe(expected);
  });

  it("compares identifying qualifiers, and repository_url for oci", () => {
    const conan = purl("pkg:conan/openssl.org/openssl@3.0.3?user=bincrafters&channel=stable");
    expect(purlMatches(purl("pkg:conan/openssl.org/openssl@3.0.3?user=other"), conan).match).toBe(false);
    const image = purl("pkg:oci/debian@sha256%3A244fd47e07d10?repository_url=docker.io/library/debian");
    expect(purlMatches(purl("pkg:oci/debian?repository_url=ghcr.io/x/debian"), image).match).toBe(false);
    expect(purlMatches(purl("pkg:oci/debian?repository_url=docker.io/library/debian"), image).match).toBe(
      true,
    );
  });

  it("is uncertain when the component's version is unknown or cannot be compared", () => {
    expect(purlMatches(purl("pkg:pypi/django@1.11"), purl("pkg:pypi/django")).match).toBe("uncertain");
    expect(purlMatches(purl("pkg:pypi/django@1.11"), purl("pkg:pypi/django@unknown-build")).match).toBe(
      "uncertain",
    );
    expect(purlMatches(purl("pkg:pypi/django@1.11"), purl("pkg:pypi/django@1.11.0")).match).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------------------
// properties

const segment = fc.string({
  unit: fc.constantFrom(..."abcXYZ019.-_~:@/?#%&= +!é漢"),
  minLength: 1,
  maxLength: 8,
});
const components = fc.record({
  type: fc.constantFrom("generic", "npm", "maven", "pypi", "golang", "deb", "cargo"),
  namespace: fc.option(
    fc.array(segment, { minLength: 1, maxLength: 2 }).map((s) => s.join("/")),
    { nil: undefined },
  ),
  name: segment,
  version: fc.option(segment, { nil: undefined }),
  qualifiers: fc.option(
    fc.dictionary(fc.constantFrom("arch", "os", "checksum", "vcs_url", "x.y"), segment, { maxKeys: 3 }),
    { nil: undefined },
  ),
  subpath: fc.option(fc.constantFrom("a", "a/b", "src/x.c"), { nil: undefined }),
});

describe("purl properties", () => {
  it("parsePurl(formatPurl(purl)) gives the purl back, and the canonical string is stable", () => {
    fc.assert(
      fc.property(components, (c) => {
        const built = buildPurl(c);
        if (!built.ok) return; // e.g. maven without a namespace: refused, as a value
        const text = formatPurl(built.value);
        const again = parsePurl(text);
        expect(again, text).toEqual({ ok: true, value: built.value });
        if (again.ok) expect(formatPurl(again.value)).toBe(text);
      }),
      { numRuns: 1000 },
    );
  });

  it("a purl matches itself", () => {
    fc.assert(
      fc.property(components, (c) => {
        const built = buildPurl(c);
        if (built.ok) expect(purlMatches(built.value, built.value).match).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("never throws on garbage", () => {
    const purlish = fc
      .array(fc.constantFrom("pkg:", "npm", "/", "@", "?", "#", "=", "&", "%", "%2", "%40", "a", "1", ":"), {
        maxLength: 15,
      })
      .map((a) => a.join(""));
    fc.assert(
      fc.property(fc.oneof(purlish, fc.string(), fc.string({ unit: "grapheme" })), (s) => {
        const r = parsePurl(s);
        if (!r.ok) expect(r.error.offset).toBeLessThanOrEqual(s.length);
      }),
      { numRuns: 3000 },
    );
  });
});
