// Compiles bench/ledger/book.typ over a generated data folder with Typst 0.14 (npm
// @myriaddreamin/typst-ts-node-compiler, installed by bench/ledger.sh into bench/.cache). Usage:
//   node typst.js MODULE_DIR DATA_DIR OUT.pdf
const fs = require("fs");
const path = require("path");
const [moduleDir, dataDir, out] = process.argv.slice(2);
const { NodeCompiler } = require(path.join(moduleDir, "node_modules/@myriaddreamin/typst-ts-node-compiler"));
const files = fs.readdirSync(dataDir).filter((f) => f.startsWith("meetings-")).sort();
const compiler = NodeCompiler.create({
  workspace: dataDir,
  fontArgs: [{ fontPaths: ["/usr/share/fonts/truetype/arphic"] }],
});
const main = fs.readFileSync(path.join(__dirname, "book.typ"), "utf8");
const args = { mainFileContent: main, inputs: { files: files.map((f) => "/" + f).join(",") } };
const result = compiler.compile(args);
if (!result.result) {
  console.error(JSON.stringify(compiler.fetchDiagnostics(result.takeDiagnostics()), null, 1));
  process.exit(1);
}
fs.writeFileSync(out, compiler.pdf(result.result));
