import { productsJa } from "./products";
import { resultsJa } from "./results";
import { vulnerabilitiesJa } from "./vulnerabilities";
import { workspaceJa } from "./workspace";

/** The web UI's messages in Japanese, the default. en.ts must have exactly the same keys. */
export const ja = {
  app: {
    name: "守り",
    nameLatin: "Mamori",
    title: "守り Mamori",
    skipToContent: "本文へ移動",
    loading: "読み込み中…",
    retry: "再試行",
  },
  header: {
    site: "サイト",
    chooseSite: "サイトを選択",
    allSites: "サイト一覧",
    language: "言語",
    userMenu: "ユーザーメニュー",
    signedInAs: "{{name}} としてログイン中",
    administrator: "管理者",
    logout: "ログアウト",
    nav: "アプリのナビゲーション",
  },
  setup: {
    title: "初期設定",
    intro: "最初の管理者アカウントを作成してください。",
    username: "ユーザー名",
    displayName: "表示名",
    password: "パスワード",
    confirmPassword: "パスワード（確認）",
    mismatch: "パスワードが一致しません",
    submit: "管理者を作成",
  },
  login: {
    title: "ログイン",
    username: "ユーザー名",
    password: "パスワード",
    submit: "ログイン",
    failed: "ユーザー名またはパスワードが正しくありません",
  },
  sites: {
    title: "サイト一覧",
    empty: "参照できるサイトがまだありません。",
    version: "版 {{version}}",
    updatedAt: "更新 {{date}}",
    open: "{{name}} を開く",
  },
  nav: {
    label: "サイトのナビゲーション",
    overview: "概要",
    phase1: "ステップ1 前提・範囲の整理",
    phase2: "ステップ2 対策の立案",
    step1_1: "1-1 前提条件・要件",
    step1_2: "1-2 業務の整理",
    step1_3: "1-3 業務の重要度",
    step1_4: "1-4 保護対象の整理",
    step1_5: "1-5 保護対象の重要度",
    step1_6: "1-6 ゾーンと接続",
    step1_7: "1-7 ゾーンの要件と脅威",
    step2_1: "2-1 セキュリティ対策方針",
    step2_2: "2-2 具体的な対策",
    results: "結果",
    analysis: "分析",
    diagram: "構成図",
    phase3: "ステップ3 対策の実行と見直し",
    vulnerabilities: "脆弱性対応",
    advisories: "アドバイザリ",
    admin: "管理",
    users: "ユーザー",
    audit: "監査ログ",
    products: "製品",
  },
  errors: {
    title: "エラー",
    network: "サーバーに接続できません",
    notFound: "ページが見つかりません",
    backToSites: "サイト一覧へ戻る",
  },
  workspace: workspaceJa,
  results: resultsJa,
  vulnerabilities: vulnerabilitiesJa,
  products: productsJa,
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Messages = Widen<typeof ja>;
