// Builds casereview/static from npm packages and assets/: compiled CSS, GOV.UK JavaScript
// and images. Nothing third-party is committed; `npm ci && npm run build` recreates it.
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "casereview", "static");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "css"), { recursive: true });
mkdirSync(join(out, "js"), { recursive: true });

const css = sass.compile(join(root, "assets", "app.scss"), {
  style: "compressed",
  importers: [new sass.NodePackageImporter()],
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "css", "app.css"), css.css);
cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "js", "govuk-frontend.min.js"));
cpSync(join(root, "assets", "app.mjs"), join(out, "js", "app.mjs"));
cpSync(join(root, "assets", "feeds-upload.mjs"), join(out, "js", "feeds-upload.mjs"));
cpSync(join(govuk, "assets", "images"), join(out, "assets", "images"), { recursive: true });
cpSync(join(govuk, "assets", "manifest.json"), join(out, "assets", "manifest.json"));
// The service's own icon: GOV.UK Frontend's favicon is the crown, for GOV.UK's services only.
mkdirSync(join(out, "images"), { recursive: true });
cpSync(join(root, "assets", "favicon.ico"), join(out, "images", "favicon.ico"));
cpSync(join(root, "assets", "favicon.svg"), join(out, "images", "favicon.svg"));
console.log("Built", out);
