import type { NodeBox } from "./layout";

/** The diagram as a self-contained SVG document (its styles are inside it), framed around the content. */
export function svgDocument(
  svg: SVGSVGElement,
  boxes: Map<string, NodeBox>,
): { text: string; width: number; height: number } {
  let minX = 0;
  let minY = 0;
  let maxX = 100;
  let maxY = 100;
  if (boxes.size) {
    minX = Math.min(...[...boxes.values()].map((b) => b.x));
    minY = Math.min(...[...boxes.values()].map((b) => b.y));
    maxX = Math.max(...[...boxes.values()].map((b) => b.x + b.w));
    maxY = Math.max(...[...boxes.values()].map((b) => b.y + b.h));
  }
  const margin = 40;
  const width = Math.ceil(maxX - minX + 2 * margin);
  const height = Math.ceil(maxY - minY + 2 * margin);
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  clone.setAttribute("width", String(width));
  clone.setAttribute("height", String(height));
  clone.setAttribute("viewBox", `${minX - margin} ${minY - margin} ${width} ${height}`);
  clone.removeAttribute("class");
  clone.setAttribute("class", "dg");
  clone.querySelector(".viewport")?.removeAttribute("transform");
  clone.querySelector(".background")?.setAttribute("fill", "#ffffff");
  for (const element of clone.querySelectorAll("[tabindex]")) element.removeAttribute("tabindex");
  return {
    text: `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}`,
    width,
    height,
  };
}

function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function downloadSvg(svg: SVGSVGElement, boxes: Map<string, NodeBox>, name: string): void {
  download(new Blob([svgDocument(svg, boxes).text], { type: "image/svg+xml" }), `${name}.svg`);
}

/** Draws the SVG on a canvas (twice the size, capped for very large sites) and saves it as PNG. */
export async function downloadPng(
  svg: SVGSVGElement,
  boxes: Map<string, NodeBox>,
  name: string,
): Promise<void> {
  const { text, width, height } = svgDocument(svg, boxes);
  const url = URL.createObjectURL(new Blob([text], { type: "image/svg+xml" }));
  try {
    const image = new Image();
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error("svg"));
      image.src = url;
    });
    const scale = Math.min(2, 16000 / Math.max(width, height));
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const context = canvas.getContext("2d");
    if (!context) return;
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/png"));
    if (blob) download(blob, `${name}.png`);
  } finally {
    URL.revokeObjectURL(url);
  }
}
