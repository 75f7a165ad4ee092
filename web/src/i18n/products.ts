/**
 * Messages of the product pages (the manufacturer's PSIRT work on the IoT products it ships, 対策6), merged
 * into ja.ts / en.ts under `products`. What the product pages share with the site's vulnerability pages
 * (VEX statuses, justifications, match reasons, SBOM upload, VEX downloads) stays under `vulnerabilities`.
 */

export const productsJa = {
  list: {
    title: "製品一覧",
    explain:
      "当社が製造・出荷する IoT 製品です。製品を開くと、SBOM の取り込み、アドバイザリとの照合結果の確認、製品としての VEX ステータスの記録と VEX の書き出しができます（対策6: 出荷後の情報収集と適切なサポート）。",
    empty: "参照できる製品はまだありません。製品は管理者が API（POST /api/products）で登録します。",
    version: "版 {{version}}",
    updatedAt: "更新 {{date}}",
    open: "{{name}} を開く",
  },
  page: {
    back: "製品一覧へ戻る",
    notFound: "この製品は見つかりません。",
    model: "型式 {{model}}",
    firmware: "ファームウェア {{version}}",
    purpose:
      "守りの要約: 製品と SBOM の構成要素をアドバイザリと照合し、見つかった脆弱性ごとに製品としての影響（影響あり・影響なしとその理由・修正済み・調査中）を判断して記録します。記録したステータスは VEX としてお客様に提供できます。",
    readOnly:
      "閲覧のみです。SBOM の取り込みや照合結果の確認、ステータスの記録には、この製品のセキュリティ担当または編集者の役割が必要です。",
    matching: "照合の結果を待っています…",
  },
  sbom: {
    heading: "SBOM（ソフトウェア部品表）",
    explain:
      "製品の SBOM（CycloneDX 1.4–1.6 の JSON・XML、SPDX 2.3 の JSON・タグ値形式）を取り込むと、製品の文書にない構成要素もアドバイザリと照合します。SBOM は製品ごとに 1 つで、取り込むと置き換わります。形式はファイルの内容から判定します。",
    none: "この製品の SBOM はまだ取り込まれていません。",
    importedBy: "取込者",
    replaces: "この製品にはすでに SBOM があります。取り込むと置き換わり、照合をやり直します。",
  },
  inbox: {
    explain:
      "名称からの推定や、バージョンを判定できない照合は、人が確認するまで製品の脆弱性になりません。根拠を読み、該当するかどうかを判断してください。",
    noteFor: "構成要素 {{component}} と {{advisory}}（{{product}}）の照合についてのメモ",
    productItself: "製品本体",
    confirmedOpened: "該当すると確認しました（調査中の脆弱性を {{count}} 件追加しました）。",
  },
  vulnerabilities: {
    heading: "製品の脆弱性（{{count}} 件）",
    explain:
      "照合で見つかった脆弱性ごとの、製品としてのステータスです。未対応（影響あり・調査中）を先に、CVSS の高い順に並べています。照合で見つかると「調査中」で始まり、ステータスを変えるのは人だけです。",
    empty: "この製品の脆弱性はまだ見つかっていません。SBOM やアドバイザリを取り込むと、守りが照合します。",
    open: "未対応 {{open}} 件 / 全 {{total}} 件",
    advisories: "アドバイザリ",
    cvss: "深刻度（CVSS）",
    noCvss: "アドバイザリに CVSS の評価はありません。",
    epss: "EPSS",
    epssValue: "{{probability}}（パーセンタイル {{percentile}}）",
    kevAdded: "CISA KEV に {{date}} 掲載",
    components: "該当する構成要素",
    noComponents: "現在の照合では該当する構成要素はありません（記録したステータスは残ります）。",
    confirmedMatch: "（人が該当と確認）",
    status: "ステータス",
    firstSeen: "{{date}} に検出",
    updated: "最終更新: {{by}}（{{at}}）",
    source: {
      matching: "照合で登録",
      person: "担当者が記録",
      vex: "VEX から反映",
    },
    edit: "ステータスを変更",
    editFor: "{{vulnerability}} のステータスを変更",
    formExplain:
      "この製品がこの脆弱性の影響を受けるかどうかの、製造者としての表明です。影響なしには理由が必要です。記録した内容は VEX に書き出されます。",
    saved: "{{vulnerability}} のステータスを記録しました。",
    conflict:
      "{{vulnerability}} のステータスは {{at}} に {{by}} さんが変更しました。最新の内容を読み込みました。内容を確かめてから、もう一度操作してください。",
  },
  vex: {
    heading: "VEX（脆弱性の影響有無の表明）",
    explain:
      "各脆弱性の製品としてのステータスを、お客様向けの VEX（CSAF 2.0 の csaf_vex、または CycloneDX 1.6）として書き出します。製品本体と、脆弱性が見つかった構成要素のそれぞれについて記載します。",
  },
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

export const productsEn: Widen<typeof productsJa> = {
  list: {
    title: "Products",
    explain:
      "The IoT products the company makes and ships. Open a product to import its SBOM, check what matching found against the advisories, record the product's VEX status of each vulnerability and export it as VEX (measure 6: after shipment, collect information and provide appropriate support).",
    empty:
      "There are no products you can see yet. Administrators register products through the API (POST /api/products).",
    version: "version {{version}}",
    updatedAt: "updated {{date}}",
    open: "Open {{name}}",
  },
  page: {
    back: "Back to the products",
    notFound: "This product does not exist.",
    model: "Model {{model}}",
    firmware: "Firmware {{version}}",
    purpose:
      "Mamori's summary: the product and the components of its SBOM are matched against the advisories; for each vulnerability found, judge and record what it means for the product (affected, not affected with its justification, fixed, under investigation). The statuses recorded can be handed to customers as VEX.",
    readOnly:
      "Read only. Importing the SBOM, checking matches and recording statuses need the security lead's or the editor's role on this product.",
    matching: "Waiting for the matching results…",
  },
  sbom: {
    heading: "SBOM (software bill of materials)",
    explain:
      "Import the product's SBOM (CycloneDX 1.4–1.6 JSON or XML, SPDX 2.3 JSON or tag-value) to match the components its document does not list against the advisories too. A product has one SBOM; an import replaces it. The format is recognised from the file's content.",
    none: "No SBOM has been imported for this product yet.",
    importedBy: "Imported by",
    replaces: "This product has an SBOM already: importing replaces it, and the product is matched again.",
  },
  inbox: {
    explain:
      "Matches guessed from names, or whose version cannot be judged, become the product's vulnerabilities only once a person confirms them. Read the reasons and decide whether each applies.",
    noteFor: "Note on the match of component {{component}} with {{advisory}} ({{product}})",
    productItself: "the product itself",
    confirmedOpened: "Confirmed (added {{count}} vulnerabilities under investigation).",
  },
  vulnerabilities: {
    heading: "The product's vulnerabilities ({{count}})",
    explain:
      "The product's status of each vulnerability matching found. Open ones (affected, under investigation) first, then by CVSS. Matching opens a vulnerability as under investigation; only people change its status.",
    empty:
      "No vulnerability has been found in this product yet. Mamori matches it whenever an SBOM or advisories are imported.",
    open: "{{open}} open of {{total}}",
    advisories: "Advisories",
    cvss: "Severity (CVSS)",
    noCvss: "The advisory gives no CVSS score.",
    epss: "EPSS",
    epssValue: "{{probability}} (percentile {{percentile}})",
    kevAdded: "In CISA KEV since {{date}}",
    components: "Components concerned",
    noComponents: "The current matches concern no component (the status recorded stays).",
    confirmedMatch: "(confirmed by a person)",
    status: "Status",
    firstSeen: "found {{date}}",
    updated: "Last changed by {{by}} ({{at}})",
    source: {
      matching: "opened by matching",
      person: "recorded by a person",
      vex: "taken from a VEX",
    },
    edit: "Change the status",
    editFor: "Change the status of {{vulnerability}}",
    formExplain:
      "The manufacturer's statement of whether this product is affected by this vulnerability. Not affected needs a justification. What is recorded is written into the VEX.",
    saved: "The status of {{vulnerability}} was recorded.",
    conflict:
      "{{by}} changed the status of {{vulnerability}} at {{at}}. The latest state has been loaded; check it and try again.",
  },
  vex: {
    heading: "VEX (whether the product is affected)",
    explain:
      "Writes the product's status of each vulnerability as VEX for customers (CSAF 2.0 csaf_vex, or CycloneDX 1.6), for the product itself and for each component a vulnerability was found in.",
  },
};
