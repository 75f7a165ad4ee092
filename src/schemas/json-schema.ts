import { z } from "zod";
import { type DocumentKind, documentSchemas } from "./validate.js";

/**
 * The JSON Schema of each document kind, generated from the same zod schema that validates, so editors
 * (VS Code with the YAML extension, JetBrains) complete and check model files. Committed under schema/;
 * a test keeps the committed files equal to this output.
 */
export function jsonSchemaFor(kind: DocumentKind): Record<string, unknown> {
  const generated = z.toJSONSchema(documentSchemas[kind], {
    target: "draft-2020-12",
    io: "input",
    unrepresentable: "any",
    reused: "inline",
  });
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: `https://mamori.dev/schema/${kind}.schema.json`,
    title: kind === "site" ? "Mamori site" : "Mamori product",
    ...Object.fromEntries(Object.entries(generated).filter(([key]) => key !== "$schema")),
  };
}

export function jsonSchemaText(kind: DocumentKind): string {
  return `${JSON.stringify(jsonSchemaFor(kind), null, 2)}\n`;
}
