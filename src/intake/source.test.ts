/**
 * Reading advisory sources end to end: CISA's real offline copy (ROLIE feed, index.txt and changes.csv,
 * .sha512 and .asc for 2024), a provider copy built here with a key pair generated at test time, the same
 * provider served over http on 127.0.0.1, and hostile folders and listings.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createMessage, generateKey, readPrivateKey, sign } from "openpgp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareCsafValidation } from "../advisories/csaf-validate.js";
import { sharedDirectory } from "../catalogues/shared-data.js";
import {
  collectAdvisorySource,
  type IntakeOptions,
  type IntakeProgress,
  type IntakeResult,
} from "./source.js";

const corpora = resolve(sharedDirectory(), "corpora");
const cisa = resolve(corpora, "cisa-csaf/csaf_files");
const canonical = "https://provider.example/.well-known/csaf";

let root: string;
let provider: string;
let publicKey: string;
let otherPublicKey: string;
let fingerprint: string;

const write = (path: string, content: string | Uint8Array) => {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
};
const sha = (algorithm: "sha256" | "sha512", bytes: Uint8Array | string) =>
  createHash(algorithm).update(bytes).digest("hex");

async function detachedSignature(privateKey: string, bytes: Uint8Array): Promise<string> {
  return sign({
    message: await createMessage({ binary: bytes }),
    signingKeys: await readPrivateKey({ armoredKey: privateKey }),
    detached: true,
    format: "armored",
  });
}

/**
 * A provider as a USB copy of https://provider.example/.well-known/csaf/: metadata, one ROLIE feed and the
 * directory distribution, listing the same documents. signed.json is signed with the provider key the
 * metadata names; badsig.json carries a signature over other bytes; tampered.json was changed after its hash
 * was taken; unsigned.json has only a SHA-256 file; index.txt also names a missing document and an escape.
 */
async function buildProvider(dir: string, privateKey: string) {
  const sources = ["va-24-201-01.json", "va-24-254-01.json", "va-24-254-02.json", "va-24-262-01.json"].map(
    (f) => readFileSync(join(cisa, "IT/white/2024", f)),
  );
  const [signed, badsig, tampered, unsigned] = sources as [Buffer, Buffer, Buffer, Buffer];
  const white = join(dir, "white");
  write(join(white, "2024/signed.json"), signed);
  write(join(white, "2024/signed.json.sha512"), `${sha("sha512", signed)}  signed.json\n`);
  write(join(white, "2024/signed.json.asc"), await detachedSignature(privateKey, signed));
  write(join(white, "2024/badsig.json"), badsig);
  write(join(white, "2024/badsig.json.sha512"), `${sha("sha512", badsig)}  badsig.json\n`);
  write(join(white, "2024/badsig.json.asc"), await detachedSignature(privateKey, signed));
  // One more space at the end: still the same valid CSAF document, but not the bytes that were hashed.
  write(join(white, "2024/tampered.json"), Buffer.concat([tampered, Buffer.from(" ")]));
  write(join(white, "2024/tampered.json.sha512"), `${sha("sha512", tampered)}  tampered.json\n`);
  write(join(white, "2024/unsigned.json"), unsigned);
  write(join(white, "2024/unsigned.json.sha256"), `${sha("sha256", unsigned)}\n`);
  const names = ["signed", "badsig", "tampered", "unsigned"];
  const entry = (name: string, i: number) => ({
    id: name,
    title: name,
    link: [
      { rel: "self", href: `${canonical}/white/2024/${name}.json` },
      ...(name === "unsigned"
        ? [{ rel: "hash", href: `${canonical}/white/2024/${name}.json.sha256` }]
        : [
            { rel: "hash", href: `${canonical}/white/2024/${name}.json.sha512` },
            { rel: "signature", href: `${canonical}/white/2024/${name}.json.asc` },
          ]),
    ],
    updated: `2024-0${i + 1}-01T00:00:00Z`,
    content: { type: "application/json", src: `${canonical}/white/2024/${name}.json` },
  });
  write(
    join(white, "feed-tlp-white.json"),
    JSON.stringify({
      feed: {
        id: "example-feed",
        link: [{ rel: "self", href: `${canonical}/white/feed-tlp-white.json` }],
        entry: names.map(entry),
      },
    }),
  );
  write(
    join(white, "index.txt"),
    `${names.map((n) => `2024/${n}.json`).join("\n")}\n2024/missing.json\n../../outside.json\n`,
  );
  write(
    join(white, "changes.csv"),
    names.map((n, i) => `"2024/${n}.json","2024-0${i + 1}-01T00:00:00Z"`).join("\n"),
  );
  write(join(dir, "openpgp", `${fingerprint}.asc`), publicKey);
  write(
    join(dir, "provider-metadata.json"),
    JSON.stringify({
      canonical_url: `${canonical}/provider-metadata.json`,
      distributions: [
        { rolie: { feeds: [{ tlp_label: "WHITE", url: `${canonical}/white/feed-tlp-white.json` }] } },
        { directory_url: `${canonical}/white/` },
      ],
      metadata_version: "2.0",
      public_openpgp_keys: [{ fingerprint, url: `${canonical}/openpgp/${fingerprint}.asc` }],
      publisher: { category: "vendor", name: "Example", namespace: "https://provider.example" },
      role: "csaf_trusted_provider",
    }),
  );
}

beforeAll(async () => {
  await prepareCsafValidation();
  root = mkdtempSync(join(tmpdir(), "mamori-intake-"));
  const pair = await generateKey({
    userIDs: [{ name: "Provider PSIRT", email: "psirt@provider.example" }],
    format: "armored",
  });
  const other = await generateKey({ userIDs: [{ name: "Someone Else" }], format: "armored" });
  publicKey = pair.publicKey;
  otherPublicKey = other.publicKey;
  fingerprint = (await readPrivateKey({ armoredKey: pair.privateKey })).getFingerprint().toUpperCase();
  provider = join(root, "usb/.well-known/csaf");
  await buildProvider(provider, pair.privateKey);
  // Beside the USB copy, so every listing that reaches it has escaped.
  copyFileSync(join(cisa, "IT/white/2024/va-24-201-01.json"), join(root, "usb/outside.json"));
}, 120_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

const byName = (results: readonly IntakeResult[]) =>
  Object.fromEntries(
    results.filter((r) => r.role === "document").map((r) => [r.location.replace(/^.*\//, ""), r] as const),
  );

describe("CISA's offline copy", () => {
  it("reads the IT ROLIE feed: 4 valid documents, SHA-512 files match, signatures by a key we were not given", async () => {
    const { results, summary } = await collectAdvisorySource(
      join(cisa, "IT/white/cisa-csaf-it-feed-tlp-white.json"),
    );
    expect(summary).toEqual({
      layout: "rolie",
      total: 4,
      accepted: 4,
      refused: 0,
      listingProblems: 0,
      skipped: { integrity: 0, layout: 0, other: 0 },
    });
    for (const r of results) {
      expect(r.integrity).toEqual({ sha256: "absent", sha512: "ok", signature: "no-key" });
      expect(r.format).toBe("csaf");
      expect(r.updated).toMatch(/^2024-/);
    }
  });

  it("reads the OT folder by index.txt and by the feed alike (documents since 2024-10-15), dated from changes.csv", async () => {
    const since = "2024-10-15T00:00:00Z";
    const byIndex = await collectAdvisorySource(join(cisa, "OT/white"), { since });
    const byFeed = await collectAdvisorySource(join(cisa, "OT/white/cisa-csaf-ot-feed-tlp-white.json"), {
      since,
    });
    expect(byIndex.summary.layout).toBe("index");
    expect(byFeed.summary.layout).toBe("rolie");
    expect(byIndex.summary.accepted).toBe(12);
    expect(byIndex.results.map((r) => r.location).sort()).toEqual(
      byFeed.results.map((r) => r.location).sort(),
    );
    for (const r of byIndex.results) {
      // CISA's index lists paths from the repository root; they are found below the folder all the same.
      expect(r.location).toMatch(/\/OT\/white\/2024\/icsa-24-\d{3}-\d{2}\.json$/);
      expect(r.updated && r.updated >= since).toBe(true);
      expect(r.integrity.sha512).toBe("ok");
    }
  }, 60_000);

  it("walks a folder, reading the documents and counting what it passed over", async () => {
    const { results, summary } = await collectAdvisorySource(join(cisa, "IT"));
    expect(results.map((r) => r.location.replace(/^.*\/IT\//, ""))).toEqual([
      "white/2024/va-24-201-01.json",
      "white/2024/va-24-254-01.json",
      "white/2024/va-24-254-02.json",
      "white/2024/va-24-262-01.json",
    ]);
    // 4 .sha512 and 4 .asc; the feed; index.txt and changes.csv.
    expect(summary.skipped).toEqual({ integrity: 8, layout: 1, other: 2 });
    expect(summary.accepted).toBe(4);
  });

  it("says where a 2017 document's hash and signature are missing from the copy: absent and unsigned", async () => {
    const { results } = await collectAdvisorySource(join(cisa, "OT/white/2017/icsa-17-012-01.json"));
    expect(results).toHaveLength(1);
    expect(results[0]?.integrity).toEqual({ sha256: "absent", sha512: "absent", signature: "unsigned" });
    expect(results[0]?.accepted).toBe(true);
  });
});

describe("an offline provider copy", () => {
  it("follows the metadata to the feed and the directory, maps its https URLs onto the folder, and uses its key", async () => {
    const progress: IntakeProgress[] = [];
    const { results, summary } = await collectAdvisorySource(join(root, "usb/.well-known/csaf"), {
      onProgress: (p) => progress.push(p),
      date: new Date(),
    });
    const docs = byName(results);
    expect(Object.keys(docs).sort()).toEqual([
      "badsig.json",
      "missing.json",
      "signed.json",
      "tampered.json",
      "unsigned.json",
    ]);
    expect(docs["signed.json"]).toMatchObject({
      accepted: true,
      integrity: { sha256: "absent", sha512: "ok", signature: "ok" },
      signedBy: fingerprint,
      updated: "2024-01-01T00:00:00Z",
    });
    expect(docs["badsig.json"]).toMatchObject({
      accepted: false,
      integrity: { sha512: "ok", signature: "bad" },
    });
    expect(docs["badsig.json"]?.problems).toEqual([expect.objectContaining({ code: "signature-bad" })]);
    expect(docs["tampered.json"]).toMatchObject({ accepted: false, integrity: { sha512: "mismatch" } });
    expect(docs["tampered.json"]?.problems).toEqual([
      expect.objectContaining({
        code: "hash-mismatch",
        params: expect.objectContaining({ algorithm: "sha512" }),
      }),
    ]);
    expect(docs["unsigned.json"]).toMatchObject({
      accepted: true,
      integrity: { sha256: "ok", sha512: "absent", signature: "unsigned" },
    });
    expect(docs["missing.json"]).toMatchObject({
      accepted: false,
      problems: [expect.objectContaining({ code: "not-found" })],
    });
    const escaped = results.find((r) => r.role === "listing");
    expect(escaped?.location).toMatch(/white\/index\.txt$/);
    expect(escaped?.problems).toEqual([
      expect.objectContaining({
        code: "outside-base",
        line: 6,
        params: expect.objectContaining({ reference: "../../outside.json" }),
      }),
    ]);
    expect(
      results.some((r) => r.location.endsWith("outside.json") && r.location.includes("usb/outside")),
    ).toBe(false);
    expect(summary).toMatchObject({
      layout: "provider",
      total: 5,
      accepted: 2,
      refused: 3,
      listingProblems: 1,
    });
    expect(progress.map((p) => p.done)).toEqual([1, 2, 3, 4, 5]);
    expect(progress.every((p) => p.total === 5)).toBe(true);
  });

  it("without the provider's key a signature says no-key, with the key configured ok and bad again, with another key no-key", async () => {
    const location = join(provider, "provider-metadata.json");
    const signatures = async (options: IntakeOptions) => {
      const docs = byName(
        (await collectAdvisorySource(location, { ...options, useProviderKeys: false })).results,
      );
      return [docs["signed.json"]?.integrity.signature, docs["badsig.json"]?.integrity.signature];
    };
    expect(await signatures({})).toEqual(["no-key", "no-key"]);
    expect(await signatures({ keys: [publicKey] })).toEqual(["ok", "bad"]);
    expect(await signatures({ keys: [otherPublicKey] })).toEqual(["no-key", "no-key"]);
  });

  it("refuses a provider key whose fingerprint is not the one the metadata names", async () => {
    const copy = join(root, "wrong-key/.well-known/csaf");
    await buildProvider(
      copy,
      (await generateKey({ userIDs: [{ name: "x" }], format: "armored" })).privateKey,
    );
    write(join(copy, "openpgp", `${fingerprint}.asc`), otherPublicKey);
    const { results } = await collectAdvisorySource(copy);
    const key = results.find((r) => r.role === "key");
    expect(key?.problems).toEqual([expect.objectContaining({ code: "key-fingerprint" })]);
    expect(byName(results)["signed.json"]?.integrity.signature).toBe("no-key");
  });

  it("reports an unreadable configured key as a result of its own", async () => {
    const { results } = await collectAdvisorySource(join(cisa, "IT/white/2024/va-24-201-01.json"), {
      keys: ["-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nnot a key\n-----END PGP PUBLIC KEY BLOCK-----\n"],
    });
    expect(results.map((r) => [r.role, r.problems[0]?.code ?? null])).toEqual([
      ["key", "key-unreadable"],
      ["document", null],
    ]);
  });
});

describe("hostile folders", () => {
  it("does not follow a symbolic link out of the folder, and survives a link loop", async () => {
    const dir = join(root, "links");
    write(join(dir, "real.json"), readFileSync(join(cisa, "IT/white/2024/va-24-201-01.json")));
    symlinkSync(join(root, "usb/outside.json"), join(dir, "escape.json"));
    mkdirSync(join(dir, "sub"));
    symlinkSync(dir, join(dir, "sub/loop"));
    const { results } = await collectAdvisorySource(dir);
    expect(
      results.map((r) => [r.location.replace(`${dir}/`, ""), r.accepted, r.problems[0]?.code ?? null]),
    ).toEqual([
      ["escape.json", false, "outside-base"],
      ["real.json", true, null],
    ]);
  });

  it("refuses a listed document that is a symbolic link out of the folder", async () => {
    const dir = join(root, "listed-link");
    write(join(dir, "index.txt"), "escape.json\n");
    symlinkSync(join(root, "usb/outside.json"), join(dir, "escape.json"));
    const { results } = await collectAdvisorySource(dir);
    expect(results.map((r) => [r.location, r.accepted, r.problems[0]?.code])).toEqual([
      [join(dir, "escape.json"), false, "outside-base"],
    ]);
    expect(results[0]?.text).toBe("");
  });

  it("does not hang on a named pipe listed as a document", async () => {
    const dir = join(root, "fifo");
    write(join(dir, "index.txt"), "pipe.json\n");
    execFileSync("mkfifo", [join(dir, "pipe.json")]);
    const { results } = await collectAdvisorySource(dir);
    expect(results.map((r) => r.problems[0]?.params)).toEqual([
      expect.objectContaining({ reason: "not-a-file" }),
    ]);
  });

  it("stops when its signal is aborted", async () => {
    const controller = new AbortController();
    controller.abort(new Error("stopped by the user"));
    await expect(collectAdvisorySource(join(cisa, "IT"), { signal: controller.signal })).rejects.toThrow(
      "stopped by the user",
    );
  });

  it("reads no more than maxFiles files and says so", async () => {
    const dir = join(root, "many");
    for (let i = 0; i < 5; i++) write(join(dir, `${i}.json`), "{}");
    const { results, summary } = await collectAdvisorySource(dir, { maxFiles: 3 });
    expect(results.filter((r) => r.role === "document")).toHaveLength(3);
    expect(results.find((r) => r.role === "listing")?.problems).toEqual([
      expect.objectContaining({ code: "too-many-files", params: expect.objectContaining({ limit: 3 }) }),
    ]);
    expect(summary.listingProblems).toBe(1);
  });

  it("refuses a document over the size limit without reading it, and text that is not UTF-8", async () => {
    const dir = join(root, "sizes");
    write(join(dir, "big.json"), `{"pad": "${"x".repeat(2000)}"}`);
    write(join(dir, "latin1.json"), Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x3a, 0x31, 0x7d]));
    const { results } = await collectAdvisorySource(dir, { maxBytes: 1024 });
    expect(results.map((r) => r.problems[0]?.code)).toEqual(["too-large", "not-utf8"]);
  });

  it("refuses JSON that is no advisory, with the place of a syntax error", async () => {
    const dir = join(root, "junk");
    write(join(dir, "a.json"), '{"hello": "world"}');
    write(join(dir, "b.json"), '{\n  "document": {\n    "csaf_version": "2.0",\n  }\n}');
    const { results } = await collectAdvisorySource(dir);
    expect(results.map((r) => [r.format, r.problems[0]?.code, r.problems[0]?.line ?? null])).toEqual([
      ["unknown", "unknown-format", null],
      ["unknown", "syntax", 4],
    ]);
  });
});

describe("OSV records", () => {
  it("reads OSV JSON and YAML by content; a range without introduced is refused at its pointer", async () => {
    const dir = join(root, "osv");
    const linter = join(corpora, "osv-schema-tests/tools/osv-linter/testdata");
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(linter, "GO-2020-0001.json"), join(dir, "GO-2020-0001.json"));
    copyFileSync(join(linter, "nointroduced-CVE-2023-41045.json"), join(dir, "nointroduced.json"));
    copyFileSync(
      join(corpora, "osv-pypa-advisory-db/vulns/apache-skywalking/PYSEC-2020-342.yaml"),
      join(dir, "PYSEC-2020-342.yaml"),
    );
    const docs = byName((await collectAdvisorySource(dir)).results);
    expect(docs["GO-2020-0001.json"]).toMatchObject({
      format: "osv",
      accepted: true,
      osv: { id: "GO-2020-0001" },
    });
    expect(docs["PYSEC-2020-342.yaml"]).toMatchObject({
      format: "osv",
      accepted: true,
      osv: { id: "PYSEC-2020-342" },
    });
    expect(docs["nointroduced.json"]).toMatchObject({ format: "osv", accepted: false });
    expect(docs["nointroduced.json"]?.problems[0]).toMatchObject({
      test: "osv",
      at: expect.stringMatching(/^\/affected\/0\/ranges\/0/),
    });
    expect(docs["nointroduced.json"]?.problems[0]?.line).toBeGreaterThan(1);
  });
});

describe("over http", () => {
  let server: Server;
  let origin: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      const path = new URL(request.url ?? "/", "http://x").pathname;
      if (path === "/slow.json") return; // never answers: the timeout must end it
      if (path === "/redirect.json") {
        response.writeHead(302, {
          location: `${origin.replace("127.0.0.1", "localhost")}/.well-known/csaf/white/2024/signed.json`,
        });
        response.end();
        return;
      }
      if (path === "/endless.json") {
        response.writeHead(200, { "content-type": "application/json" });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        let sent = 0;
        const more = () => {
          while (sent < 64 && response.write(chunk)) sent++;
          if (sent < 64) response.once("drain", more);
          else response.end();
        };
        more();
        return;
      }
      let body: Buffer;
      try {
        body = readFileSync(join(root, "usb", path));
      } catch {
        response.writeHead(404).end();
        return;
      }
      // Listings name the canonical host; served from here they name this server, as a mirror's would.
      if (/\.(json|txt|csv)$/.test(path) && !path.includes("/2024/"))
        body = Buffer.from(body.toString("utf8").replaceAll("https://provider.example", origin));
      response.writeHead(200, { "content-length": body.length }).end(body);
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  });

  it("reads the provider by its metadata URL, with the key configured (provider keys are not fetched)", async () => {
    const { results, summary } = await collectAdvisorySource(
      `${origin}/.well-known/csaf/provider-metadata.json`,
      {
        keys: [publicKey],
      },
    );
    const docs = byName(results);
    expect(docs["signed.json"]).toMatchObject({
      accepted: true,
      integrity: { sha512: "ok", signature: "ok" },
    });
    expect(docs["signed.json"]?.location).toBe(`${origin}/.well-known/csaf/white/2024/signed.json`);
    expect(docs["badsig.json"]?.integrity.signature).toBe("bad");
    expect(docs["tampered.json"]?.integrity.sha512).toBe("mismatch");
    expect(docs["unsigned.json"]?.integrity).toEqual({
      sha256: "ok",
      sha512: "absent",
      signature: "unsigned",
    });
    expect(docs["missing.json"]?.problems).toEqual([expect.objectContaining({ code: "not-found" })]);
    expect(summary).toMatchObject({
      layout: "provider",
      total: 5,
      accepted: 2,
      refused: 3,
      listingProblems: 1,
    });
  });

  it("reads a directory URL through its index.txt", async () => {
    const { summary } = await collectAdvisorySource(`${origin}/.well-known/csaf/white/`, {
      keys: [publicKey],
    });
    expect(summary).toMatchObject({ layout: "index", total: 5, accepted: 2 });
  });

  it("goes through the injected fetch, and nowhere but the location's origin", async () => {
    const asked: string[] = [];
    const recording: typeof fetch = (input, init) => {
      asked.push(String(input));
      return fetch(input, init);
    };
    await collectAdvisorySource(`${origin}/.well-known/csaf/white/feed-tlp-white.json`, { fetch: recording });
    expect(asked.length).toBeGreaterThan(8);
    expect(asked.every((url) => url.startsWith(`${origin}/`))).toBe(true);
    const { results } = await collectAdvisorySource(`${origin}/redirect.json`);
    expect(results[0]?.problems).toEqual([expect.objectContaining({ code: "other-origin" })]);
  });

  it("fetches a single document once, and holds it to the document size limit", async () => {
    const document = `${origin}/.well-known/csaf/white/2024/signed.json`;
    const asked: string[] = [];
    const recording: typeof fetch = (input, init) => {
      asked.push(String(input));
      return fetch(input, init);
    };
    const { results } = await collectAdvisorySource(document, { fetch: recording, keys: [publicKey] });
    expect(results[0]).toMatchObject({ accepted: true, integrity: { sha512: "ok", signature: "ok" } });
    expect(asked.filter((url) => url === document)).toHaveLength(1);
    const small = await collectAdvisorySource(document, { maxBytes: 1024 });
    expect(small.results[0]?.problems).toEqual([expect.objectContaining({ code: "too-large" })]);
  });

  it("gives up on a server that does not answer in time, and on a body over the limit", async () => {
    const started = Date.now();
    const slow = await collectAdvisorySource(`${origin}/slow.json`, { timeoutMs: 300 });
    expect(slow.results[0]?.problems).toEqual([
      expect.objectContaining({ code: "unreadable", params: expect.objectContaining({ reason: "timeout" }) }),
    ]);
    expect(Date.now() - started).toBeLessThan(10_000);
    const endless = await collectAdvisorySource(`${origin}/endless.json`, { maxListingBytes: 1024 * 1024 });
    expect(endless.results[0]?.problems).toEqual([expect.objectContaining({ code: "too-large" })]);
  });
});
