/**
 * Every sentence the finding rules produce, in Japanese (default) and English, keyed by reason code
 * (`finding.<rule>.title|fix|message|<variant>` and `finding.because.<fact>`), with i18next `{{param}}`
 * interpolation. Ids and vocabulary keys arrive as parameters; the i18n layer may swap them for names and
 * labels. Keys nest cleanly on '.' (no key is the prefix of another), so the integrator can merge this into
 * the `reason` resources as it is. Mamori's own wording, not METI's.
 */

const ja = {
  // Boundary protection ----------------------------------------------------------------------------------
  "finding.zone-boundary-without-filtering.title":
    "セキュリティ要件レベルの異なるゾーン間の接続にフィルタリングがない",
  "finding.zone-boundary-without-filtering.message":
    "接続「{{conduit}}」は要件レベルの異なるゾーン「{{from}}」と「{{to}}」を結んでいますが、ファイアウォール・許可リスト・プロトコル変換・データダイオードのいずれもありません。",
  "finding.zone-boundary-without-filtering.fix":
    "レベルの高いゾーン側の境界にファイアウォール（必要な通信だけを許可するルール付き）を置くか、一方向で足りる場合はデータダイオードにする。",
  "finding.it-ot-boundary-without-filtering.title": "IT側と制御側の境界にフィルタリングがない",
  "finding.it-ot-boundary-without-filtering.message":
    "接続「{{conduit}}」は情報系・外部側のゾーン「{{it}}」と生産系のゾーン「{{ot}}」を直接結んでおり、通信を絞る管理策がありません。",
  "finding.it-ot-boundary-without-filtering.fix":
    "境界にファイアウォールを置き、業務に必要な送信元・宛先・プロトコルだけを許可する。遠隔保守の経路は中継（踏み台）を経由させる。",
  "finding.external-link-without-filtering.title": "外部ネットワークとの接続にフィルタリングがない",
  "finding.external-link-without-filtering.message":
    "外部接続先「{{external}}」とゾーン「{{zone}}」の接続「{{conduit}}」に、ファイアウォール・許可リスト・プロトコル変換がありません。",
  "finding.external-link-without-filtering.fix":
    "外部との接続は工場の境界ファイアウォール（またはDMZ）で終端し、必要な通信だけを許可する。機器ベンダが持ち込んだLTEルータ等の個別回線は撤去するか境界装置の内側に収める。",
  "finding.permissive-firewall-rule.title": "ファイアウォールに全通信を許可するルールがある",
  "finding.permissive-firewall-rule.message":
    "接続「{{conduit}}」のファイアウォールに、プロトコルもポートも指定しない許可ルールが{{count}}件あります。これでは境界で通信を絞れていません。",
  "finding.permissive-firewall-rule.fix":
    "暫定の全許可ルールを、業務に必要な送信元・宛先・プロトコル・ポートを指定したルールに置き換え、最後に全拒否を置く。",

  // Remote access ----------------------------------------------------------------------------------------
  "finding.remote-access-without-mfa.title": "リモートアクセスに多要素認証がない",
  "finding.remote-access-without-mfa.message":
    "「{{source}}」からゾーン「{{zone}}」へのリモートアクセス（接続「{{conduit}}」）に多要素認証がありません。",
  "finding.remote-access-without-mfa.fix":
    "リモートアクセスの入口（VPN装置または踏み台）で個人別アカウントと多要素認証を必須にし、共有アカウントを廃止する。",
  "finding.remote-access-standing.title": "リモートアクセスが常時可能（時間制限・事前承認がない）",
  "finding.remote-access-standing.message":
    "「{{source}}」からゾーン「{{zone}}」へのリモートアクセス（接続「{{conduit}}」）は、時間制限も接続ごとの事前承認もなく、常時つながります。",
  "finding.remote-access-standing.fix":
    "接続は作業ごとの事前承認制とし、承認された時間帯だけアカウントまたは回線を有効にする。",
  "finding.vendor-standing-access.title": "機器ベンダが重要なゾーンに常時アクセスできる",
  "finding.vendor-standing-access.message":
    "機器ベンダ（{{vendors}}）は接続「{{conduit}}」を通じて、要件レベルまたは重要度の高いゾーン「{{zone}}」に時間制限も事前承認もなくアクセスできます。",
  "finding.vendor-standing-access.fix":
    "ベンダの遠隔保守は作業票による事前承認と時間制限付きアカウントに限り、踏み台経由で操作を記録する。常時監視が契約上必要なら、読み取り専用の経路に分ける。",
  "finding.engineering-workstation-without-jump-host.title":
    "エンジニアリングワークステーションに踏み台を経ずに遠隔操作で到達できる",
  "finding.engineering-workstation-without-jump-host.message":
    "ゾーン「{{zone}}」のエンジニアリングワークステーションに、「{{source}}」から接続「{{conduit}}」で踏み台を経ずに遠隔操作プロトコルで到達できます。",
  "finding.engineering-workstation-without-jump-host.fix":
    "EWSへの遠隔操作は DMZ の踏み台（操作記録付き）からだけ許可し、接続の管理策に踏み台を記録する。",

  // Protocols --------------------------------------------------------------------------------------------
  "finding.ot-protocol-without-authentication.title": "認証のない産業用プロトコルがゾーンの外へ出ている",
  "finding.ot-protocol-without-authentication.message":
    "接続「{{conduit}}」（{{from}} → {{to}}）は認証機能のない産業用プロトコル（{{protocols}}）を運んでいます。到達できる者は誰でも制御機器に書き込めます。",
  "finding.ot-protocol-without-authentication.fix":
    "認証付きのプロトコル（OPC UA の署名・暗号化、CIP Security 等）に置き換えるか、プロトコルをゾーン内で終端するゲートウェイ（プロトコル変換）を境界に置き、書込みを許す送信元を限定する。",
  "finding.cleartext-to-external.title": "外部への接続で平文の通信がある",
  "finding.cleartext-to-external.message":
    "外部接続先「{{external}}」への接続「{{conduit}}」で、暗号化機能のないプロトコル（{{protocols}}）が VPN も暗号化もなく使われています。",
  "finding.cleartext-to-external.fix":
    "VPN で通信路を暗号化するか、暗号化付きのプロトコル（HTTPS、SFTP、MQTTS 等）に置き換える。",
  "finding.cloud-link-without-encryption.title": "クラウドとの接続が暗号化されていない",
  "finding.cloud-link-without-encryption.message":
    "ゾーン「{{zone}}」とクラウド「{{cloud}}」の接続「{{conduit}}」で、暗号化が組み込まれていないプロトコル（{{protocols}}）が暗号化の管理策なしに使われています。",
  "finding.cloud-link-without-encryption.fix":
    "プロトコルの暗号化を有効にする（OPC UA は Sign & Encrypt）か、TLS（MQTTS、HTTPS）に移す。設定を暗号化の管理策として接続に記録する。",
  "finding.conduit-without-protocols.title": "接続で使う通信が記述されていない",
  "finding.conduit-without-protocols.message":
    "接続「{{conduit}}」にはプロトコルが一つも記述されておらず、何が流れるのか分かりません。",
  "finding.conduit-without-protocols.fix":
    "接続で使うプロトコルとポートを記述し、それ以外の通信を境界で拒否する。",
  "finding.bidirectional-where-one-way-would-do.title": "データ収集だけの接続が双方向になっている",
  "finding.bidirectional-where-one-way-would-do.message":
    "接続「{{conduit}}」はゾーン「{{zone}}」からのデータ収集用のプロトコル（{{protocols}}）だけを運んでいますが、双方向に開いています。",
  "finding.bidirectional-where-one-way-would-do.fix":
    "生産系からの送信だけにする（一方向の接続、ヒストリアンの複製ならデータダイオード）。クラウドや情報系からの接続要求は受け付けない。",

  // Diode ------------------------------------------------------------------------------------------------
  "finding.data-diode-against-direction.title": "データダイオードの向きが逆",
  "finding.data-diode-against-direction.message":
    "接続「{{conduit}}」のデータダイオードは「{{from}}」から、より守るべきゾーン「{{to}}」へ向いています。ダイオードは守るべき側からデータを出す向きに置きます。",
  "finding.data-diode-against-direction.from-external":
    "接続「{{conduit}}」のデータダイオードは外部接続先「{{from}}」からゾーン「{{to}}」へ向いており、工場側の何も守っていません。",
  "finding.data-diode-against-direction.fix":
    "ダイオードの向きを、守るべき（内側の・要件レベルの高い）ゾーンから外側へ直す。外部からの取込みが必要なら、検査付きの中継を別に設ける。",

  // Safety -----------------------------------------------------------------------------------------------
  "finding.safety-shared-zone.title": "安全系の機器が安全系以外の機器と同じゾーンにある",
  "finding.safety-shared-zone.message":
    "ゾーン「{{zone}}」では安全系の機器{{safetyCount}}台が、安全系以外の機器{{otherCount}}台と同じゾーンにあります。",
  "finding.safety-shared-zone.fix":
    "安全PLCと安全I/Oを専用の安全系ゾーンに分け、制御系とは安全通信に必要な接続だけで結ぶ。",
  "finding.safety-zone-beyond-control.title": "安全系ゾーンが制御系以外とつながっている",
  "finding.safety-zone-beyond-control.message":
    "安全系ゾーン「{{zone}}」は、接続「{{conduit}}」で制御系・フィールド以外の「{{other}}」とつながっています。",
  "finding.safety-zone-beyond-control.fix":
    "安全系は自らの制御系とだけ接続し、監視データが必要なら制御系を経由する一方向の経路で取り出す。",

  // Outside ----------------------------------------------------------------------------------------------
  "finding.ot-zone-to-cloud-or-internet.title": "生産系ゾーンがクラウドやインターネットと直接つながっている",
  "finding.ot-zone-to-cloud-or-internet.message":
    "生産系のゾーン「{{zone}}」は、接続「{{conduit}}」でDMZを経ずに「{{outside}}」と直接つながっています。",
  "finding.ot-zone-to-cloud-or-internet.fix":
    "クラウドとの連携は DMZ の中継（MQTTブローカ、ゲートウェイ等）で終端し、生産系からは送信だけにする。インターネットから生産系の機器へ届くポート転送（NAT）は閉じる。",
  "finding.dmz-bypass.title": "情報系から生産系への接続がDMZを経由していない",
  "finding.dmz-bypass.message":
    "生産系のゾーン「{{zone}}」は、接続「{{conduit}}」で情報系の「{{business}}」と直接つながっており、DMZを経由していません。",
  "finding.dmz-bypass.fix":
    "情報系と生産系の間の通信は DMZ の中継（ヒストリアンの複製、踏み台、ファイル中継）で終端し、両側のファイアウォールで直接の通信を拒否する。",

  // Transient assets -------------------------------------------------------------------------------------
  "finding.removable-media-without-scanning.title":
    "外部記憶媒体・持込みPCのウイルスチェックが実施されていない",
  "finding.removable-media-without-scanning.message":
    "「{{source}}」からゾーン「{{zone}}」への持込み（接続「{{conduit}}」）に、実施済みのウイルスチェックがありません。",
  "finding.removable-media-without-scanning.fix":
    "持込み前に専用の検査端末（キオスク）でウイルスチェックを行い、検査済みの登録媒体・登録PCだけを使えるようにする。",
  "finding.unconnected-line-networked.title": "非接続ラインがネットワークにつながっている",
  "finding.unconnected-line-networked.message":
    "非接続ラインのゾーン「{{zone}}」は、接続「{{conduit}}」で「{{other}}」とネットワーク接続されています。",
  "finding.unconnected-line-networked.fix":
    "接続を撤去して非接続を保つか、接続が必要ならゾーンの種別と要件レベルを見直し、境界の管理策を設ける。",

  // Wireless ---------------------------------------------------------------------------------------------
  "finding.wireless-into-control-zone.title": "無線が制御系ゾーンに直接入っている",
  "finding.wireless-into-control-zone.message":
    "無線・携帯回線の接続「{{conduit}}」が制御系のゾーン「{{zone}}」の中で終端しています。電波の届く範囲から制御ネットワークに入れます。",
  "finding.wireless-into-control-zone.asset":
    "制御系のゾーン「{{zone}}」に無線アクセスポイント等「{{asset}}」があり、無線が制御ネットワークに直接つながっています。",
  "finding.wireless-into-control-zone.fix":
    "無線は専用のゾーンで終端してファイアウォールで制御系と分け、機器ごとの認証（WPA3-Enterprise 等）と無線の監視を行う。",

  // Segmentation -----------------------------------------------------------------------------------------
  "finding.flat-network.title": "ネットワークが分割されていない（フラットなネットワーク）",
  "finding.flat-network.share":
    "ゾーン「{{zone}}」にサイトの機器{{total}}台のうち{{devices}}台が入っており、ゾーン分割が実質的に機能していません。",
  "finding.flat-network.mixed":
    "制御系のゾーン「{{zone}}」に、制御コントローラと事務用の機器（PC・サーバ・プリンタ）が混在しています。",
  "finding.flat-network.fix":
    "業務と重要度ごとにゾーンを分け（工程ごと、事務機器は情報系へ）、ゾーン間は必要な通信だけを許可する。管理型スイッチのVLANとファイアウォールで分ける。",
  "finding.general-purpose-in-control-zone.title": "制御系・安全系ゾーンに汎用品がある",
  "finding.general-purpose-in-control-zone.message":
    "ゾーン「{{zone}}」に汎用品が{{count}}台あります。セキュリティ仕様を指定できない製品が制御機器と同じゾーンにあります。",
  "finding.general-purpose-in-control-zone.fix":
    "汎用品は調達時にサポート期間と脆弱性対応を確認し、不要な機能を止め、更新を続ける。可能なら制御機器とは別のゾーンに置く。",

  // Monitoring -------------------------------------------------------------------------------------------
  "finding.zone-without-monitoring.title": "ゾーンへの接続が監視・記録されていない",
  "finding.zone-without-monitoring.message":
    "ゾーン「{{zone}}」の接続{{count}}件のいずれにも、実施済みのログ取得・監視がありません。侵入に気付けません。",
  "finding.zone-without-monitoring.fix":
    "ゾーンの境界でログを取得し、OT向けのネットワーク監視（IDS）で通信を監視する。ログは集中管理して定期的に確認する。",

  // Lifecycle --------------------------------------------------------------------------------------------
  "finding.end-of-support.title": "サポートが終了した（または終了間近の）製品を使っている",
  "finding.end-of-support.message":
    "保護対象「{{asset}}」のサポートは{{date}}に終了しており（基準日{{asOf}}）、セキュリティ修正が提供されません。",
  "finding.end-of-support.soon":
    "保護対象「{{asset}}」のサポートは{{date}}に終了します（基準日{{asOf}}から{{days}}日後）。",
  "finding.end-of-support.fix":
    "サポートのある版への更新・置換を計画する。すぐに更新できない場合は、ネットワークから切り離す等の代替策と期限を決める。",

  // Levels -----------------------------------------------------------------------------------------------
  "finding.zone-without-security-level.title": "ゾーンのセキュリティ要件レベルが決まっていない",
  "finding.zone-without-security-level.message":
    "ゾーン「{{zone}}」にはセキュリティ要件レベルが設定されていません。境界の評価ができません。",
  "finding.zone-without-security-level.fix":
    "ゾーンの業務と保護対象の重要度から、要件レベルとその理由を設定する。",
  "finding.security-level-below-importance.title": "重要なゾーンの要件レベルが最低になっている",
  "finding.security-level-below-importance.message":
    "ゾーン「{{zone}}」は重要度「{{importance}}」ですが、セキュリティ要件レベルは最低の「{{securityLevel}}」です。",
  "finding.security-level-below-importance.fix":
    "重要度と外部との接続を踏まえて要件レベルを見直し、理由を記録する。",

  // Because ----------------------------------------------------------------------------------------------
  "finding.because.zone-level": "ゾーン「{{zone}}」の要件レベルは「{{securityLevel}}」",
  "finding.because.zone-level-none": "ゾーン「{{zone}}」の要件レベルは未設定",
  "finding.because.zone-type": "「{{zone}}」のゾーン種別は「{{zoneType}}」",
  "finding.because.external-kind": "外部接続先「{{external}}」の種別は「{{entry}}」",
  "finding.because.zone-importance": "ゾーン「{{zone}}」の重要度は「{{importance}}」",
  "finding.because.direction": "接続「{{conduit}}」の方向は「{{direction}}」（{{from}} → {{to}}）",
  "finding.because.medium": "接続「{{conduit}}」の媒体は「{{medium}}」",
  "finding.because.medium-none": "接続「{{conduit}}」の媒体は未記述",
  "finding.because.protocols": "接続「{{conduit}}」のプロトコル: {{protocols}}",
  "finding.because.protocols-without-authentication":
    "接続「{{conduit}}」の {{protocols}} はプロトコル自体に認証機能がない",
  "finding.because.protocols-without-encryption": "接続「{{conduit}}」の {{protocols}} は暗号化されていない",
  "finding.because.telemetry-only":
    "接続「{{conduit}}」はデータ収集用のプロトコル（{{protocols}}）だけを運ぶ",
  "finding.because.missing-controls": "接続「{{conduit}}」に実施済みの管理策（{{control}}）がない",
  "finding.because.planned-controls": "接続「{{conduit}}」の {{control}} は計画中で、まだ実施されていない",
  "finding.because.via-remote-zone":
    "遠隔保守ゾーン「{{zone}}」への入口{{count}}件（{{entries}}）に {{control}} がない",
  "finding.because.allow-any-rule":
    "接続「{{conduit}}」の許可ルール（{{source}} → {{destination}}）はプロトコルもポートも指定していない",
  "finding.because.engineering-workstations":
    "ゾーン「{{zone}}」にエンジニアリングワークステーション{{count}}台（{{assets}}）",
  "finding.because.zone-depth": "「{{inner}}」は「{{outer}}」より工場の内側にあり、より守るべきゾーン",
  "finding.because.safety-assets": "ゾーン「{{zone}}」の安全系の機器{{count}}台（{{assets}}）",
  "finding.because.non-safety-assets": "ゾーン「{{zone}}」の安全系以外の機器{{count}}台（{{assets}}）",
  "finding.because.device-share":
    "ゾーン「{{zone}}」にサイトの機器{{total}}台のうち{{devices}}台（{{percent}}%）",
  "finding.because.it-devices": "ゾーン「{{zone}}」に事務用の機器{{count}}台（{{assets}}）",
  "finding.because.controllers": "ゾーン「{{zone}}」に制御コントローラ{{count}}台（{{assets}}）",
  "finding.because.general-purpose": "ゾーン「{{zone}}」の汎用品{{count}}台（{{assets}}）",
  "finding.because.radio-assets": "ゾーン「{{zone}}」の無線機器（{{assets}}）",
  "finding.because.conduits-unwatched":
    "ゾーン「{{zone}}」の接続{{count}}件（{{conduits}}）にログ取得・監視がない",
  "finding.because.planned-monitoring": "接続{{count}}件（{{conduits}}）のログ取得・監視は計画中",
  "finding.because.support-ends": "保護対象「{{asset}}」のサポート終了日は{{date}}（基準日{{asOf}}）",
  "finding.because.asset-in-zone": "保護対象「{{asset}}」はゾーン「{{zone}}」にある",
} as const;

type Key = keyof typeof ja;

const en: Record<Key, string> = {
  // Boundary protection ----------------------------------------------------------------------------------
  "finding.zone-boundary-without-filtering.title":
    "Zones of different security levels joined without filtering",
  "finding.zone-boundary-without-filtering.message":
    "Conduit '{{conduit}}' joins '{{from}}' and '{{to}}', zones of different target security levels, with no firewall, allow-list, protocol break or data diode.",
  "finding.zone-boundary-without-filtering.fix":
    "Put a firewall at the boundary of the higher-level zone, with rules that allow only the traffic the operations need; where one-way traffic is enough, use a data diode.",
  "finding.it-ot-boundary-without-filtering.title": "IT/OT boundary without filtering",
  "finding.it-ot-boundary-without-filtering.message":
    "Conduit '{{conduit}}' joins '{{it}}', a zone on the business or outside side, straight to the production zone '{{ot}}' with no control that restricts the traffic.",
  "finding.it-ot-boundary-without-filtering.fix":
    "Put a firewall at the boundary that allows only the sources, destinations and protocols the operations need; route remote maintenance through a jump host.",
  "finding.external-link-without-filtering.title": "Link to an outside network without filtering",
  "finding.external-link-without-filtering.message":
    "Conduit '{{conduit}}' between the external '{{external}}' and zone '{{zone}}' has no firewall, allow-list or protocol break.",
  "finding.external-link-without-filtering.fix":
    "End outside connections at the plant's boundary firewall (or the DMZ) and allow only the traffic needed. Remove separate lines such as a vendor's LTE router, or bring them behind the boundary device.",
  "finding.permissive-firewall-rule.title": "Firewall rule that allows everything",
  "finding.permissive-firewall-rule.message":
    "The firewall on conduit '{{conduit}}' has {{count}} allow rule(s) naming neither protocol nor port: the boundary does not restrict the traffic.",
  "finding.permissive-firewall-rule.fix":
    "Replace the temporary allow-all with rules naming the source, destination, protocol and port each operation needs, and end with deny-all.",

  // Remote access ----------------------------------------------------------------------------------------
  "finding.remote-access-without-mfa.title": "Remote access without multi-factor authentication",
  "finding.remote-access-without-mfa.message":
    "Remote access from '{{source}}' into zone '{{zone}}' (conduit '{{conduit}}') has no multi-factor authentication.",
  "finding.remote-access-without-mfa.fix":
    "Require personal accounts and multi-factor authentication where remote access enters (the VPN gateway or jump host), and retire shared accounts.",
  "finding.remote-access-standing.title": "Standing remote access (no time limit, no approval)",
  "finding.remote-access-standing.message":
    "Remote access from '{{source}}' into zone '{{zone}}' (conduit '{{conduit}}') is open at all times: no time limit and no approval per connection.",
  "finding.remote-access-standing.fix":
    "Approve each connection for a piece of work, and enable the account or line only for the approved window.",
  "finding.vendor-standing-access.title": "Vendor with standing access to an important zone",
  "finding.vendor-standing-access.message":
    "The equipment vendor ({{vendors}}) can reach zone '{{zone}}', of high security level or importance, over conduit '{{conduit}}' at any time, without a time limit or approval.",
  "finding.vendor-standing-access.fix":
    "Limit vendor remote maintenance to work-order approval and time-limited accounts, through a jump host that records the session. If the contract needs round-the-clock monitoring, give it a separate read-only path.",
  "finding.engineering-workstation-without-jump-host.title":
    "Engineering workstation reachable by remote control without a jump host",
  "finding.engineering-workstation-without-jump-host.message":
    "The engineering workstations in zone '{{zone}}' can be reached from '{{source}}' over conduit '{{conduit}}' with a remote-control protocol, without a jump host.",
  "finding.engineering-workstation-without-jump-host.fix":
    "Allow remote control of engineering workstations only from a jump host in the DMZ that records sessions, and record the jump host as a control of the conduit.",

  // Protocols --------------------------------------------------------------------------------------------
  "finding.ot-protocol-without-authentication.title":
    "Industrial protocol without authentication leaves its zone",
  "finding.ot-protocol-without-authentication.message":
    "Conduit '{{conduit}}' ({{from}} → {{to}}) carries industrial protocols without authentication ({{protocols}}): anyone who reaches it can write to the controllers.",
  "finding.ot-protocol-without-authentication.fix":
    "Move to an authenticated protocol (OPC UA with signing and encryption, CIP Security…), or end the protocol inside the zone at a gateway (protocol break) on the boundary, and restrict which sources may write.",
  "finding.cleartext-to-external.title": "Cleartext traffic to an outside network",
  "finding.cleartext-to-external.message":
    "Conduit '{{conduit}}' to the external '{{external}}' uses protocols without encryption ({{protocols}}), with no VPN or encryption.",
  "finding.cleartext-to-external.fix":
    "Encrypt the path with a VPN, or move to encrypted protocols (HTTPS, SFTP, MQTTS…).",
  "finding.cloud-link-without-encryption.title": "Cloud link without encryption",
  "finding.cloud-link-without-encryption.message":
    "Conduit '{{conduit}}' between zone '{{zone}}' and the cloud '{{cloud}}' uses protocols without built-in encryption ({{protocols}}) and no encryption control.",
  "finding.cloud-link-without-encryption.fix":
    "Turn on the protocol's encryption (OPC UA Sign & Encrypt) or move to TLS (MQTTS, HTTPS), and record it as an encryption control of the conduit.",
  "finding.conduit-without-protocols.title": "Conduit with no traffic described",
  "finding.conduit-without-protocols.message":
    "Conduit '{{conduit}}' declares no protocol: nobody can tell what crosses it.",
  "finding.conduit-without-protocols.fix":
    "Describe the protocols and ports the conduit carries, and deny everything else at the boundary.",
  "finding.bidirectional-where-one-way-would-do.title": "Data collection open in both directions",
  "finding.bidirectional-where-one-way-would-do.message":
    "Conduit '{{conduit}}' only carries data collection from zone '{{zone}}' ({{protocols}}), yet it is open both ways.",
  "finding.bidirectional-where-one-way-would-do.fix":
    "Let production only send (a one-way conduit, or a data diode for a historian replica); accept no connection requests from the cloud or business IT.",

  // Diode ------------------------------------------------------------------------------------------------
  "finding.data-diode-against-direction.title": "Data diode pointing the wrong way",
  "finding.data-diode-against-direction.message":
    "The data diode of conduit '{{conduit}}' points from '{{from}}' into '{{to}}', the zone that needs more protection. A diode lets data out of the zone it protects.",
  "finding.data-diode-against-direction.from-external":
    "The data diode of conduit '{{conduit}}' points from the external '{{from}}' into zone '{{to}}' and protects nothing of the plant.",
  "finding.data-diode-against-direction.fix":
    "Turn the diode to point out of the zone to protect (the inner one, or the one of higher level). If data must come in from outside, give it a separate relay that inspects it.",

  // Safety -----------------------------------------------------------------------------------------------
  "finding.safety-shared-zone.title": "Safety devices share a zone with other devices",
  "finding.safety-shared-zone.message":
    "In zone '{{zone}}', {{safetyCount}} safety device(s) share the zone with {{otherCount}} device(s) that are not part of the safety system.",
  "finding.safety-shared-zone.fix":
    "Give the safety controllers and safety I/O a safety zone of their own, joined to control only by the conduits the safety communication needs.",
  "finding.safety-zone-beyond-control.title": "Safety zone connected beyond its control system",
  "finding.safety-zone-beyond-control.message":
    "Safety zone '{{zone}}' is connected over conduit '{{conduit}}' to '{{other}}', which is neither control nor field.",
  "finding.safety-zone-beyond-control.fix":
    "Connect the safety system only to the control system it guards; take any monitoring data out one way through that control system.",

  // Outside ----------------------------------------------------------------------------------------------
  "finding.ot-zone-to-cloud-or-internet.title":
    "Production zone connected straight to the cloud or the internet",
  "finding.ot-zone-to-cloud-or-internet.message":
    "Production zone '{{zone}}' is connected straight to '{{outside}}' over conduit '{{conduit}}', without a DMZ in between.",
  "finding.ot-zone-to-cloud-or-internet.fix":
    "End cloud links at a relay in the DMZ (an MQTT broker, a gateway) and let production only send. Close any port forwarding (NAT) that lets the internet reach production devices.",
  "finding.dmz-bypass.title": "Business IT reaches production without the DMZ",
  "finding.dmz-bypass.message":
    "Production zone '{{zone}}' is connected straight to the business side '{{business}}' over conduit '{{conduit}}', bypassing the DMZ.",
  "finding.dmz-bypass.fix":
    "End IT–OT traffic at relays in the DMZ (historian replica, jump host, file relay), and deny direct traffic with firewalls on both sides.",

  // Transient assets -------------------------------------------------------------------------------------
  "finding.removable-media-without-scanning.title": "Removable media or visiting laptops not scanned",
  "finding.removable-media-without-scanning.message":
    "What is carried from '{{source}}' into zone '{{zone}}' (conduit '{{conduit}}') is not scanned for malware by any control in force.",
  "finding.removable-media-without-scanning.fix":
    "Scan media and laptops on a dedicated checking station (kiosk) before use, and allow only registered, scanned media and laptops.",
  "finding.unconnected-line-networked.title": "Unconnected line connected to a network",
  "finding.unconnected-line-networked.message":
    "Zone '{{zone}}', an unconnected line, has a network connection to '{{other}}' over conduit '{{conduit}}'.",
  "finding.unconnected-line-networked.fix":
    "Remove the connection to keep the line unconnected, or, if it is needed, review the zone's type and security level and put controls on its boundary.",

  // Wireless ---------------------------------------------------------------------------------------------
  "finding.wireless-into-control-zone.title": "Wireless link straight into a control zone",
  "finding.wireless-into-control-zone.message":
    "The wireless or cellular conduit '{{conduit}}' ends inside control zone '{{zone}}': anyone in radio range can get onto the control network.",
  "finding.wireless-into-control-zone.asset":
    "Control zone '{{zone}}' holds the wireless access point or network '{{asset}}': radio reaches the control network directly.",
  "finding.wireless-into-control-zone.fix":
    "End wireless in a zone of its own behind a firewall, authenticate each device (e.g. WPA3-Enterprise), and monitor the radio.",

  // Segmentation -----------------------------------------------------------------------------------------
  "finding.flat-network.title": "Flat network (no real segmentation)",
  "finding.flat-network.share":
    "Zone '{{zone}}' holds {{devices}} of the site's {{total}} devices: the zoning does not separate much.",
  "finding.flat-network.mixed":
    "Control zone '{{zone}}' mixes controllers with office equipment (PCs, servers, printers).",
  "finding.flat-network.fix":
    "Split zones by operation and importance (per process; office equipment to business IT) and allow only the traffic needed between them, with VLANs on managed switches and firewalls.",
  "finding.general-purpose-in-control-zone.title": "General-purpose products in a control or safety zone",
  "finding.general-purpose-in-control-zone.message":
    "Zone '{{zone}}' holds {{count}} general-purpose product(s): products whose security the buyer cannot specify sit beside the controllers.",
  "finding.general-purpose-in-control-zone.fix":
    "Check support period and vulnerability handling at procurement, turn off what is not needed and keep them updated; where possible, place them in a zone apart from the controllers.",

  // Monitoring -------------------------------------------------------------------------------------------
  "finding.zone-without-monitoring.title": "Zone whose conduits are neither logged nor monitored",
  "finding.zone-without-monitoring.message":
    "None of the {{count}} conduit(s) of zone '{{zone}}' has logging or monitoring in force: an intrusion would go unseen.",
  "finding.zone-without-monitoring.fix":
    "Log at the zone's boundary and watch its traffic with OT network monitoring (IDS); collect the logs centrally and review them regularly.",

  // Lifecycle --------------------------------------------------------------------------------------------
  "finding.end-of-support.title": "Product out of support (or about to be)",
  "finding.end-of-support.message":
    "Support for '{{asset}}' ended on {{date}} (as of {{asOf}}): it gets no more security fixes.",
  "finding.end-of-support.soon": "Support for '{{asset}}' ends on {{date}}, {{days}} days after {{asOf}}.",
  "finding.end-of-support.fix":
    "Plan an upgrade or replacement to a supported version; until then, decide on compensating measures (e.g. isolation from the network) and a deadline.",

  // Levels -----------------------------------------------------------------------------------------------
  "finding.zone-without-security-level.title": "Zone without a target security level",
  "finding.zone-without-security-level.message":
    "Zone '{{zone}}' has no target security level, so its boundaries cannot be judged.",
  "finding.zone-without-security-level.fix":
    "Set the target level from the importance of the zone's operations and assets, with the reason.",
  "finding.security-level-below-importance.title": "Important zone held at the lowest security level",
  "finding.security-level-below-importance.message":
    "Zone '{{zone}}' has importance '{{importance}}' but the lowest target security level, '{{securityLevel}}'.",
  "finding.security-level-below-importance.fix":
    "Review the target level in the light of the importance and the outside connections, and record the reason.",

  // Because ----------------------------------------------------------------------------------------------
  "finding.because.zone-level": "zone '{{zone}}' has target level '{{securityLevel}}'",
  "finding.because.zone-level-none": "zone '{{zone}}' has no target level",
  "finding.because.zone-type": "'{{zone}}' is a zone of type '{{zoneType}}'",
  "finding.because.external-kind": "the external '{{external}}' is of kind '{{entry}}'",
  "finding.because.zone-importance": "zone '{{zone}}' has importance '{{importance}}'",
  "finding.because.direction": "conduit '{{conduit}}' runs '{{direction}}' ({{from}} → {{to}})",
  "finding.because.medium": "conduit '{{conduit}}' runs over '{{medium}}'",
  "finding.because.medium-none": "conduit '{{conduit}}' declares no medium",
  "finding.because.protocols": "conduit '{{conduit}}' carries {{protocols}}",
  "finding.because.protocols-without-authentication":
    "on conduit '{{conduit}}', {{protocols}} have no authentication of their own",
  "finding.because.protocols-without-encryption": "on conduit '{{conduit}}', {{protocols}} are not encrypted",
  "finding.because.telemetry-only": "conduit '{{conduit}}' only carries data collection ({{protocols}})",
  "finding.because.missing-controls": "conduit '{{conduit}}' has none of {{control}} in force",
  "finding.because.planned-controls": "on conduit '{{conduit}}', {{control}} are planned, not in force",
  "finding.because.via-remote-zone":
    "{{count}} way(s) into the remote-maintenance zone '{{zone}}' ({{entries}}) lack {{control}}",
  "finding.because.allow-any-rule":
    "the allow rule {{source}} → {{destination}} on conduit '{{conduit}}' names neither protocol nor port",
  "finding.because.engineering-workstations":
    "zone '{{zone}}' holds {{count}} engineering workstation(s) ({{assets}})",
  "finding.because.zone-depth":
    "'{{inner}}' lies further inside the plant than '{{outer}}' and needs more protection",
  "finding.because.safety-assets": "zone '{{zone}}' holds {{count}} safety device(s) ({{assets}})",
  "finding.because.non-safety-assets":
    "zone '{{zone}}' holds {{count}} device(s) outside the safety system ({{assets}})",
  "finding.because.device-share":
    "zone '{{zone}}' holds {{devices}} of the site's {{total}} devices ({{percent}}%)",
  "finding.because.it-devices": "zone '{{zone}}' holds {{count}} office device(s) ({{assets}})",
  "finding.because.controllers": "zone '{{zone}}' holds {{count}} controller(s) ({{assets}})",
  "finding.because.general-purpose":
    "zone '{{zone}}' holds {{count}} general-purpose product(s) ({{assets}})",
  "finding.because.radio-assets": "zone '{{zone}}' holds radio equipment ({{assets}})",
  "finding.because.conduits-unwatched":
    "none of the {{count}} conduit(s) of zone '{{zone}}' ({{conduits}}) is logged or monitored",
  "finding.because.planned-monitoring":
    "logging or monitoring is planned on {{count}} conduit(s) ({{conduits}})",
  "finding.because.support-ends": "support for '{{asset}}' ends on {{date}} (as of {{asOf}})",
  "finding.because.asset-in-zone": "'{{asset}}' is in zone '{{zone}}'",
};

export const findingMessages: { ja: Record<Key, string>; en: Record<Key, string> } = { ja, en };

/** A rule's title and fix in both languages, from the messages above. */
export function ruleTexts(rule: string): {
  title: { ja: string; en: string };
  fix: { ja: string; en: string };
} {
  const text = (lang: "ja" | "en", part: string) =>
    (findingMessages[lang] as Record<string, string>)[`finding.${rule}.${part}`] ?? `finding.${rule}.${part}`;
  return {
    title: { ja: text("ja", "title"), en: text("en", "title") },
    fix: { ja: text("ja", "fix"), en: text("en", "fix") },
  };
}
