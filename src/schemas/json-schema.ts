import { z } from "zod";
import { AnalysisReport } from "../analysis/report.js";
import { type DocumentKind, documentSchemas } from "../model/validate.js";

/**
 * The published JSON Schemas: each document kind, generated from the same zod schema that validates, so
 * editors (VS Code with the YAML extension, JetBrains) complete and check model files; and the analysis
 * output, the contract of `mamori analyze --format json`. Committed under schema/;
 * a test keeps the committed files equal to this output.
 */
export type SchemaKind = DocumentKind | "analysis";
const titles: Record<SchemaKind, string> = {
  site: "Mamori site",
  product: "Mamori product",
  analysis: "Mamori analysis",
};

export function jsonSchemaFor(kind: SchemaKind): Record<string, unknown> {
  const schema = kind === "analysis" ? AnalysisReport : documentSchemas[kind];
  const generated = z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io: "input",
    unrepresentable: "any",
    reused: "inline",
  });
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: `https://mamori.dev/schema/${kind}.schema.json`,
    title: titles[kind],
    ...Object.fromEntries(Object.entries(generated).filter(([key]) => key !== "$schema")),
  };
}

export function jsonSchemaText(kind: SchemaKind): string {
  return `${JSON.stringify(jsonSchemaFor(kind), null, 2)}\n`;
}
