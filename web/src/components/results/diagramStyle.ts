/**
 * The diagram's styles live inside the SVG (a <style> element), so an exported SVG or PNG looks like the
 * screen without the page's stylesheet.
 */
export const diagramCss = `
.dg text { font-family: "Noto Sans JP", "Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic UI", system-ui, sans-serif; fill: #1c2430; }
.dg .zone > .frame { fill: #eef3f9; stroke: #1f4e79; stroke-width: 1.5; }
.dg .zone .title { font-weight: 700; font-size: 14px; }
.dg .zone .meta { font-size: 11px; fill: #55606e; }
.dg .external > .frame { fill: #fff8e8; stroke: #8a5a00; stroke-width: 1.5; stroke-dasharray: 6 3; }
.dg .external .title { font-size: 13px; font-weight: 700; }
.dg .asset > .frame { fill: #ffffff; stroke: #a9b3bf; }
.dg .asset text { font-size: 11px; }
.dg .toggle rect { fill: #ffffff; stroke: #1f4e79; }
.dg .toggle text { font-size: 13px; font-weight: 700; fill: #1f4e79; }
.dg .node { cursor: grab; }
.dg .node:focus { outline: none; }
.dg .node:focus-visible > .frame, .dg .toggle:focus-visible rect, .dg .conduit:focus-visible .line { stroke: #1c2430; stroke-width: 4; }
.dg .node:focus-visible > .focus-ring, .dg .toggle:focus-visible .focus-ring { stroke: #ffbf47; stroke-width: 8; fill: none; }
.dg .selected > .frame { stroke: #0b5cad; stroke-width: 3.5; }
.dg .conduit { cursor: pointer; }
.dg .conduit:focus { outline: none; }
.dg .conduit .line { fill: none; stroke: #55606e; stroke-width: 2; }
.dg .conduit .hit { fill: none; stroke: transparent; stroke-width: 14; }
.dg .conduit.selected .line { stroke: #0b5cad; stroke-width: 4; }
.dg .conduit.on-path .line { stroke: #a4161a; stroke-width: 4.5; }
.dg .conduit.dimmed .line { stroke: #c9cfd6; }
.dg .conduit.on-path.selected .line { stroke: #0b5cad; stroke-width: 6; }
.dg .conduit.cut .line { stroke-dasharray: 8 5; }
.dg .label rect { fill: #ffffff; stroke: #d3d8df; }
.dg .label text { font-size: 10.5px; }
.dg .badge-control rect { fill: #e3f1e6; stroke: #2e7d32; }
.dg .badge-control.planned rect { fill: #fff4d6; stroke: #8a5a00; stroke-dasharray: 3 2; }
.dg .badge-control text { font-size: 10px; font-weight: 700; fill: #1b5e20; }
.dg .badge-control.planned text { fill: #5c4300; }
.dg .hop rect { fill: #a4161a; }
.dg .hop text { fill: #ffffff; font-size: 11px; font-weight: 700; }
.dg .cut-mark text { fill: #a4161a; font-size: 12px; font-weight: 700; }
.dg .issue circle { stroke: #ffffff; stroke-width: 1.5; }
.dg .issue text { fill: #ffffff; font-size: 10px; font-weight: 700; }
.dg .sev-critical circle { fill: #7a0010; }
.dg .sev-high circle { fill: #b3261e; }
.dg .sev-medium circle { fill: #8a5a00; }
.dg .sev-low circle { fill: #3d5a80; }
.dg .gap circle { fill: #5c2d91; }
.dg .entry > .frame { stroke: #a4161a; stroke-width: 3.5; fill: #fdecec; }
.dg .target > .frame { stroke: #a4161a; stroke-width: 3.5; }
.dg .asset.target > .frame { fill: #fdecec; }
.dg .rubber { stroke: #0b5cad; stroke-width: 2.5; stroke-dasharray: 6 4; fill: none; pointer-events: none; }
`;
