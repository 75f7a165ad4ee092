/**
 * The closed vocabularies of the model: every enumerated value, with its Japanese and English label.
 * The schema takes its enums from here and i18n takes its labels from here, so a value can never exist
 * without a label in both languages.
 *
 * Where a value carries knowledge the analysis needs (which ATT&CK for ICS asset type a device is,
 * whether a protocol authenticates), that knowledge sits next to the value.
 */

export type Label = { readonly ja: string; readonly en: string };
type Vocabulary<Extra = object> = Readonly<Record<string, Label & Extra>>;

/** The keys of a vocabulary as a non-empty tuple, the shape `z.enum` wants. */
export function keysOf<V extends Vocabulary<unknown>>(
  vocabulary: V,
): [keyof V & string, ...(keyof V & string)[]] {
  const keys = Object.keys(vocabulary) as (keyof V & string)[];
  if (keys.length === 0) throw new Error("empty vocabulary");
  return keys as [keyof V & string, ...(keyof V & string)[]];
}

// ---------------------------------------------------------------------------------------------------------
// Step 1-1: requirements

export const requirementGroups = {
  goals: { ja: "経営目標・スマート化の目的", en: "Business goals and smart-factory purpose" },
  bcp: { ja: "事業継続（BCP）", en: "Business continuity (BCP)" },
  external: { ja: "外部要件", en: "External requirements" },
  internal: { ja: "内部要件／状況", en: "Internal requirements and situation" },
} as const satisfies Vocabulary;

export const requirementCategories = {
  "business-goal": { ja: "経営目標", en: "Business goal", group: "goals" },
  "smart-factory-purpose": { ja: "スマート化の目的", en: "Smart-factory purpose", group: "goals" },
  bcp: { ja: "事業継続計画（BCP）", en: "Business continuity plan", group: "bcp" },
  law: { ja: "法令・制度", en: "Law or regulation", group: "external" },
  standard: { ja: "国内外の規格", en: "Standard", group: "external" },
  "industry-guideline": {
    ja: "業界の規格・ガイドライン",
    en: "Industry standard or guideline",
    group: "external",
  },
  "customer-request": {
    ja: "取引先・顧客からの要請",
    en: "Customer or business-partner request",
    group: "external",
  },
  "internal-policy": { ja: "社内規程・ポリシー", en: "Internal policy", group: "internal" },
  governance: { ja: "関連部署・ガバナンス体制", en: "Departments and governance", group: "internal" },
  stakeholder: { ja: "内外ステークホルダー", en: "Stakeholders inside and outside", group: "internal" },
  "incident-impact": { ja: "インシデントが与える影響", en: "Impact of an incident", group: "internal" },
} as const satisfies Vocabulary<{ group: keyof typeof requirementGroups }>;

// ---------------------------------------------------------------------------------------------------------
// Organisations and departments

export const departmentTypes = {
  security: { ja: "セキュリティ担当部署", en: "Security department" },
  "production-engineering": { ja: "生産技術部門", en: "Production engineering" },
  "production-management": { ja: "生産管理部門", en: "Production management" },
  factory: { ja: "製造現場", en: "Factory floor" },
  maintenance: { ja: "保全部門", en: "Maintenance" },
  quality: { ja: "品質保証部門", en: "Quality assurance" },
  it: { ja: "情報システム部門", en: "IT department" },
  dx: { ja: "DX担当部門", en: "Digital transformation" },
  management: { ja: "経営層", en: "Management" },
  "corporate-planning": { ja: "経営企画部門", en: "Corporate planning" },
  audit: { ja: "監査部門", en: "Audit" },
  "risk-management": { ja: "リスク管理部門", en: "Risk management" },
  bcp: { ja: "BCP担当部署", en: "BCP office" },
  procurement: { ja: "調達部門", en: "Procurement" },
  "general-affairs": { ja: "総務部門", en: "General affairs" },
  "product-development": { ja: "製品開発部門", en: "Product development" },
  psirt: { ja: "PSIRT", en: "PSIRT" },
  other: { ja: "その他の部署", en: "Other department" },
} as const satisfies Vocabulary;

export const organisationTypes = {
  "equipment-vendor": { ja: "機器ベンダ", en: "Equipment vendor" },
  "system-integrator": { ja: "システムインテグレータ（SIer）", en: "System integrator" },
  "cloud-provider": { ja: "クラウドサービス事業者", en: "Cloud provider" },
  "maintenance-contractor": { ja: "保守委託先", en: "Maintenance contractor" },
  "telecom-provider": { ja: "通信事業者", en: "Telecom provider" },
  partner: { ja: "取引先", en: "Business partner" },
  customer: { ja: "顧客", en: "Customer" },
  supplier: { ja: "調達先", en: "Supplier" },
  "group-plant": { ja: "グループ工場・他拠点", en: "Other plant of the group" },
  "group-company": { ja: "グループ会社", en: "Group company" },
  insurer: { ja: "保険会社", en: "Insurer" },
  "security-organisation": { ja: "セキュリティ関係機関", en: "Security organisation (e.g. JPCERT/CC)" },
  other: { ja: "その他の外部組織", en: "Other outside party" },
} as const satisfies Vocabulary;

// ---------------------------------------------------------------------------------------------------------
// Step 1-3: what an incident does (the seed's S/Q/D/C plus continuity and information)

export const impactAspects = {
  safety: { ja: "安全（S）", en: "Safety" },
  quality: { ja: "品質（Q）", en: "Quality" },
  delivery: { ja: "納期（D）", en: "Delivery" },
  cost: { ja: "コスト（C）", en: "Cost" },
  "business-continuity": { ja: "事業継続（BC）", en: "Business continuity" },
  information: { ja: "情報漏えい", en: "Information leak" },
} as const satisfies Vocabulary;

// ---------------------------------------------------------------------------------------------------------
// Step 1-4: assets to protect

export const assetCategories = {
  device: { ja: "機器", en: "Device" },
  data: { ja: "データ", en: "Data" },
  software: { ja: "ソフトウェア", en: "Software" },
  service: { ja: "サービス", en: "Service" },
  network: { ja: "ネットワーク", en: "Network" },
  facility: { ja: "物理設備", en: "Physical facility" },
} as const satisfies Vocabulary;

type AssetCategory = keyof typeof assetCategories;

/**
 * `attack` is the MITRE ATT&CK for ICS asset type (A00xx) a device corresponds to, from the asset
 * definitions and their related assets in ATT&CK for ICS v18.1; absent where ATT&CK has no such type.
 */
export const assetTypes = {
  plc: { ja: "PLC", en: "PLC", category: "device", attack: ["A0003"] },
  "safety-plc": { ja: "安全PLC（SIS）", en: "Safety PLC (SIS)", category: "device", attack: ["A0010"] },
  "dcs-controller": { ja: "DCSコントローラ", en: "DCS controller", category: "device", attack: ["A0017"] },
  rtu: { ja: "RTU", en: "RTU", category: "device", attack: ["A0004"] },
  "field-io": {
    ja: "フィールドI/O・インバータ",
    en: "Field I/O or drive",
    category: "device",
    attack: ["A0013"],
  },
  hmi: { ja: "HMI（操作端末）", en: "HMI", category: "device", attack: ["A0002"] },
  "engineering-workstation": {
    ja: "エンジニアリングワークステーション",
    en: "Engineering workstation",
    category: "device",
    attack: ["A0001"],
  },
  "operator-workstation": {
    ja: "監視操作端末",
    en: "Operator workstation",
    category: "device",
    attack: ["A0001"],
  },
  "scada-server": { ja: "SCADAサーバ", en: "SCADA server", category: "device", attack: ["A0007"] },
  historian: { ja: "ヒストリアン", en: "Historian", category: "device", attack: ["A0006"] },
  "mes-server": { ja: "MESサーバ", en: "MES server", category: "device", attack: ["A0007"] },
  "erp-server": { ja: "ERPサーバ", en: "ERP server", category: "device", attack: ["A0008"] },
  "file-server": { ja: "ファイルサーバ", en: "File server", category: "device", attack: ["A0008"] },
  "database-server": {
    ja: "データベースサーバ",
    en: "Database server",
    category: "device",
    attack: ["A0008"],
  },
  "application-server": {
    ja: "アプリケーションサーバ",
    en: "Application server",
    category: "device",
    attack: ["A0008"],
  },
  "domain-controller": {
    ja: "ドメインコントローラ",
    en: "Domain controller",
    category: "device",
    attack: ["A0008"],
  },
  "backup-server": { ja: "バックアップサーバ", en: "Backup server", category: "device", attack: ["A0008"] },
  "jump-host": { ja: "踏み台サーバ", en: "Jump host", category: "device", attack: ["A0012"] },
  "vpn-gateway": { ja: "VPN装置", en: "VPN gateway", category: "device", attack: ["A0011"] },
  switch: { ja: "スイッチ", en: "Switch", category: "device", attack: ["A0015"] },
  router: { ja: "ルータ", en: "Router", category: "device", attack: ["A0014"] },
  firewall: { ja: "ファイアウォール", en: "Firewall", category: "device", attack: ["A0016"] },
  "data-diode": { ja: "データダイオード", en: "Data diode", category: "device", attack: [] },
  "wireless-ap": { ja: "無線アクセスポイント", en: "Wireless access point", category: "device", attack: [] },
  robot: { ja: "産業用ロボット", en: "Industrial robot", category: "device", attack: [] },
  "cnc-machine": { ja: "CNC工作機械", en: "CNC machine", category: "device", attack: [] },
  agv: { ja: "AGV・AMR（無人搬送車）", en: "AGV / AMR", category: "device", attack: [] },
  "iot-sensor": { ja: "IoTセンサ", en: "IoT sensor", category: "device", attack: ["A0013"] },
  "iot-gateway": { ja: "IoTゲートウェイ", en: "IoT gateway", category: "device", attack: ["A0009"] },
  camera: { ja: "ネットワークカメラ", en: "Network camera", category: "device", attack: [] },
  "inspection-device": { ja: "検査装置", en: "Inspection device", category: "device", attack: [] },
  "maintenance-pc": { ja: "保守用PC", en: "Maintenance PC", category: "device", attack: ["A0001"] },
  "removable-media": {
    ja: "外部記憶媒体（USBメモリ等）",
    en: "Removable media",
    category: "device",
    attack: [],
  },
  "office-pc": { ja: "事務用PC", en: "Office PC", category: "device", attack: ["A0001"] },
  "mobile-device": {
    ja: "タブレット・スマートフォン",
    en: "Tablet or smartphone",
    category: "device",
    attack: [],
  },
  printer: { ja: "プリンタ・複合機", en: "Printer", category: "device", attack: [] },
  server: { ja: "サーバ（その他）", en: "Server (other)", category: "device", attack: ["A0008"] },
  "other-device": { ja: "その他の機器", en: "Other device", category: "device", attack: [] },
  recipe: { ja: "レシピ・製造条件", en: "Recipe", category: "data", attack: [] },
  "control-program": {
    ja: "制御プログラム（PLC・NCプログラム）",
    en: "Control program",
    category: "data",
    attack: [],
  },
  "production-record": { ja: "生産実績・製造記録", en: "Production record", category: "data", attack: [] },
  "quality-record": { ja: "品質記録・検査データ", en: "Quality record", category: "data", attack: [] },
  "cad-data": { ja: "CAD・設計データ", en: "CAD data", category: "data", attack: [] },
  credential: { ja: "認証情報", en: "Credentials", category: "data", attack: [] },
  "personal-data": { ja: "個人情報", en: "Personal data", category: "data", attack: [] },
  configuration: { ja: "設定情報", en: "Configuration", category: "data", attack: [] },
  "log-data": { ja: "ログ", en: "Logs", category: "data", attack: [] },
  "business-data": { ja: "業務データ（受発注等）", en: "Business data", category: "data", attack: [] },
  "other-data": { ja: "その他のデータ", en: "Other data", category: "data", attack: [] },
  "operating-system": { ja: "OS", en: "Operating system", category: "software", attack: [] },
  "engineering-software": {
    ja: "エンジニアリングツール",
    en: "Engineering software",
    category: "software",
    attack: [],
  },
  "business-application": {
    ja: "業務アプリケーション",
    en: "Business application",
    category: "software",
    attack: [],
  },
  "security-software": {
    ja: "セキュリティソフトウェア",
    en: "Security software",
    category: "software",
    attack: [],
  },
  "other-software": { ja: "その他のソフトウェア", en: "Other software", category: "software", attack: [] },
  "cloud-service": { ja: "クラウドサービス", en: "Cloud service", category: "service", attack: [] },
  "remote-maintenance-service": {
    ja: "リモート保守サービス",
    en: "Remote maintenance service",
    category: "service",
    attack: [],
  },
  "external-service": { ja: "外部サービス", en: "External service", category: "service", attack: [] },
  "network-segment": { ja: "ネットワークセグメント", en: "Network segment", category: "network", attack: [] },
  "wan-link": { ja: "WAN回線", en: "WAN link", category: "network", attack: [] },
  "wireless-network": { ja: "無線ネットワーク", en: "Wireless network", category: "network", attack: [] },
  fieldbus: { ja: "フィールドバス", en: "Fieldbus", category: "network", attack: [] },
  building: { ja: "建屋", en: "Building", category: "facility", attack: [] },
  power: { ja: "電源・電気設備", en: "Power and electrical", category: "facility", attack: [] },
  environment: { ja: "環境設備（空調等）", en: "Environment (HVAC etc.)", category: "facility", attack: [] },
  water: { ja: "水道設備", en: "Water", category: "facility", attack: [] },
  equipment: { ja: "製造設備", en: "Production equipment", category: "facility", attack: [] },
} as const satisfies Vocabulary<{ category: AssetCategory; attack: readonly string[] }>;

export type AssetType = keyof typeof assetTypes;

// ---------------------------------------------------------------------------------------------------------
// Step 1-6: zones, external entities, conduits

export const zoneTypes = {
  "enterprise-it": { ja: "情報系（基幹IT）", en: "Enterprise IT" },
  office: { ja: "オフィス", en: "Office" },
  dmz: { ja: "DMZ", en: "DMZ" },
  "mes-operations": { ja: "MES・生産管理", en: "MES / operations" },
  control: { ja: "制御系（監視制御）", en: "Control" },
  safety: { ja: "安全系", en: "Safety" },
  field: { ja: "フィールド", en: "Field" },
  cloud: { ja: "クラウド", en: "Cloud" },
  "external-service": { ja: "外部サービス", en: "External service" },
  "remote-maintenance": { ja: "リモート保守", en: "Remote maintenance" },
  "unconnected-line": { ja: "非接続ライン", en: "Unconnected line" },
  "building-facility": { ja: "建屋設備（ビル管理）", en: "Building facilities" },
  other: { ja: "その他", en: "Other" },
} as const satisfies Vocabulary;

/** Entry points of the guideline's smart-factory view (外部ネットワーク接続の増加, サプライチェーンの広がり). */
export const externalKinds = {
  internet: { ja: "インターネット", en: "Internet" },
  "cloud-service": { ja: "クラウドサービス", en: "Cloud service" },
  "vendor-remote-maintenance": { ja: "ベンダのリモート保守", en: "Vendor remote maintenance" },
  "partner-network": { ja: "取引先ネットワーク", en: "Partner network" },
  "corporate-it": { ja: "本社・情報系ネットワーク", en: "Corporate IT" },
  "group-plant": { ja: "他工場・他拠点", en: "Other plant" },
  "removable-media": { ja: "外部記憶媒体", en: "Removable media" },
  "maintenance-pc": { ja: "持込み保守PC", en: "Maintenance PC brought in" },
  wireless: { ja: "無線", en: "Wireless" },
  "physical-access": { ja: "物理的な侵入", en: "Physical access" },
  insider: { ja: "内部者", en: "Insider" },
  "supplier-update": { ja: "供給元の更新配信", en: "Supplier update channel" },
} as const satisfies Vocabulary;

export const conduitDirections = {
  bidirectional: { ja: "双方向", en: "Both ways" },
  "one-way": { ja: "一方向（from→to）", en: "One way (from → to)" },
  "data-diode": { ja: "データダイオード（from→to）", en: "Data diode (from → to)" },
} as const satisfies Vocabulary;

export const conduitMedia = {
  wired: { ja: "有線", en: "Wired" },
  wireless: { ja: "無線LAN", en: "Wireless LAN" },
  cellular: { ja: "携帯回線（LTE/5G）", en: "Cellular" },
  internet: { ja: "インターネット回線", en: "Internet line" },
  "leased-line": { ja: "専用線・閉域網", en: "Leased line" },
  "removable-media": { ja: "外部記憶媒体", en: "Removable media" },
  "direct-cable": { ja: "直接ケーブル接続", en: "Direct cable" },
  manual: { ja: "人手による持込み", en: "Carried by hand" },
} as const satisfies Vocabulary;

/**
 * `authentication` / `encryption`: what the protocol itself offers — "none" (e.g. Modbus/TCP), "optional"
 * (it exists but is often off, e.g. OPC UA security mode None) or "built-in". The analysis uses it to judge
 * an OT protocol leaving its zone.
 */
type Offer = "none" | "optional" | "built-in";
export const protocols = {
  "modbus-tcp": { ja: "Modbus/TCP", en: "Modbus/TCP", ot: true, authentication: "none", encryption: "none" },
  "modbus-rtu": { ja: "Modbus RTU", en: "Modbus RTU", ot: true, authentication: "none", encryption: "none" },
  "opc-ua": { ja: "OPC UA", en: "OPC UA", ot: true, authentication: "optional", encryption: "optional" },
  "opc-da": {
    ja: "OPC DA（DCOM）",
    en: "OPC DA (DCOM)",
    ot: true,
    authentication: "optional",
    encryption: "none",
  },
  profinet: { ja: "PROFINET", en: "PROFINET", ot: true, authentication: "none", encryption: "none" },
  profibus: { ja: "PROFIBUS", en: "PROFIBUS", ot: true, authentication: "none", encryption: "none" },
  "ethernet-ip": {
    ja: "EtherNet/IP（CIP）",
    en: "EtherNet/IP (CIP)",
    ot: true,
    authentication: "none",
    encryption: "none",
  },
  "cip-security": {
    ja: "CIP Security",
    en: "CIP Security",
    ot: true,
    authentication: "built-in",
    encryption: "built-in",
  },
  s7comm: { ja: "S7comm", en: "S7comm", ot: true, authentication: "none", encryption: "none" },
  "s7comm-plus": {
    ja: "S7comm-plus",
    en: "S7comm-plus",
    ot: true,
    authentication: "optional",
    encryption: "optional",
  },
  "mc-protocol": {
    ja: "MCプロトコル（MELSEC）",
    en: "MC protocol (MELSEC)",
    ot: true,
    authentication: "none",
    encryption: "none",
  },
  fins: { ja: "FINS（OMRON）", en: "FINS (OMRON)", ot: true, authentication: "none", encryption: "none" },
  "cc-link-ie": { ja: "CC-Link IE", en: "CC-Link IE", ot: true, authentication: "none", encryption: "none" },
  ethercat: { ja: "EtherCAT", en: "EtherCAT", ot: true, authentication: "none", encryption: "none" },
  bacnet: { ja: "BACnet", en: "BACnet", ot: true, authentication: "none", encryption: "none" },
  "bacnet-sc": {
    ja: "BACnet/SC",
    en: "BACnet/SC",
    ot: true,
    authentication: "built-in",
    encryption: "built-in",
  },
  dnp3: { ja: "DNP3", en: "DNP3", ot: true, authentication: "optional", encryption: "none" },
  "iec-104": {
    ja: "IEC 60870-5-104",
    en: "IEC 60870-5-104",
    ot: true,
    authentication: "none",
    encryption: "none",
  },
  "iec-61850": {
    ja: "IEC 61850（MMS/GOOSE）",
    en: "IEC 61850 (MMS/GOOSE)",
    ot: true,
    authentication: "none",
    encryption: "none",
  },
  mtconnect: { ja: "MTConnect", en: "MTConnect", ot: true, authentication: "none", encryption: "none" },
  mqtt: { ja: "MQTT", en: "MQTT", ot: false, authentication: "optional", encryption: "none" },
  mqtts: {
    ja: "MQTT over TLS",
    en: "MQTT over TLS",
    ot: false,
    authentication: "optional",
    encryption: "built-in",
  },
  amqp: { ja: "AMQP", en: "AMQP", ot: false, authentication: "optional", encryption: "optional" },
  http: { ja: "HTTP", en: "HTTP", ot: false, authentication: "optional", encryption: "none" },
  https: { ja: "HTTPS", en: "HTTPS", ot: false, authentication: "optional", encryption: "built-in" },
  rdp: { ja: "RDP", en: "RDP", ot: false, authentication: "built-in", encryption: "built-in" },
  vnc: { ja: "VNC", en: "VNC", ot: false, authentication: "optional", encryption: "none" },
  ssh: { ja: "SSH", en: "SSH", ot: false, authentication: "built-in", encryption: "built-in" },
  telnet: { ja: "Telnet", en: "Telnet", ot: false, authentication: "optional", encryption: "none" },
  ftp: { ja: "FTP", en: "FTP", ot: false, authentication: "optional", encryption: "none" },
  sftp: { ja: "SFTP", en: "SFTP", ot: false, authentication: "built-in", encryption: "built-in" },
  smb: {
    ja: "SMB（ファイル共有）",
    en: "SMB (file sharing)",
    ot: false,
    authentication: "built-in",
    encryption: "optional",
  },
  nfs: { ja: "NFS", en: "NFS", ot: false, authentication: "optional", encryption: "none" },
  sql: {
    ja: "データベース接続（SQL）",
    en: "Database (SQL)",
    ot: false,
    authentication: "built-in",
    encryption: "optional",
  },
  snmp: { ja: "SNMP", en: "SNMP", ot: false, authentication: "optional", encryption: "optional" },
  syslog: { ja: "Syslog", en: "Syslog", ot: false, authentication: "none", encryption: "optional" },
  ntp: { ja: "NTP", en: "NTP", ot: false, authentication: "optional", encryption: "none" },
  dns: { ja: "DNS", en: "DNS", ot: false, authentication: "none", encryption: "none" },
  ldap: {
    ja: "LDAP / Active Directory",
    en: "LDAP / Active Directory",
    ot: false,
    authentication: "built-in",
    encryption: "optional",
  },
  ipsec: { ja: "IPsec VPN", en: "IPsec VPN", ot: false, authentication: "built-in", encryption: "built-in" },
  "tls-vpn": { ja: "SSL-VPN", en: "TLS VPN", ot: false, authentication: "built-in", encryption: "built-in" },
  usb: { ja: "USB", en: "USB", ot: false, authentication: "none", encryption: "none" },
  bluetooth: {
    ja: "Bluetooth",
    en: "Bluetooth",
    ot: false,
    authentication: "optional",
    encryption: "optional",
  },
  serial: { ja: "シリアル通信", en: "Serial", ot: true, authentication: "none", encryption: "none" },
  proprietary: {
    ja: "独自プロトコル",
    en: "Proprietary",
    ot: true,
    authentication: "optional",
    encryption: "optional",
  },
  other: { ja: "その他", en: "Other", ot: false, authentication: "optional", encryption: "optional" },
} as const satisfies Vocabulary<{ ot: boolean; authentication: Offer; encryption: Offer }>;

export const controlTypes = {
  firewall: { ja: "ファイアウォール", en: "Firewall" },
  vpn: { ja: "VPN", en: "VPN" },
  mfa: { ja: "多要素認証", en: "Multi-factor authentication" },
  "jump-host": { ja: "踏み台（中継サーバ）", en: "Jump host" },
  "allow-listing": { ja: "許可リスト（通信・アプリ）", en: "Allow-listing" },
  encryption: { ja: "暗号化", en: "Encryption" },
  authentication: { ja: "認証", en: "Authentication" },
  logging: { ja: "ログ取得", en: "Logging" },
  monitoring: { ja: "監視（IDS等）", en: "Monitoring (IDS etc.)" },
  "time-limited-access": { ja: "時間制限付きアクセス", en: "Time-limited access" },
  approval: { ja: "接続の事前承認", en: "Approval before each connection" },
  "session-recording": { ja: "操作記録", en: "Session recording" },
  "malware-scanning": { ja: "ウイルスチェック（持込み検査）", en: "Malware scanning" },
  "protocol-break": { ja: "プロトコル変換・中継", en: "Protocol break / proxy" },
} as const satisfies Vocabulary;

export const ruleActions = {
  allow: { ja: "許可", en: "Allow" },
  deny: { ja: "拒否", en: "Deny" },
} as const satisfies Vocabulary;

// ---------------------------------------------------------------------------------------------------------
// Step 2: countermeasures

/** The seed's four countermeasure areas (ステップ2-2 (1)①②③ and (2)), plus organisational measures. */
export const countermeasureAreas = {
  network: { ja: "ネットワーク", en: "Network" },
  device: { ja: "機器", en: "Devices" },
  "business-program-service": { ja: "業務プログラム・利用サービス", en: "Business programs and services" },
  physical: { ja: "物理", en: "Physical" },
  organisational: { ja: "組織・運用", en: "Organisational and operational" },
} as const satisfies Vocabulary;

/** Physical subareas 建屋・電源電気設備・環境・水道設備・機器: the glossary's categorisation (after the main guideline); the supplement itself only names 物理面での対策. */
export const physicalSubareas = {
  building: { ja: "建屋", en: "Building" },
  power: { ja: "電源・電気設備", en: "Power and electrical" },
  environment: { ja: "環境", en: "Environment" },
  water: { ja: "水道設備", en: "Water" },
  equipment: { ja: "機器", en: "Equipment" },
} as const satisfies Vocabulary;

export const countermeasureStatuses = {
  implemented: { ja: "実施済み", en: "Implemented" },
  "in-progress": { ja: "実施中", en: "In progress" },
  planned: { ja: "計画中", en: "Planned" },
  retired: { ja: "廃止", en: "Retired" },
} as const satisfies Vocabulary;

// ---------------------------------------------------------------------------------------------------------
// Step 3: OODA

export const oodaPhases = {
  preventive: { ja: "予防保全段階", en: "Preventive phase" },
  damage: { ja: "被害発生段階", en: "Damage phase" },
} as const satisfies Vocabulary;

export const oodaStages = {
  observe: { ja: "監視（Observe）", en: "Observe" },
  orient: { ja: "分析（Orient）", en: "Orient" },
  decide: { ja: "決定（Decision）", en: "Decide" },
  act: { ja: "行動（Action）", en: "Act" },
} as const satisfies Vocabulary;

export const riskTreatments = {
  mitigate: { ja: "低減", en: "Mitigate" },
  accept: { ja: "受容", en: "Accept" },
  transfer: { ja: "移転（サイバー保険等）", en: "Transfer (e.g. cyber insurance)" },
  avoid: { ja: "回避", en: "Avoid" },
} as const satisfies Vocabulary;

// ---------------------------------------------------------------------------------------------------------
// IoT products (seed 004, 対策1–6)

export const productAssetTypes = {
  function: { ja: "機能", en: "Function" },
  data: { ja: "データ", en: "Data" },
  "personal-data": { ja: "個人情報", en: "Personal data" },
  credential: { ja: "認証情報・鍵", en: "Credentials and keys" },
  firmware: { ja: "ファームウェア", en: "Firmware" },
  configuration: { ja: "設定", en: "Configuration" },
  service: { ja: "連携サービス", en: "Connected service" },
  hardware: { ja: "ハードウェア", en: "Hardware" },
} as const satisfies Vocabulary;

export const interfaceKinds = {
  ethernet: { ja: "Ethernet", en: "Ethernet" },
  wifi: { ja: "無線LAN", en: "Wi-Fi" },
  bluetooth: { ja: "Bluetooth", en: "Bluetooth" },
  cellular: { ja: "携帯回線", en: "Cellular" },
  usb: { ja: "USB", en: "USB" },
  serial: { ja: "シリアル（RS-232C/485）", en: "Serial (RS-232/485)" },
  "debug-port": { ja: "デバッグポート（JTAG/UART）", en: "Debug port (JTAG/UART)" },
  "sd-card": { ja: "SDカード", en: "SD card" },
  "web-ui": { ja: "Web管理画面", en: "Web management UI" },
  api: { ja: "API", en: "API" },
  "cloud-connection": { ja: "クラウド接続", en: "Cloud connection" },
  "update-channel": { ja: "アップデート配信", en: "Update channel" },
  fieldbus: { ja: "フィールドバス", en: "Fieldbus" },
  enclosure: { ja: "筐体（物理アクセス）", en: "Enclosure (physical access)" },
} as const satisfies Vocabulary;

export const exposures = {
  internet: { ja: "インターネット", en: "Internet" },
  "local-network": { ja: "構内ネットワーク", en: "Local network" },
  "adjacent-radio": { ja: "近距離無線", en: "Adjacent (radio)" },
  physical: { ja: "物理接触", en: "Physical contact" },
} as const satisfies Vocabulary;

export const transports = {
  tcp: { ja: "TCP", en: "TCP" },
  udp: { ja: "UDP", en: "UDP" },
} as const satisfies Vocabulary;

export const verificationMethods = {
  "design-review": { ja: "設計レビュー", en: "Design review" },
  "code-review": { ja: "コードレビュー", en: "Code review" },
  "static-analysis": { ja: "静的解析", en: "Static analysis" },
  "sbom-scan": { ja: "構成要素の脆弱性確認", en: "Component vulnerability scan" },
  "vulnerability-scan": { ja: "脆弱性スキャン", en: "Vulnerability scan" },
  fuzzing: { ja: "ファジング", en: "Fuzzing" },
  "penetration-test": { ja: "ペネトレーションテスト", en: "Penetration test" },
  "third-party-assessment": { ja: "第三者検証", en: "Third-party assessment" },
  "functional-test": { ja: "セキュリティ機能テスト", en: "Security function test" },
} as const satisfies Vocabulary;

export const lifecyclePhases = {
  design: { ja: "設計", en: "Design" },
  implementation: { ja: "実装", en: "Implementation" },
  "pre-release": { ja: "出荷前", en: "Before release" },
  "post-release": { ja: "出荷後", en: "After release" },
} as const satisfies Vocabulary;

export const workStatuses = {
  planned: { ja: "計画", en: "Planned" },
  "in-progress": { ja: "実施中", en: "In progress" },
  done: { ja: "完了", en: "Done" },
} as const satisfies Vocabulary;

export const verificationResults = {
  pass: { ja: "合格", en: "Pass" },
  fail: { ja: "不合格", en: "Fail" },
  partial: { ja: "一部不適合", en: "Partial" },
} as const satisfies Vocabulary;

export const residualDecisions = {
  accept: { ja: "許容", en: "Accept" },
  transfer: { ja: "移転（サイバー保険等）", en: "Transfer (e.g. cyber insurance)" },
} as const satisfies Vocabulary;

export const contactKinds = {
  psirt: { ja: "PSIRT（脆弱性受付窓口）", en: "PSIRT (vulnerability reports)" },
  "customer-support": { ja: "ユーザー窓口", en: "Customer support" },
  "jpcert-coordination": { ja: "JPCERT/CCとの連絡窓口", en: "JPCERT/CC coordination" },
  "supplier-contact": { ja: "外注先・調達先との窓口", en: "Supplier contact" },
} as const satisfies Vocabulary;

export const userInformationTopics = {
  "security-functions": { ja: "セキュリティ機能", en: "Security functions" },
  "usage-precautions": { ja: "利用時の注意点", en: "Usage precautions" },
  "support-period": { ja: "サポート期間", en: "Support period" },
  disposal: { ja: "廃棄", en: "Disposal" },
  updates: { ja: "アップデート", en: "Updates" },
  "vulnerability-disclosure": { ja: "脆弱性情報の公開", en: "Vulnerability disclosure" },
} as const satisfies Vocabulary;

export const informationMedia = {
  package: { ja: "パッケージ", en: "Package" },
  manual: { ja: "取扱説明書", en: "Manual" },
  website: { ja: "製品Webサイト", en: "Product website" },
} as const satisfies Vocabulary;

// ---------------------------------------------------------------------------------------------------------
// Catalogue vocabularies

/** The threat kinds (脅威種別) of the supplement's smart-factory threat table (ステップ2). */
export const threatKinds = {
  "theft-destruction-manipulation": {
    ja: "機器の盗難、システム・機器に対する破壊・不正操作",
    en: "Theft of devices; destruction or manipulation of systems and devices",
  },
  "abnormal-control": { ja: "設備の異常な制御や破壊", en: "Abnormal control or destruction of equipment" },
  "data-theft": { ja: "データ盗難・漏えい", en: "Data theft or leak" },
  "data-tampering": { ja: "データ改ざん・破壊", en: "Data tampering or destruction" },
  "availability-loss": { ja: "可用性低下", en: "Loss of availability" },
  "human-error": {
    ja: "従業員、保守要員（設備ベンダ）の過失",
    en: "Mistakes by employees or maintenance staff (equipment vendors)",
  },
} as const satisfies Vocabulary;

/** Subjects of the supplement's supply-chain check points (ステップ3 (2)). */
export const supplySubjects = {
  cloud: { ja: "クラウド", en: "Cloud services" },
  "general-purpose-product": { ja: "汎用品", en: "General-purpose products" },
  software: { ja: "ソフトウェア", en: "Software" },
} as const satisfies Vocabulary;

export const supplyPhases = {
  procurement: { ja: "調達", en: "Procurement" },
  contract: { ja: "契約", en: "Contract" },
  development: { ja: "開発", en: "Development" },
  "operation-maintenance": { ja: "運用・保守", en: "Operation and maintenance" },
} as const satisfies Vocabulary;

export const cataloguePublishers = {
  meti: { ja: "経済産業省", en: "METI (Ministry of Economy, Trade and Industry)" },
  mamori: { ja: "Mamori（独自）", en: "Mamori (our own)" },
  mitre: { ja: "MITRE", en: "MITRE" },
  nist: { ja: "NIST", en: "NIST" },
  iec: { ja: "IEC", en: "IEC" },
} as const satisfies Vocabulary;

/** Every vocabulary by name: i18n builds its label resources from this. */
export const vocabularies = {
  requirementGroups,
  requirementCategories,
  departmentTypes,
  organisationTypes,
  impactAspects,
  assetCategories,
  assetTypes,
  zoneTypes,
  externalKinds,
  conduitDirections,
  conduitMedia,
  protocols,
  controlTypes,
  ruleActions,
  countermeasureAreas,
  physicalSubareas,
  countermeasureStatuses,
  oodaPhases,
  oodaStages,
  riskTreatments,
  productAssetTypes,
  interfaceKinds,
  exposures,
  transports,
  verificationMethods,
  lifecyclePhases,
  workStatuses,
  verificationResults,
  residualDecisions,
  contactKinds,
  userInformationTopics,
  informationMedia,
  threatKinds,
  supplySubjects,
  supplyPhases,
  cataloguePublishers,
} as const;
