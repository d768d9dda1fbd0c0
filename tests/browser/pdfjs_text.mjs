// Opens PDF files with pdf.js (pdfjs-dist, the reader inside Firefox and many web viewers) and prints,
// for each file, its page count and the text of every page as pdf.js extracts it, as one JSON line:
//   {"file": "…", "pages": N, "text": ["page 1 text", …], "warnings": ["…"]}
// A file pdf.js cannot open prints {"file": "…", "error": "…"}. tests/e2e/pdfjs_open.sh compares the
// text with poppler's (pdftotext) page by page: dangan writes its PDFs itself (docs/pdf-writer.md), so a
// second, independent reader must agree on what each page says.
//   node pdfjs_text.mjs FILE.pdf…
import { readFile } from "node:fs/promises";
import { getDocument, VerbosityLevel } from "pdfjs-dist/legacy/build/pdf.mjs";

const warnings = [];
// pdf.js reports recoverable problems in the file (a bad xref, a broken font) through console.log
// with a "Warning:" prefix; collect them per file instead of letting them scroll past.
const log = console.log;
console.log = (...args) => {
  const line = args.join(" ");
  if (line.startsWith("Warning:")) warnings.push(line);
  else log(...args);
};

for (const file of process.argv.slice(2)) {
  warnings.length = 0;
  try {
    const data = new Uint8Array(await readFile(file));
    const doc = await getDocument({ data, verbosity: VerbosityLevel.WARNINGS, useSystemFonts: false, disableFontFace: true, isEvalSupported: false })
      .promise;
    const text = [];
    for (let n = 1; n <= doc.numPages; ++n) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      text.push(content.items.map((item) => item.str ?? "").join(""));
      page.cleanup();
    }
    log(JSON.stringify({ file, pages: doc.numPages, text, warnings: [...warnings] }));
    await doc.destroy();
  } catch (error) {
    log(JSON.stringify({ file, error: String(error && error.message ? error.message : error) }));
  }
}
