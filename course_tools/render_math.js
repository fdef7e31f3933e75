// Renders TeX to MathJax 3 CommonHTML with assistive MathML, in one Node process per batch.
// Used by course_tools/prerendered_math.py (the book's math, rendered when the book is built).
//
// stdin: {"formulas": [{"tex": "...", "display": true}, ...],
//         "usage": [usage of every formula the stylesheet must cover, rendered now or earlier]}
// stdout: {"rendered": [{"html": "<mjx-container ...>", "usage": {...}} | {"error": "..."}, ...],
//          "css": "the stylesheet for every formula in `usage` and in `formulas`"}
//
// MathJax's CommonHTML stylesheet is adaptive: it holds the rules of the characters, stretchy
// delimiters and layout elements (wrappers) that the formulas use. Each formula's usage is
// recorded on its own, so that a formula rendered in an earlier build (its HTML kept in the
// cache) still gets its rules: the stylesheet is made from the usage of every formula of the
// book, replayed in a sorted order (the same set gives the same stylesheet).
"use strict";

const path = require("path");
const MATHJAX = path.dirname(require.resolve("mathjax/package.json"));

// The TeX packages the book may use. Not `noundefined` or `noerrors`: an unknown macro or a TeX
// error is reported (the build fails) instead of being shown in red on the page; not `require`
// or `autoload`: nothing is loaded while rendering.
const PACKAGES = ["base", "ams", "newcommand", "configmacros", "boldsymbol", "braket", "cancel", "cases",
  "color", "mathtools", "upgreek", "unicode", "bbox", "enclose"];
const FONT_URL = "mathjax-fonts"; // relative to the stylesheet, which the book serves from _static/

function readStdin() {
  return new Promise((resolve, reject) => {
    const chunks = [];
    process.stdin.on("data", (chunk) => chunks.push(chunk));
    process.stdin.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    process.stdin.on("error", reject);
  });
}

function usageOf(output) {
  // MathJax's Usage objects keep the items used, as JSON strings, in `used`.
  return {
    wrappers: [...output.wrapperUsage.used].sort(),
    chars: [...output.font.charUsage.used].sort(),
    delimiters: [...output.font.delimUsage.used].sort(),
  };
}

function clearUsage(output) {
  output.wrapperUsage.clear();
  output.font.charUsage.clear();
  output.font.delimUsage.clear();
}

async function main() {
  const request = JSON.parse(await readStdin());
  const MathJax = await require(path.join(MATHJAX, "es5", "node-main.js")).init({
    loader: { load: ["input/tex-full", "output/chtml", "adaptors/liteDOM", "a11y/assistive-mml"] },
    tex: {
      packages: PACKAGES,
      formatError: (jax, error) => { throw error; },
    },
    // The scale is left to the stylesheet (font-size: calc(1ex / 0.442)), which matches the
    // x-height of the reader's font as MathJax does in the browser (matchFontHeight).
    chtml: { fontURL: FONT_URL, adaptiveCSS: true, matchFontHeight: false },
    options: { enableAssistiveMml: true },
    startup: { typeset: false },
  });
  const adaptor = MathJax.startup.adaptor;
  const output = MathJax.startup.output;
  const rendered = [];
  for (const { tex, display } of request.formulas) {
    clearUsage(output);
    try {
      const node = MathJax.tex2chtml(tex, { display: Boolean(display), em: 16, ex: 8, containerWidth: 1280 });
      rendered.push({ html: adaptor.outerHTML(node), usage: usageOf(output) });
    } catch (error) {
      rendered.push({ error: String(error && error.message || error) });
    }
  }
  const all = { wrappers: new Set(), chars: new Set(), delimiters: new Set() };
  for (const usage of [...request.usage, ...rendered.map((r) => r.usage).filter(Boolean)]) {
    for (const kind of Object.keys(all)) usage[kind].forEach((item) => all[kind].add(item));
  }
  clearUsage(output);
  for (const item of [...all.wrappers].sort()) output.wrapperUsage.add(JSON.parse(item));
  for (const item of [...all.chars].sort()) output.font.charUsage.add(JSON.parse(item));
  for (const item of [...all.delimiters].sort()) output.font.delimUsage.add(JSON.parse(item));
  const css = adaptor.textContent(MathJax.chtmlStylesheet());
  process.stdout.write(JSON.stringify({ rendered, css }));
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack || error) + "\n");
  process.exit(1);
});
