import type { ConduitDoc, ExternalDoc, SiteDoc, ZoneDoc } from "./data";

/**
 * Geometry of the zone/conduit diagram. Top-level nodes (zones and externals) are placed by ELK's
 * layered algorithm, run in a Web Worker (elkjs's own worker script, loaded only when the diagram is
 * opened); assets are laid out in a grid inside their zone. Manual positions override ELK's.
 */
export interface NodeBox {
  id: string;
  kind: "zone" | "external";
  x: number;
  y: number;
  w: number;
  h: number;
  collapsed: boolean;
}
export interface AssetBox {
  id: string;
  zone: string;
  /** Relative to the zone's top left corner. */
  dx: number;
  dy: number;
  w: number;
  h: number;
}

export const assetW = 168;
export const assetH = 34;
const gap = 8;
const header = 44;
const collapsedSize = { w: 230, h: 70 };
const externalSize = { w: 180, h: 54 };

/** Zones with more assets than this in total start collapsed (unless a saved layout says otherwise). */
export const collapseThreshold = 200;

function columnsFor(n: number): number {
  return Math.max(1, Math.min(n, Math.ceil(Math.sqrt(n / 1.5))));
}

export function zoneSize(zone: ZoneDoc, collapsed: boolean): { w: number; h: number } {
  const n = zone.assets?.length ?? 0;
  if (collapsed || n === 0) return collapsedSize;
  const cols = columnsFor(n);
  const rows = Math.ceil(n / cols);
  return {
    w: Math.max(collapsedSize.w, cols * (assetW + gap) + gap),
    h: header + rows * (assetH + gap) + gap,
  };
}

export function assetBoxes(zone: ZoneDoc): AssetBox[] {
  const ids = zone.assets ?? [];
  const cols = columnsFor(ids.length);
  return ids.map((id, index) => ({
    id,
    zone: zone.id,
    dx: gap + (index % cols) * (assetW + gap),
    dy: header + Math.floor(index / cols) * (assetH + gap),
    w: assetW,
    h: assetH,
  }));
}

interface ElkNode {
  id: string;
  width?: number;
  height?: number;
  x?: number;
  y?: number;
  children?: ElkNode[];
  edges?: { id: string; sources: string[]; targets: string[] }[];
  layoutOptions?: Record<string, string>;
}
interface ElkLike {
  layout(graph: ElkNode): Promise<ElkNode>;
}

let elk: Promise<ElkLike> | undefined;

/** Starts the layout engine's worker early (while the site is still being fetched). */
export function preloadLayout(): void {
  void loadElk();
}

/** elk-api is small; the layout engine itself runs in elkjs's worker script, fetched on first use. */
function loadElk(): Promise<ElkLike> {
  elk ??= Promise.all([import("elkjs/lib/elk-api.js"), import("elkjs/lib/elk-worker.min.js?url")]).then(
    ([api, worker]) => {
      const ELK = (api as unknown as { default: new (options: { workerUrl: string }) => ElkLike }).default;
      return new ELK({ workerUrl: worker.default });
    },
  );
  return elk;
}

/** ELK positions of zones and externals with the given sizes (manual positions are applied by the caller). */
export async function autoLayout(
  zones: ZoneDoc[],
  externals: ExternalDoc[],
  conduits: ConduitDoc[],
  sizes: Map<string, { w: number; h: number }>,
): Promise<Map<string, { x: number; y: number }>> {
  const engine = await loadElk();
  const ids = new Set([...zones.map((z) => z.id), ...externals.map((e) => e.id)]);
  const graph: ElkNode = {
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.spacing.nodeNode": "50",
      "elk.layered.spacing.nodeNodeBetweenLayers": "90",
      "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
      "elk.separateConnectedComponents": "true",
      "elk.aspectRatio": "1.4",
    },
    children: [...ids].map((id) => {
      const size = sizes.get(id) ?? externalSize;
      return { id, width: size.w, height: size.h };
    }),
    edges: conduits
      .filter((c) => c.from !== c.to && ids.has(c.from) && ids.has(c.to))
      .map((c) => ({ id: c.id, sources: [c.from], targets: [c.to] })),
  };
  const result = await engine.layout(graph);
  return new Map((result.children ?? []).map((n) => [n.id, { x: n.x ?? 0, y: n.y ?? 0 }]));
}

export function nodeSizes(
  site: SiteDoc,
  collapsed: ReadonlySet<string>,
): Map<string, { w: number; h: number }> {
  const sizes = new Map<string, { w: number; h: number }>();
  for (const zone of site.zones ?? []) sizes.set(zone.id, zoneSize(zone, collapsed.has(zone.id)));
  for (const external of site.externals ?? []) sizes.set(external.id, externalSize);
  return sizes;
}

/** Where the line between two boxes leaves the first one (towards the other's centre). */
export function borderPoint(box: NodeBox, toward: { x: number; y: number }): { x: number; y: number } {
  const cx = box.x + box.w / 2;
  const cy = box.y + box.h / 2;
  const dx = toward.x - cx;
  const dy = toward.y - cy;
  if (dx === 0 && dy === 0) return { x: cx, y: cy };
  const sx = Math.abs(dx) > 0 ? box.w / 2 / Math.abs(dx) : Number.POSITIVE_INFINITY;
  const sy = Math.abs(dy) > 0 ? box.h / 2 / Math.abs(dy) : Number.POSITIVE_INFINITY;
  const s = Math.min(sx, sy);
  return { x: cx + dx * s, y: cy + dy * s };
}

/** Rows of nodes in model order: the fallback when the layout engine cannot run. */
export function gridLayout(
  sizes: Map<string, { w: number; h: number }>,
): Map<string, { x: number; y: number }> {
  const result = new Map<string, { x: number; y: number }>();
  const rowWidth = Math.max(1200, Math.sqrt([...sizes.values()].reduce((n, s) => n + s.w * s.h, 0)) * 1.4);
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  for (const [id, size] of sizes) {
    if (x > 0 && x + size.w > rowWidth) {
      x = 0;
      y += rowHeight + 60;
      rowHeight = 0;
    }
    result.set(id, { x, y });
    x += size.w + 60;
    rowHeight = Math.max(rowHeight, size.h);
  }
  return result;
}
