import {
  memo,
  type ReactNode,
  useCallback,
  useEffect,
  useImperativeHandle,
  useMemo,
  useRef,
  useState,
} from "react";
import { useTranslation } from "react-i18next";
import { localText } from "../../text";
import type { AssetDoc, ConduitDoc, ExternalDoc, ZoneDoc } from "./data";
import { diagramCss } from "./diagramStyle";
import { type AssetBox, assetBoxes, borderPoint, type NodeBox } from "./layout";

/**
 * The zone/conduit diagram as hand-written SVG: zones (with their assets, collapsible) and externals as
 * nodes, conduits as edges with protocol and control badges. Panning and zooming change one transform
 * attribute directly (no React render), nodes are memoised, so a 1,000-asset site stays responsive.
 */
export type Selection = { kind: "zone" | "asset" | "external" | "conduit"; id: string };

export interface Marks {
  /** Subject id → highest severity and count of its findings. */
  findings: Map<string, { severity: string; count: number }>;
  /** Zone id → number of gaps. */
  gaps: Map<string, number>;
  /** Conduit id → hop numbers on the highlighted attack paths. */
  hops: Map<string, number[]>;
  cut: Set<string>;
  entries: Set<string>;
  targets: Set<string>;
  pathActive: boolean;
}

export interface CanvasHandle {
  fitView(readable?: boolean, only?: readonly string[]): void;
  zoom(factor: number): void;
  svg(): SVGSVGElement | null;
}

interface Props {
  handle: React.Ref<CanvasHandle>;
  boxes: Map<string, NodeBox>;
  zones: Map<string, ZoneDoc>;
  externals: Map<string, ExternalDoc>;
  assets: Map<string, AssetDoc>;
  conduits: ConduitDoc[];
  selection: Selection | undefined;
  marks: Marks;
  connecting: boolean;
  onSelect(selection: Selection | undefined): void;
  onMove(id: string, position: { x: number; y: number }, done: boolean): void;
  onToggle(zone: string): void;
  onConnect(from: string, to: string): void;
  controlLabel(type: string): string;
}

function Issue({
  x,
  y,
  severity,
  count,
  label,
}: {
  x: number;
  y: number;
  severity: string;
  count: number;
  label: string;
}) {
  return (
    <g className={`issue sev-${severity}`} transform={`translate(${x} ${y})`}>
      <title>{label}</title>
      <circle r={10} />
      <text textAnchor="middle" dy={3.5}>
        {count}
      </text>
    </g>
  );
}

function Gap({ x, y, count, label }: { x: number; y: number; count: number; label: string }) {
  return (
    <g className="issue gap" transform={`translate(${x} ${y})`}>
      <title>{label}</title>
      <circle r={10} />
      <text textAnchor="middle" dy={3.5}>
        {count}
      </text>
    </g>
  );
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const ZoneNode = memo(function ZoneNode({
  box,
  zone,
  assets,
  lang,
  selected,
  finding,
  findingsOfAssets,
  gaps,
  target,
  targetAssets,
  labels,
}: {
  box: NodeBox;
  zone: ZoneDoc;
  assets: Map<string, AssetDoc>;
  lang: string;
  selected: string | undefined;
  finding: { severity: string; count: number } | undefined;
  findingsOfAssets: Map<string, { severity: string; count: number }> | undefined;
  gaps: number | undefined;
  target: boolean;
  targetAssets: Set<string> | undefined;
  labels: { expand: string; collapse: string; assets: string; findings: string; gaps: string };
}) {
  const name = localText(zone.name, lang, zone.id);
  const boxes: AssetBox[] = box.collapsed ? [] : assetBoxes(zone);
  const count = zone.assets?.length ?? 0;
  return (
    <g transform={`translate(${box.x} ${box.y})`} data-zone={zone.id}>
      {/* biome-ignore lint/a11y/useSemanticElements: SVG has no <button>; a focusable <g> is the way */}
      <g
        className={`node zone${selected === zone.id ? " selected" : ""}${target ? " target" : ""}`}
        data-kind="zone"
        data-id={zone.id}
        tabIndex={0}
        role="button"
        aria-label={name}
        aria-pressed={selected === zone.id}
      >
        <rect
          className="focus-ring"
          x={-4}
          y={-4}
          width={box.w + 8}
          height={box.h + 8}
          rx={10}
          stroke="none"
          fill="none"
        />
        <rect className="frame" width={box.w} height={box.h} rx={8} />
        <text className="title" x={12} y={20}>
          {clip(name, Math.floor((box.w - 70) / 8))}
        </text>
        <text className="meta" x={12} y={36}>
          {`${zone.id} · ${labels.assets.replace("{n}", String(count))}`}
        </text>
      </g>
      {count > 0 ? (
        // biome-ignore lint/a11y/useSemanticElements: SVG has no <button>; a focusable <g> is the way
        <g
          className="toggle"
          data-action="toggle"
          data-id={zone.id}
          tabIndex={0}
          role="button"
          aria-expanded={!box.collapsed}
          aria-label={`${box.collapsed ? labels.expand : labels.collapse}: ${name}`}
          transform={`translate(${box.w - 30} 8)`}
        >
          <rect
            className="focus-ring"
            x={-3}
            y={-3}
            width={28}
            height={28}
            rx={6}
            stroke="none"
            fill="none"
          />
          <rect width={22} height={22} rx={4} />
          <text x={11} y={16} textAnchor="middle">
            {box.collapsed ? "+" : "−"}
          </text>
        </g>
      ) : null}
      {finding ? (
        <Issue
          x={box.w - 44}
          y={0}
          severity={finding.severity}
          count={finding.count}
          label={labels.findings}
        />
      ) : null}
      {gaps ? <Gap x={box.w - 68} y={0} count={gaps} label={labels.gaps} /> : null}
      {boxes.map((a) => {
        const asset = assets.get(a.id);
        const assetName = localText(asset?.name, lang, a.id);
        const mark = findingsOfAssets?.get(a.id);
        return (
          // biome-ignore lint/a11y/useSemanticElements: SVG has no <button>; a focusable <g> is the way
          <g
            key={a.id}
            className={`node asset${selected === a.id ? " selected" : ""}${targetAssets?.has(a.id) ? " target" : ""}`}
            data-kind="asset"
            data-id={a.id}
            tabIndex={0}
            role="button"
            aria-label={assetName}
            aria-pressed={selected === a.id}
            transform={`translate(${a.dx} ${a.dy})`}
          >
            <rect
              className="focus-ring"
              x={-3}
              y={-3}
              width={a.w + 6}
              height={a.h + 6}
              rx={6}
              stroke="none"
              fill="none"
            />
            <rect className="frame" width={a.w} height={a.h} rx={4} />
            <text x={6} y={14}>
              {clip(assetName, 24)}
            </text>
            <text x={6} y={28} className="meta" fill="#55606e">
              {clip(asset?.type ?? "", 24)}
            </text>
            {mark ? (
              <Issue x={a.w - 2} y={2} severity={mark.severity} count={mark.count} label={labels.findings} />
            ) : null}
          </g>
        );
      })}
    </g>
  );
});

function ExternalNode({
  box,
  external,
  lang,
  selected,
  finding,
  entry,
  label,
}: {
  box: NodeBox;
  external: ExternalDoc;
  lang: string;
  selected: boolean;
  finding: { severity: string; count: number } | undefined;
  entry: boolean;
  label: string;
}) {
  const name = localText(external.name, lang, external.id);
  return (
    <g transform={`translate(${box.x} ${box.y})`}>
      {/* biome-ignore lint/a11y/useSemanticElements: SVG has no <button>; a focusable <g> is the way */}
      <g
        className={`node external${selected ? " selected" : ""}${entry ? " entry" : ""}`}
        data-kind="external"
        data-id={external.id}
        tabIndex={0}
        role="button"
        aria-label={name}
        aria-pressed={selected}
      >
        <rect
          className="focus-ring"
          x={-4}
          y={-4}
          width={box.w + 8}
          height={box.h + 8}
          rx={30}
          stroke="none"
          fill="none"
        />
        <rect className="frame" width={box.w} height={box.h} rx={26} />
        <text className="title" x={box.w / 2} y={24} textAnchor="middle">
          {clip(name, 18)}
        </text>
        <text className="meta" x={box.w / 2} y={40} textAnchor="middle" fontSize={10} fill="#55606e">
          {external.kind ?? ""}
        </text>
      </g>
      {finding ? (
        <Issue x={box.w - 10} y={0} severity={finding.severity} count={finding.count} label={label} />
      ) : null}
    </g>
  );
}

const shortControl: Record<string, string> = {
  firewall: "FW",
  vpn: "VPN",
  mfa: "MFA",
  "jump-host": "JH",
  "allow-listing": "AL",
  encryption: "ENC",
  authentication: "AUTH",
  logging: "LOG",
  monitoring: "IDS",
  "time-limited-access": "TIME",
  approval: "APPR",
  "session-recording": "REC",
  "malware-scanning": "AV",
  "protocol-break": "PB",
};

function ConduitEdge({
  conduit,
  from,
  to,
  offset,
  selected,
  hops,
  cut,
  dimmed,
  finding,
  controlLabel,
  labels,
}: {
  conduit: ConduitDoc;
  from: NodeBox;
  to: NodeBox;
  offset: number;
  selected: boolean;
  hops: number[] | undefined;
  cut: boolean;
  dimmed: boolean;
  finding: { severity: string; count: number } | undefined;
  controlLabel(type: string): string;
  labels: { conduit: string; direction: string; findings: string; cut: string };
}) {
  const fc = { x: from.x + from.w / 2, y: from.y + from.h / 2 };
  const tc = { x: to.x + to.w / 2, y: to.y + to.h / 2 };
  const dx = tc.x - fc.x;
  const dy = tc.y - fc.y;
  const length = Math.hypot(dx, dy) || 1;
  const nx = -dy / length;
  const ny = dx / length;
  const control = { x: (fc.x + tc.x) / 2 + nx * offset, y: (fc.y + tc.y) / 2 + ny * offset };
  const a = borderPoint(from, control);
  const b = borderPoint(to, control);
  const mid = { x: 0.25 * a.x + 0.5 * control.x + 0.25 * b.x, y: 0.25 * a.y + 0.5 * control.y + 0.25 * b.y };
  const d = `M ${a.x} ${a.y} Q ${control.x} ${control.y} ${b.x} ${b.y}`;
  const protocols = (conduit.protocols ?? []).map((p) => p.protocol);
  const protocolText = clip(protocols.slice(0, 3).join(", ") + (protocols.length > 3 ? "…" : ""), 30);
  const controls = conduit.controls ?? [];
  const marker =
    conduit.direction === "data-diode"
      ? "url(#diode)"
      : conduit.direction === "one-way"
        ? "url(#arrow)"
        : undefined;
  const classes = ["conduit"];
  if (selected) classes.push("selected");
  if (hops) classes.push("on-path");
  if (cut) classes.push("cut");
  if (dimmed && !hops) classes.push("dimmed");
  const badgeWidth = (type: string) => (shortControl[type] ?? type).length * 7 + 8;
  const total = controls.reduce((sum, c) => sum + badgeWidth(c.type) + 3, 0);
  const labelW = Math.max(protocolText.length * 6 + 12, total + 8, 40);
  return (
    // biome-ignore lint/a11y/useSemanticElements: SVG has no <button>; a focusable <g> is the way
    <g
      className={classes.join(" ")}
      data-kind="conduit"
      data-id={conduit.id}
      tabIndex={0}
      role="button"
      aria-pressed={selected}
      aria-label={`${labels.conduit} ${conduit.id}: ${labels.direction}`}
    >
      <path className="hit" d={d} />
      <path className="line" d={d} markerEnd={marker} />
      <g
        className="label"
        transform={`translate(${mid.x - labelW / 2} ${mid.y - (controls.length ? 20 : 10)})`}
      >
        <rect width={labelW} height={controls.length ? 38 : 20} rx={4} />
        <text x={labelW / 2} y={14} textAnchor="middle">
          {protocolText || conduit.id}
        </text>
        {(() => {
          let x = 4;
          return controls.map((c) => {
            const w = badgeWidth(c.type);
            const at = x;
            x += w + 3;
            return (
              <g
                key={`${c.type}-${c.status ?? ""}-${at}`}
                className={`badge-control${c.status === "planned" ? " planned" : ""}`}
                transform={`translate(${at} 20)`}
              >
                <title>{controlLabel(c.type)}</title>
                <rect width={w} height={15} rx={3} />
                <text x={w / 2} y={11} textAnchor="middle">
                  {shortControl[c.type] ?? c.type}
                </text>
              </g>
            );
          });
        })()}
      </g>
      {hops?.length ? (
        <g className="hop" transform={`translate(${mid.x - labelW / 2 - 26} ${mid.y - 11})`}>
          <rect width={22} height={22} rx={11} />
          <text x={11} y={15} textAnchor="middle">
            {hops.join(",")}
          </text>
        </g>
      ) : null}
      {cut ? (
        <g className="cut-mark" transform={`translate(${mid.x + labelW / 2 + 4} ${mid.y + 4})`}>
          <title>{labels.cut}</title>
          <text>✂</text>
        </g>
      ) : null}
      {finding ? (
        <Issue
          x={mid.x + labelW / 2}
          y={mid.y - 20}
          severity={finding.severity}
          count={finding.count}
          label={labels.findings}
        />
      ) : null}
    </g>
  );
}

type Drag =
  | { mode: "pan"; startX: number; startY: number; originX: number; originY: number; moved: boolean }
  | {
      mode: "node";
      id: string;
      startX: number;
      startY: number;
      originX: number;
      originY: number;
      moved: boolean;
    }
  | { mode: "connect"; from: string; x: number; y: number; moved: boolean }
  | { mode: "click"; target: Selection | undefined; startX: number; startY: number; moved: boolean };

export function DiagramCanvas(props: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { boxes, zones, externals, assets, conduits, selection, marks, connecting } = props;
  const svgRef = useRef<SVGSVGElement>(null);
  const viewRef = useRef<SVGGElement>(null);
  const view = useRef({ x: 20, y: 20, scale: 1 });
  const drag = useRef<Drag | undefined>(undefined);
  const [rubber, setRubber] = useState<{ from: string; x: number; y: number } | undefined>();
  const callbacks = useRef(props);
  callbacks.current = props;

  const apply = useCallback(() => {
    const { x, y, scale } = view.current;
    viewRef.current?.setAttribute("transform", `translate(${x} ${y}) scale(${scale})`);
  }, []);

  const fitView = useCallback(
    (readable = false, only?: readonly string[]) => {
      const svg = svgRef.current;
      if (!svg || boxes.size === 0) return;
      const chosen = only?.length ? only.flatMap((id) => boxes.get(id) ?? []) : [...boxes.values()];
      if (chosen.length === 0) return;
      let minX = Number.POSITIVE_INFINITY;
      let minY = Number.POSITIVE_INFINITY;
      let maxX = Number.NEGATIVE_INFINITY;
      let maxY = Number.NEGATIVE_INFINITY;
      for (const b of chosen) {
        minX = Math.min(minX, b.x);
        minY = Math.min(minY, b.y);
        maxX = Math.max(maxX, b.x + b.w);
        maxY = Math.max(maxY, b.y + b.h);
      }
      const { width, height } = svg.getBoundingClientRect();
      const whole = Math.min((width - 40) / (maxX - minX), (height - 40) / (maxY - minY));
      // The first view stays readable: below this scale it starts at the top left instead of showing all.
      const scale = Math.min(1.2, Math.max(readable ? 0.45 : 0.05, whole));
      view.current = {
        scale,
        x: scale > whole ? 20 - minX * scale : (width - (maxX - minX) * scale) / 2 - minX * scale,
        y: 20 - minY * scale,
      };
      apply();
    },
    [boxes, apply],
  );

  const zoom = useCallback(
    (factor: number, at?: { x: number; y: number }) => {
      const svg = svgRef.current;
      if (!svg) return;
      const rect = svg.getBoundingClientRect();
      const px = at ? at.x : rect.width / 2;
      const py = at ? at.y : rect.height / 2;
      const v = view.current;
      const scale = Math.min(4, Math.max(0.05, v.scale * factor));
      view.current = {
        scale,
        x: px - ((px - v.x) * scale) / v.scale,
        y: py - ((py - v.y) * scale) / v.scale,
      };
      apply();
    },
    [apply],
  );

  useImperativeHandle(
    props.handle,
    () => ({ fitView, zoom: (f: number) => zoom(f), svg: () => svgRef.current }),
    [fitView, zoom],
  );

  const fitted = useRef(false);
  useEffect(() => {
    if (!fitted.current && boxes.size > 0) {
      fitted.current = true;
      fitView(true);
    }
  }, [boxes, fitView]);

  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const rect = svg.getBoundingClientRect();
      zoom(event.deltaY < 0 ? 1.15 : 1 / 1.15, { x: event.clientX - rect.left, y: event.clientY - rect.top });
    };
    svg.addEventListener("wheel", onWheel, { passive: false });
    return () => svg.removeEventListener("wheel", onWheel);
  }, [zoom]);

  const toModel = (clientX: number, clientY: number) => {
    const rect = svgRef.current?.getBoundingClientRect();
    const v = view.current;
    return {
      x: (clientX - (rect?.left ?? 0) - v.x) / v.scale,
      y: (clientY - (rect?.top ?? 0) - v.y) / v.scale,
    };
  };

  const hit = (element: EventTarget | null): { kind: string; id: string; action?: string } | undefined => {
    const node = (element as Element | null)?.closest?.("[data-id]");
    if (!node) return undefined;
    const id = node.getAttribute("data-id") ?? "";
    const action = node.getAttribute("data-action") ?? undefined;
    return { kind: node.getAttribute("data-kind") ?? "", id, ...(action ? { action } : {}) };
  };

  /** In connect mode an asset stands for its zone. */
  const endpoint = (element: EventTarget | null) => {
    const target = hit(element);
    if (target?.kind !== "asset") return target;
    const zone = (element as Element).closest("[data-zone]")?.getAttribute("data-zone");
    return zone ? { kind: "zone", id: zone } : undefined;
  };

  const onPointerDown = (event: React.PointerEvent<SVGSVGElement>) => {
    if (event.button !== 0) return;
    const target = callbacks.current.connecting ? endpoint(event.target) : hit(event.target);
    if (target?.action === "toggle") return; // handled on click
    svgRef.current?.setPointerCapture(event.pointerId);
    if (target && (target.kind === "zone" || target.kind === "external")) {
      if (callbacks.current.connecting) {
        const p = toModel(event.clientX, event.clientY);
        drag.current = { mode: "connect", from: target.id, x: p.x, y: p.y, moved: false };
        setRubber({ from: target.id, x: p.x, y: p.y });
        return;
      }
      const box = boxes.get(target.id);
      if (!box) return;
      drag.current = {
        mode: "node",
        id: target.id,
        startX: event.clientX,
        startY: event.clientY,
        originX: box.x,
        originY: box.y,
        moved: false,
      };
      return;
    }
    if (target && (target.kind === "asset" || target.kind === "conduit")) {
      drag.current = {
        mode: "click",
        target: { kind: target.kind, id: target.id },
        startX: event.clientX,
        startY: event.clientY,
        moved: false,
      };
      return;
    }
    const v = view.current;
    drag.current = {
      mode: "pan",
      startX: event.clientX,
      startY: event.clientY,
      originX: v.x,
      originY: v.y,
      moved: false,
    };
  };

  const onPointerMove = (event: React.PointerEvent<SVGSVGElement>) => {
    const d = drag.current;
    if (!d) return;
    if (d.mode === "connect") {
      const p = toModel(event.clientX, event.clientY);
      d.x = p.x;
      d.y = p.y;
      d.moved = true;
      setRubber({ from: d.from, x: p.x, y: p.y });
      return;
    }
    const dx = event.clientX - d.startX;
    const dy = event.clientY - d.startY;
    if (!d.moved && Math.hypot(dx, dy) < 4) return;
    d.moved = true;
    if (d.mode === "pan") {
      view.current = { ...view.current, x: d.originX + dx, y: d.originY + dy };
      apply();
    } else if (d.mode === "node") {
      const s = view.current.scale;
      callbacks.current.onMove(d.id, { x: d.originX + dx / s, y: d.originY + dy / s }, false);
    }
  };

  const onPointerUp = (event: React.PointerEvent<SVGSVGElement>) => {
    const d = drag.current;
    drag.current = undefined;
    if (!d) return;
    if (d.mode === "connect") {
      setRubber(undefined);
      const element = document.elementFromPoint(event.clientX, event.clientY);
      const target = endpoint(element);
      if (target && (target.kind === "zone" || target.kind === "external") && target.id !== d.from)
        callbacks.current.onConnect(d.from, target.id);
      return;
    }
    if (d.mode === "node") {
      if (d.moved) {
        const s = view.current.scale;
        callbacks.current.onMove(
          d.id,
          { x: d.originX + (event.clientX - d.startX) / s, y: d.originY + (event.clientY - d.startY) / s },
          true,
        );
      } else {
        const kind = zones.has(d.id) ? "zone" : "external";
        callbacks.current.onSelect({ kind, id: d.id });
      }
      return;
    }
    if (d.mode === "click" && !d.moved) return callbacks.current.onSelect(d.target);
    if (d.mode === "pan" && !d.moved) callbacks.current.onSelect(undefined);
  };

  const onClick = (event: React.MouseEvent<SVGSVGElement>) => {
    const target = hit(event.target);
    if (target?.action === "toggle") callbacks.current.onToggle(target.id);
  };

  /** Keyboard focus on something outside the visible part pans it into view. */
  const onFocus = (event: React.FocusEvent<SVGSVGElement>) => {
    const svg = svgRef.current;
    const element = event.target as Element;
    if (!svg || element === svg) return;
    const outer = svg.getBoundingClientRect();
    const inner = element.getBoundingClientRect();
    const margin = 24;
    let dx = 0;
    let dy = 0;
    if (inner.left < outer.left + margin) dx = outer.left + margin - inner.left;
    else if (inner.right > outer.right - margin)
      dx = Math.max(outer.right - margin - inner.right, outer.left + margin - inner.left);
    if (inner.top < outer.top + margin) dy = outer.top + margin - inner.top;
    else if (inner.bottom > outer.bottom - margin)
      dy = Math.max(outer.bottom - margin - inner.bottom, outer.top + margin - inner.top);
    if (dx || dy) {
      view.current = { ...view.current, x: view.current.x + dx, y: view.current.y + dy };
      apply();
    }
  };

  const onKeyDown = (event: React.KeyboardEvent<SVGSVGElement>) => {
    const target = hit(event.target);
    if (event.key === "+" || event.key === "=") return zoom(1.2);
    if (event.key === "-") return zoom(1 / 1.2);
    if (!target) return;
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      if (target.action === "toggle") return callbacks.current.onToggle(target.id);
      return callbacks.current.onSelect({ kind: target.kind as Selection["kind"], id: target.id });
    }
    const step = event.shiftKey ? 5 : 20;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, -step],
      ArrowDown: [0, step],
    };
    const move = moves[event.key];
    if (move && !target.action && (target.kind === "zone" || target.kind === "external")) {
      event.preventDefault();
      const box = boxes.get(target.id);
      if (box) callbacks.current.onMove(target.id, { x: box.x + move[0], y: box.y + move[1] }, true);
    }
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: the labels change with the language
  const labels = useMemo(
    () => ({
      expand: t("results.diagram.expand"),
      collapse: t("results.diagram.collapse"),
      assets: t("results.diagram.assetCount", { n: "{n}" }),
      findings: t("results.diagram.findingsMark"),
      gaps: t("results.diagram.gapsMark"),
    }),
    [t, lang],
  );
  const edgeLabels = (c: ConduitDoc) => ({
    conduit: t("results.diagram.conduit"),
    direction: t(`results.direction.${c.direction}`),
    findings: labels.findings,
    cut: t("results.paths.cut"),
  });

  // Parallel conduits between the same two nodes bend apart.
  const pairIndex = new Map<string, number>();
  const edges: ReactNode[] = [];
  for (const conduit of conduits) {
    const from = boxes.get(conduit.from);
    const to = boxes.get(conduit.to);
    if (!from || !to || from === to) continue;
    const key = [conduit.from, conduit.to].sort().join("|");
    const n = pairIndex.get(key) ?? 0;
    pairIndex.set(key, n + 1);
    const offset = n === 0 ? 0 : (n % 2 === 1 ? 1 : -1) * Math.ceil(n / 2) * 60;
    edges.push(
      <ConduitEdge
        key={conduit.id}
        conduit={conduit}
        from={from}
        to={to}
        offset={conduit.from < conduit.to ? offset : -offset}
        selected={selection?.kind === "conduit" && selection.id === conduit.id}
        hops={marks.hops.get(conduit.id)}
        cut={marks.cut.has(conduit.id)}
        dimmed={marks.pathActive}
        finding={marks.findings.get(conduit.id)}
        controlLabel={props.controlLabel}
        labels={edgeLabels(conduit)}
      />,
    );
  }

  const selectedId = selection?.id;
  const rubberFrom = rubber ? boxes.get(rubber.from) : undefined;

  return (
    // biome-ignore lint/a11y/useSemanticElements: the drawing is a group of controls, not a fieldset
    <svg
      ref={svgRef}
      className="dg diagram-canvas"
      xmlns="http://www.w3.org/2000/svg"
      role="group"
      aria-label={t("results.diagram.canvasLabel")}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onClick={onClick}
      onKeyDown={onKeyDown}
      onFocus={onFocus}
      data-connecting={connecting || undefined}
    >
      <style>{diagramCss}</style>
      <defs>
        <marker
          id="arrow"
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="8"
          markerHeight="8"
          orient="auto-start-reverse"
        >
          <path d="M 0 0 L 10 5 L 0 10 z" fill="#55606e" />
        </marker>
        <marker
          id="diode"
          viewBox="0 0 12 12"
          refX="11"
          refY="6"
          markerWidth="10"
          markerHeight="10"
          orient="auto"
        >
          <path d="M 0 0 L 10 6 L 0 12 z" fill="#2e7d32" />
          <path d="M 11 0 L 11 12" stroke="#2e7d32" strokeWidth="2" />
        </marker>
      </defs>
      <rect className="background" x={-1e5} y={-1e5} width={2e5} height={2e5} fill="transparent" />
      <g ref={viewRef} className="viewport">
        <g className="zones">
          {[...boxes.values()].map((box) => {
            if (box.kind === "zone") {
              const zone = zones.get(box.id);
              if (!zone) return null;
              const inside =
                selectedId && (selectedId === zone.id || zone.assets?.includes(selectedId))
                  ? selectedId
                  : undefined;
              return (
                <ZoneNode
                  key={box.id}
                  box={box}
                  zone={zone}
                  assets={assets}
                  lang={lang}
                  selected={inside}
                  finding={marks.findings.get(zone.id)}
                  findingsOfAssets={box.collapsed ? undefined : marks.findings}
                  gaps={marks.gaps.get(zone.id)}
                  target={marks.targets.has(zone.id)}
                  targetAssets={marks.targets.size ? marks.targets : undefined}
                  labels={labels}
                />
              );
            }
            const external = externals.get(box.id);
            if (!external) return null;
            return (
              <ExternalNode
                key={box.id}
                box={box}
                external={external}
                lang={lang}
                selected={selectedId === box.id}
                finding={marks.findings.get(box.id)}
                entry={marks.entries.has(box.id)}
                label={labels.findings}
              />
            );
          })}
        </g>
        <g className="conduits">{edges}</g>
        {rubber && rubberFrom ? (
          <line
            className="rubber"
            x1={rubberFrom.x + rubberFrom.w / 2}
            y1={rubberFrom.y + rubberFrom.h / 2}
            x2={rubber.x}
            y2={rubber.y}
          />
        ) : null}
      </g>
    </svg>
  );
}
