// Reads Argdown on standard input with Argdown's own parser (@argdown/core, pinned in package.json) and writes
// what it understood as JSON: each statement's text by title, each argument's premises and conclusion, each
// relation, and any parser errors. tests/test_interchange_argdown.py compares this with argmap's reader.
import { readFileSync } from "node:fs";
import { ArgdownApplication, ParserPlugin, DataPlugin, ModelPlugin } from "@argdown/core";

const app = new ArgdownApplication();
app.addPlugin(new ParserPlugin(), "parse-input");
app.addPlugin(new DataPlugin(), "build-model");
app.addPlugin(new ModelPlugin(), "build-model");
const input = readFileSync(0, "utf-8");
// A file the parser refuses has no model to build: its errors are the answer.
const parsed = app.run({ input, process: ["parse-input"], logLevel: "none", throwExceptions: true });
const refused = [...(parsed.lexerErrors || []), ...(parsed.parserErrors || [])];
if (refused.length > 0) {
  process.stdout.write(JSON.stringify({ errors: refused.map((error) => String(error.message)) }));
  process.exit(0);
}
const response = app.run({ input, process: ["parse-input", "build-model"], logLevel: "none", throwExceptions: true });
const statements = {};
for (const [title, ec] of Object.entries(response.statements || {})) {
  statements[title] = {
    texts: (ec.members || []).map((member) => member.text).filter((text) => text !== undefined && text !== ""),
    tags: ec.tags || [],
  };
}
const args = {};
for (const [title, argument] of Object.entries(response.arguments || {})) {
  args[title] = {
    pcs: (argument.pcs || []).map((member) => ({ title: member.title, role: member.role, text: member.text })),
  };
}
const relations = (response.relations || []).map((relation) => ({
  from: relation.from.title,
  fromType: relation.from.type,
  to: relation.to.title,
  toType: relation.to.type,
  type: relation.relationType,
}));
process.stdout.write(
  JSON.stringify({ frontMatter: response.frontMatter ?? null, statements, arguments: args, relations, errors: [] }),
);
