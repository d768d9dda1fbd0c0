// The web app in a real browser (Debian's chromium, headless, driven by puppeteer-core): a secretary adds a
// meeting through the form, sees the finding for the field she left empty appear as she types, fills it in,
// saves, and downloads the year's ledger, which is checked with pdftotext; then the workbook, the 花名册, a
// 发展 step (a finding as the date is typed, corrected, saved), a 党费 cell, a 换届 step and the 换届 vote
// (candidates and counts), archive and audit. Run by tests/e2e/web_browser.sh:
//   node web_app.test.js BASE_URL DATA_DIR SCREENSHOT_DIR
"use strict";
const assert = require("assert");
const fs = require("fs");
const path = require("path");
const { execFileSync } = require("child_process");
const puppeteer = require("puppeteer-core");

const [base, dataDir, shots, newWorkbook] = process.argv.slice(2);

async function setValue(page, selector, value) {
  await page.$eval(selector, (el, v) => {
    el.value = v;
    el.dispatchEvent(new Event("input", { bubbles: true }));
    el.dispatchEvent(new Event("change", { bubbles: true }));
  }, value);
}

async function main() {
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    // The date pickers as a Chinese user's browser shows them (2025/12/30, not 12/30/2025): the browser's
    // language (needs Debian's chromium-l10n; without it chromium has only en-US) and the page's locale.
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--lang=zh-CN", "--accept-lang=zh-CN"],
    env: { ...process.env, LANGUAGE: "zh_CN:zh" },
  });
  try {
    const page = await browser.newPage();
    const cdp = await page.target().createCDPSession();
    await cdp.send("Emulation.setLocaleOverride", { locale: "zh-CN" });
    await page.setViewport({ width: 1280, height: 900 });
    page.setDefaultTimeout(20000);

    // 概览: the branch, the reminders and the check.
    await page.goto(base + "/", { waitUntil: "load" });
    assert.match(await page.title(), /概览/);
    const overview = await page.$eval("main", (m) => m.textContent);
    assert.match(overview, /工作提醒/);
    assert.match(overview, /错误 0 项/);
    await page.screenshot({ path: path.join(shots, "overview.png"), fullPage: false });

    // 会议记录: the list, then a new record.
    await page.goto(base + "/meetings", { waitUntil: "load" });
    const rows = await page.$$eval("#meetings tr", (r) => r.length);
    assert.ok(rows > 60, "the meetings list shows the sample year's records, got " + rows);
    await page.screenshot({ path: path.join(shots, "meetings.png") });
    await page.click("a[href='/meetings/new']");
    await page.waitForSelector("#meeting-form");

    await page.select("select[name=type]", "支部委员会");
    await setValue(page, "input[name=number]", "13");
    await setValue(page, "input[name=date]", "2025-12-30");
    await setValue(page, "input[name=start]", "09:00");
    await setValue(page, "input[name=end]", "10:30");
    await page.type("input[name=host]", "王建华");
    await page.type("input[name=recorder]", "陈静");
    await page.type("input[name=expected]", "5");
    for (const name of ["王建华", "张志强", "刘海涛", "陈静"]) await page.click(`input[name=present][value="${name}"]`);
    await page.type("textarea[name=absent]", "赵明：外出培训");
    await page.type("textarea[name=agenda]", "研究年终总结");
    await page.type("textarea[name=content]", "王建华：通报全年工作完成情况，部署年终总结。");
    await page.type("textarea[name=resolutions]", "同意年终总结报告，报机关党委。");

    // The place is left empty: the live check names it beside the field.
    await page.waitForSelector('#finding-list li[data-field="place"]');
    assert.ok(await page.$('label[data-field="place"].has-finding'), "the place field is marked");
    const finding = await page.$eval('#finding-list li[data-field="place"]', (li) => li.textContent);
    assert.match(finding, /地点/);
    await page.screenshot({ path: path.join(shots, "form-finding.png"), fullPage: true });

    // Filled in, the finding goes away; saved, the record is in the data folder as the command line reads it.
    await page.type("input[name=place]", "机关三楼党员活动室");
    await page.waitForFunction(() => !document.querySelector('#finding-list li[data-field="place"]'));
    await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click("#save")]);
    const saved = await page.$eval("#saved", (p) => p.textContent);
    assert.match(saved, /已保存到 meetings\/web-2025\.json/);
    await page.screenshot({ path: path.join(shots, "saved.png") });

    const file = JSON.parse(fs.readFileSync(path.join(dataDir, "meetings", "web-2025.json"), "utf8"));
    assert.strictEqual(file.kind, "meetings");
    const record = file.records[0];
    assert.strictEqual(record.place, "机关三楼党员活动室");
    assert.strictEqual(record.date, "2025-12-30");
    assert.deepStrictEqual([...record.attendance.present].sort(), ["王建华", "张志强", "刘海涛", "陈静"].sort());
    assert.deepStrictEqual(record.attendance.absent, [{ name: "赵明", reason: "外出培训" }]);
    assert.deepStrictEqual(record.content, [{ speaker: "王建华", text: "通报全年工作完成情况，部署年终总结。" }]);

    // The ledger of the year, downloaded as the browser would, holds the new record.
    const bytes = await page.evaluate(async () => {
      const r = await fetch("/render?year=2025&kind=" + encodeURIComponent("支部委员会"));
      if (r.headers.get("content-type") !== "application/pdf") return "not a pdf: " + (await r.text());
      return Array.from(new Uint8Array(await r.arrayBuffer()));
    });
    assert.ok(Array.isArray(bytes), String(bytes));
    const pdf = path.join(shots, "ledger.pdf");
    fs.writeFileSync(pdf, Buffer.from(bytes));
    const text = execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" });
    assert.match(text, /研究年终总结/);
    assert.match(text, /支部委员会会议记录/);

    // 台账工作簿: the download is the branch as 台账.xlsx; uploaded back, every meeting would be there twice,
    // so it is refused with the reasons; a workbook of new meetings is confirmed and then added.
    await page.goto(base + "/workbook", { waitUntil: "load" });
    await page.screenshot({ path: path.join(shots, "workbook.png") });
    const xlsx = await page.evaluate(async () => {
      const r = await fetch("/workbook/download");
      return { type: r.headers.get("content-type"), disposition: r.headers.get("content-disposition"),
               bytes: Array.from(new Uint8Array(await r.arrayBuffer())) };
    });
    assert.match(xlsx.type, /spreadsheetml/);
    assert.match(xlsx.disposition, /attachment/);
    const exported = path.join(dataDir, "..", "台账.xlsx");  // beside the data folder, in the test's temporary folder
    fs.writeFileSync(exported, Buffer.from(xlsx.bytes));
    assert.strictEqual(Buffer.from(xlsx.bytes).subarray(0, 2).toString(), "PK");
    const upload = async (file) => {
      const input = await page.$("#upload-file");
      await input.uploadFile(file);
      await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click("#upload")]);
    };
    await upload(exported);
    const refused = await page.$eval("#upload-problems", (ul) => ul.textContent);
    assert.match(refused, /导入会重复/);
    await page.screenshot({ path: path.join(shots, "workbook-problems.png") });
    await page.goto(base + "/workbook", { waitUntil: "load" });
    await upload(newWorkbook);
    assert.match(await page.$eval("#confirm-what", (p) => p.textContent), /会议记录 1 条/);
    await page.screenshot({ path: path.join(shots, "workbook-confirm.png") });
    await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click("#apply")]);
    assert.match(await page.$eval("#imported", (p) => p.textContent), /新会议\.xlsx/);
    assert.ok(fs.existsSync(path.join(dataDir, "新会议.xlsx")), "the confirmed workbook is in the data folder");
    await page.goto(base + "/meetings", { waitUntil: "load" });
    assert.match(await page.$eval("main", (m) => m.textContent), /网页导入的会议/);

    // 花名册: a new member through the form, saved into organisation.json.
    await page.goto(base + "/members", { waitUntil: "load" });
    await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click("#new-member")]);
    await page.type("input[name=name]", "周新");
    await page.select("select[name=gender]", "女");
    await page.select("select[name=status]", "预备");
    await setValue(page, "input[name=birth_date]", "1990-05-01");
    await setValue(page, "input[name=joined]", "2025-07-01");
    await page.type("input[name=group]", "第一党小组");
    await page.screenshot({ path: path.join(shots, "member-form.png") });
    await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click("#save-member")]);
    assert.match(await page.$eval("#saved", (p) => p.textContent), /organisation\.json/);
    const org = JSON.parse(fs.readFileSync(path.join(dataDir, "organisation.json"), "utf8"));
    const added = org.members.find((m) => m.name === "周新");
    assert.ok(added, "the new member is in organisation.json");
    assert.strictEqual(added.status, "预备");
    assert.strictEqual(added.joined, "2025-07-01");

    // 发展党员: a step of the timeline opens its form; a 谈话 date three months after the application brings
    // the rule's finding beside the field as it is typed; corrected, it goes; saved into the dossier file.
    await page.goto(base + "/development", { waitUntil: "load" });
    await Promise.all([page.waitForNavigation({ waitUntil: "load" }),
                       page.click("a[href*='development-he-yuxin'][href$='step=2']")]);
    await page.waitForSelector("#step-form");
    assert.match(await page.$eval("#step-info", (p) => p.textContent), /第2步/);
    await setValue(page, "#step-date", "2023-06-30");
    await page.waitForSelector('#finding-list li[data-field="mine"]');
    assert.ok(await page.$('fieldset[data-field="mine"].has-finding'), "the step's fields are marked");
    await page.screenshot({ path: path.join(shots, "step-form.png"), fullPage: true });
    await setValue(page, "#step-date", "2023-03-30");
    await page.waitForFunction(() => !document.querySelector('#finding-list li[data-field="mine"]'));
    await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click("#save-step")]);
    assert.match(await page.$eval("#saved", (p) => p.textContent), /development-he-yuxin\.json/);
    const dossier = JSON.parse(fs.readFileSync(path.join(dataDir, "dossiers", "development-he-yuxin.json"), "utf8"));
    assert.strictEqual(dossier.steps.find((st) => st.step === 2).date, "2023-03-30");
    assert.strictEqual(dossier.steps.find((st) => st.step === 8).date, "2024年9月27日", "other steps stay as written");

    // 党费: a cell of the grid opens its form; a note added to 王建华's March is saved into the ledger.
    await page.goto(base + "/dues", { waitUntil: "load" });
    await page.screenshot({ path: path.join(shots, "dues.png") });
    const cell = await page.$$eval("table.dues a.cell", (links) =>
      links.map((a) => a.getAttribute("href")).find((h) => h.includes(encodeURIComponent("王建华")) && h.endsWith("month=3")));
    assert.ok(cell, "the grid links 王建华's March to its form");
    await page.goto(base + cell, { waitUntil: "load" });
    assert.strictEqual(await page.$eval("#dues-amount", (i) => i.value), "147.9");
    await page.type("input[name=note]", "网页补记");
    await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click("#save-dues")]);
    assert.match(await page.$eval("#saved", (p) => p.textContent), /dues-2025\.json/);
    const dues = JSON.parse(fs.readFileSync(path.join(dataDir, "dues", "dues-2025.json"), "utf8"));
    const march = dues.members.find((m) => m.member === "王建华").payments.find((p) => p.month === "2025-03");
    assert.strictEqual(march.note, "网页补记");
    assert.strictEqual(march.amount, 147.9);

    // 换届选举: a step of the chain opens its form; a 结果报告 dated before the 选举大会 brings the rule's
    // finding beside the step as it is typed; corrected, it goes; saved into the election dossier.
    await page.goto(base + "/elections", { waitUntil: "load" });
    const report = await page.$$eval(".timeline a", (links) =>
      links.map((a) => a.getAttribute("href")).find((h) => decodeURIComponent(h).endsWith("step=结果报告")));
    assert.ok(report, "the election's steps link 结果报告 to its form");
    await page.goto(base + report, { waitUntil: "load" });
    await page.waitForSelector("#election-form");
    assert.strictEqual(await page.$eval("#election-date", (i) => i.value), "2025-03-10");
    await setValue(page, "#election-date", "2025-03-01");
    await page.waitForSelector('#finding-list li[data-field="mine"]');
    assert.ok(await page.$('fieldset[data-field="mine"].has-finding'), "the step's fields are marked");
    await page.screenshot({ path: path.join(shots, "election-step.png"), fullPage: true });
    await setValue(page, "#election-date", "2025-03-12");
    await page.waitForFunction(() => !document.querySelector('#finding-list li[data-field="mine"]'));
    await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click("#save-election-step")]);
    assert.match(await page.$eval("#saved", (p) => p.textContent), /election-2025\.json/);
    const election = JSON.parse(fs.readFileSync(path.join(dataDir, "dossiers", "election-2025.json"), "utf8"));
    assert.strictEqual(election.steps.find((st) => st.step === "结果报告").date, "2025-03-12");
    assert.strictEqual(election.steps.find((st) => st.step === "批复").date, "2025年1月20日", "other steps stay as written");

    // 换届: the vote form. 实到 lowered to 8 of 10 (not more than 4/5): the finding appears beside the counts as
    // it is typed and goes when corrected; 赵明's votes changed and a candidate added from the 花名册's pick
    // list; saved into the election record as the command line reads it (other keys stay).
    await page.goto(base + "/elections", { waitUntil: "load" });
    await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click("p.vote a")]);
    await page.waitForSelector("#vote-form");
    assert.strictEqual(await page.$eval("#vote-present", (i) => i.value), "9");
    assert.ok(await page.$('#member-names option[value="冯浩然"]'), "the 花名册 is the candidates' pick list");
    await setValue(page, "#vote-present", "8");
    await page.waitForSelector('#finding-list li[data-field="present"]');
    assert.match(await page.$eval('#finding-list li[data-field="present"]', (li) => li.textContent), /4\/5/);
    assert.ok(await page.$('fieldset[data-field="present"].has-finding'), "the counts are marked");
    await page.screenshot({ path: path.join(shots, "election-vote.png"), fullPage: true });
    await setValue(page, "#vote-present", "9");
    await page.waitForFunction(() => !document.querySelector('#finding-list li[data-field="present"]'));
    await setValue(page, 'tr[data-field="cand-5"] input[name=cand_votes]', "5");
    await setValue(page, 'tr[data-field="cand-6"] input[name=cand_name]', "冯浩然");
    await setValue(page, 'tr[data-field="cand-6"] input[name=cand_votes]', "2");
    await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click("#save-vote")]);
    assert.match(await page.$eval("#saved", (p) => p.textContent), /election-2025\.json/);
    const voted = JSON.parse(fs.readFileSync(path.join(dataDir, "dossiers", "election-2025.json"), "utf8"));
    assert.strictEqual(voted.voting.present, 9);
    assert.strictEqual(voted.voting.excluded, "预备党员冯浩然列席，不参加选举", "keys the form does not show stay");
    assert.deepStrictEqual(voted.candidates[5], { name: "赵明", gender: "男", votes: 5, elected: false });
    assert.deepStrictEqual(voted.candidates[6], { name: "冯浩然", votes: 2, elected: false });
    assert.strictEqual(voted.steps.find((st) => st.step === "结果报告").date, "2025-03-12", "the steps stay");

    // 归档与审计: archive, then audit, each in the background; the progress page polls and shows the result
    // by itself (plain JS), the audit's 反馈单 opens as a PDF.
    await page.goto(base + "/archive", { waitUntil: "load" });
    for (const button of ["#run-archive", "#run-audit"]) {
      await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click(button)]);
      await page.waitForSelector("#job-done", { timeout: 180000 });
      if (button === "#run-archive") await page.goto(base + "/archive", { waitUntil: "load" });
    }
    assert.ok(fs.readdirSync(path.join(dataDir, "..", "archive")).length > 0, "the archive folder was filled");
    await page.screenshot({ path: path.join(shots, "audit.png") });
    const feedback = await page.evaluate(async () => {
      const r = await fetch(document.querySelector("#feedback-pdf").getAttribute("href"));
      return { type: r.headers.get("content-type"), bytes: Array.from(new Uint8Array(await r.arrayBuffer())) };
    });
    assert.strictEqual(feedback.type, "application/pdf");
    const feedbackPdf = path.join(dataDir, "..", "feedback.pdf");
    fs.writeFileSync(feedbackPdf, Buffer.from(feedback.bytes));
    assert.match(execFileSync("pdftotext", ["-layout", feedbackPdf, "-"], { encoding: "utf8" }), /反馈单/);

    console.log("web_app.test.js: 1 passed, 0 failed");
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error("web_app.test.js: FAILED: " + (e && e.stack ? e.stack : e));
  process.exit(1);
});
