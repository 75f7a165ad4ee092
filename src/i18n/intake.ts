import type { Messages } from "./ja.js";

/**
 * Advisory intake and validation (issue 6): the `mamori advisories` commands and the problems Mamori itself
 * finds in advisories, listings and keys. The validator library's own findings keep its English words;
 * these messages name the test they come from.
 */
export const intakeJa = {
  cli: {
    description: "脆弱性情報（CSAF 2.0 アドバイザリ・OSV レコード）を扱う",
    validate: {
      description:
        "CSAF 2.0 / OSV のファイルを検証する（CSAF はスキーマと必須テスト 6.1 のすべて）。無効なら終了コード2",
      ok: "{{file}}: 有効な{{format}}です",
      okWithWarnings: "{{file}}: 有効な{{format}}です（警告 {{warnings}}件）",
      failed: "{{file}}: 無効です（エラー {{errors}}件、警告 {{warnings}}件）",
    },
    import: {
      description:
        "アドバイザリを取り込む: ファイル・フォルダ（USB メモリ）・プロバイダのオフライン複製（provider-metadata.json、ROLIE フィード、index.txt）・URL。検証して有効なものを保存し、全サイトと全製品を照合し直す",
      keys: "署名の検証に使う OpenPGP 公開鍵（.asc）のフォルダ",
      since: "この日時以降に更新された文書だけを取り込む（RFC 3339）",
      progress: "読み込み中 {{done}}{{total}} 件 …",
      refused: "{{location}}: 取り込みませんでした",
      done: "{{total}} 件中 {{accepted}} 件を保存（新規 {{created}}、更新 {{updated}}、変更なし {{unchanged}}、古い版を履歴に {{older}}）、拒否 {{refused}} 件",
      matched:
        "{{site}}: 照合 {{matches}} 件（新規 {{added}}、確認待ち {{toReview}}、新しい対応案件 {{opened}}）",
      productMatched:
        "製品 {{product}}: 照合 {{matches}} 件（新規 {{added}}、確認待ち {{toReview}}、新たに調査中とした脆弱性 {{opened}}）",
      reference: "{{kind}} を取り込みました（版 {{version}}、{{entries}} 件）",
      referenceDescription: "CISA KEV カタログ（JSON）または FIRST EPSS（CSV）を取り込む（内容から判別）",
      notReference: "{{file}}: KEV カタログ（JSON）でも EPSS（CSV）でもありません",
    },
  },
  format: {
    csaf: "CSAF 2.0 文書",
    osv: "OSV レコード",
    unknown: "不明な形式",
  },
  test: {
    json: "JSON 構文",
    yaml: "YAML 構文",
    csaf_version: "CSAF バージョン",
    csaf_2_0: "CSAF 2.0 スキーマ",
    mandatory: "必須テスト {{id}}",
    optional: "任意テスト {{id}}",
    osv: "OSV",
    format: "形式",
    intake: "取り込み",
    listing: "配布一覧",
  },
  problem: {
    syntax: "構文エラー: {{reason}}",
    syntaxReason: {
      "unexpected-end": "文書が途中で終わっています",
      "unexpected-character": "ここには置けない文字があります",
      "bad-escape": "文字列のエスケープ（\\）が正しくありません",
      "control-character": "文字列の中にエスケープされていない制御文字があります",
      "bad-number": "数値の書き方が正しくありません",
      "trailing-text": "文書の後ろに余分な文字があります",
    },
    "too-large": "大きすぎます（上限 {{limit}}）",
    "not-an-object": "CSAF 文書は JSON のオブジェクトでなければなりません",
    "csaf-version": "CSAF バージョン「{{version}}」の文書は読めません（読めるのは 2.0 のみ）",
    "test-crashed": "文書の形が崩れているため、このテストを実行できませんでした（{{error}}）",
    "additional-property": "CSAF 2.0 のスキーマにないプロパティ「{{property}}」があります",
    "unknown-format":
      "脆弱性情報ではありません（CSAF 文書なら document.csaf_version、OSV レコードなら schema_version または id と modified があるはずです）",
    unreadable: "読めません（{{reason}}）",
    "not-found": "{{location}} がありません",
    "not-utf8": "{{location}} は UTF-8 のテキストではありません",
    "outside-base": "{{location}} は読み込み元のフォルダの外を指しています",
    "too-many-files": "ファイルが多すぎます（上限 {{limit}}件）。残りは読みませんでした",
    "too-deep": "フォルダの階層が深すぎます（上限 {{limit}}）",
    "http-status": "{{location}} の取得に失敗しました（HTTP {{status}}）",
    "hash-mismatch": "文書の {{algorithm}} ハッシュが {{location}} と一致しません（改ざんまたは破損）",
    "hash-malformed": "{{location}} に {{algorithm}} ハッシュが書かれていません",
    "signature-bad": "署名 {{location}} を検証できません（{{reason}}）",
    "key-unreadable": "OpenPGP 公開鍵を読めません",
    "key-fingerprint":
      "公開鍵のフィンガープリントがプロバイダのメタデータにある {{fingerprint}} と一致しません",
    "not-offline": "{{url}} はこのコピーに含まれていません",
    listing: "配布一覧に問題があります",
    "other-origin": "{{location}} は読み込み元 {{origin}} とは別のサーバを指しています",
  },
} as const;

export const intakeEn: Messages["intake"] = {
  cli: {
    description: "Vulnerability information (CSAF 2.0 advisories, OSV records)",
    validate: {
      description:
        "Validate CSAF 2.0 / OSV files (for CSAF the schema and every mandatory test of section 6.1); exit code 2 when invalid",
      ok: "{{file}}: a valid {{format}}",
      okWithWarnings: "{{file}}: a valid {{format}} ({{warnings}} warnings)",
      failed: "{{file}}: invalid ({{errors}} errors, {{warnings}} warnings)",
    },
    import: {
      description:
        "import advisories from a file, a folder (a USB stick), an offline copy of a provider (provider-metadata.json, ROLIE feed, index.txt) or a URL: validated, the valid ones stored, every site and product matched again",
      keys: "a folder of OpenPGP public keys (.asc) to check signatures with",
      since: "only documents updated at or after this time (RFC 3339)",
      progress: "reading {{done}}{{total}} …",
      refused: "{{location}}: not imported",
      done: "{{accepted}} of {{total}} stored ({{created}} new, {{updated}} updated, {{unchanged}} unchanged, {{older}} older revisions kept in the history), {{refused}} refused",
      matched: "{{site}}: {{matches}} matches ({{added}} new, {{toReview}} to review, {{opened}} new cases)",
      productMatched:
        "product {{product}}: {{matches}} matches ({{added}} new, {{toReview}} to review, {{opened}} vulnerabilities newly under investigation)",
      reference: "imported {{kind}} (version {{version}}, {{entries}} entries)",
      referenceDescription:
        "import the CISA KEV catalogue (JSON) or FIRST EPSS scores (CSV), told apart by content",
      notReference: "{{file}}: neither a KEV catalogue (JSON) nor EPSS scores (CSV)",
    },
  },
  format: {
    csaf: "CSAF 2.0 document",
    osv: "OSV record",
    unknown: "unknown format",
  },
  test: {
    json: "JSON syntax",
    yaml: "YAML syntax",
    csaf_version: "CSAF version",
    csaf_2_0: "CSAF 2.0 schema",
    mandatory: "mandatory test {{id}}",
    optional: "optional test {{id}}",
    osv: "OSV",
    format: "format",
    intake: "intake",
    listing: "distribution listing",
  },
  problem: {
    syntax: "syntax error: {{reason}}",
    syntaxReason: {
      "unexpected-end": "the document ends too early",
      "unexpected-character": "a character that cannot stand here",
      "bad-escape": "an invalid escape (\\) in a string",
      "control-character": "an unescaped control character in a string",
      "bad-number": "a malformed number",
      "trailing-text": "more text after the document",
    },
    "too-large": "too large (limit {{limit}})",
    "not-an-object": "a CSAF document must be a JSON object",
    "csaf-version": "CSAF version “{{version}}” is not read (only 2.0 is)",
    "test-crashed": "this test could not run on a document this malformed ({{error}})",
    "additional-property": "property “{{property}}” is not defined by the CSAF 2.0 schema",
    "unknown-format":
      "not an advisory (a CSAF document has document.csaf_version, an OSV record schema_version or id and modified)",
    unreadable: "cannot be read ({{reason}})",
    "not-found": "{{location}} does not exist",
    "not-utf8": "{{location}} is not UTF-8 text",
    "outside-base": "{{location}} leads outside the folder being read",
    "too-many-files": "too many files (limit {{limit}}); the rest was not read",
    "too-deep": "folders nested too deep (limit {{limit}})",
    "http-status": "fetching {{location}} failed (HTTP {{status}})",
    "hash-mismatch": "the document's {{algorithm}} hash differs from {{location}} (altered or damaged)",
    "hash-malformed": "{{location}} holds no {{algorithm}} hash",
    "signature-bad": "the signature {{location}} does not verify ({{reason}})",
    "key-unreadable": "cannot read the OpenPGP public key",
    "key-fingerprint":
      "the public key's fingerprint is not {{fingerprint}}, which the provider metadata names",
    "not-offline": "{{url}} is not in this copy",
    listing: "a problem in the distribution listing",
    "other-origin": "{{location}} points to a server other than {{origin}}, where the reading started",
  },
};
