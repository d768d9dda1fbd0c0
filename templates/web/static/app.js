// dangan web app: the findings of the rules beside the meeting form (and the 发展 and 党费 forms) as you type. The server does the
// checking (POST /api/preview with the form's fields, the same rules as `dangan check`); this only shows
// the answer and marks the fields it names. Without JavaScript the form still saves and shows findings.
"use strict";
(function () {
  // The meeting form, or a form of another record (发展 step, 党费 cell) naming its own check address.
  const form = document.getElementById("meeting-form") || document.querySelector("form.live-check");
  if (!form) return;
  const list = document.getElementById("finding-list");
  let timer = null, sequence = 0;

  function show(answer) {
    form.querySelectorAll(".has-finding").forEach((el) => el.classList.remove("has-finding"));
    list.replaceChildren();
    const add = (cls, sev, text, field) => {
      const li = document.createElement("li");
      li.className = cls;
      if (field) li.dataset.field = field;
      if (sev) {
        const s = document.createElement("span");
        s.className = "sev";
        s.textContent = sev;
        li.append(s);
      }
      li.append(text);
      list.append(li);
    };
    for (const m of answer.messages) add("error", "无法保存", m, "");
    for (const f of answer.findings) {
      add(f.severity, f.severity_name, f.message, f.field);
      const target = f.field && form.querySelector('[data-field="' + CSS.escape(f.field) + '"]');
      if (target) target.classList.add("has-finding");
    }
    if (!answer.messages.length && !answer.findings.length) add("none", "", "未发现问题。", "");
  }

  function check() {
    const mine = ++sequence;
    fetch(form.dataset.preview || (form.dataset.base || "") + "/api/preview", { method: "POST", body: new URLSearchParams(new FormData(form)) })
      .then((r) => r.json())
      .then((answer) => { if (mine === sequence) show(answer); })
      .catch(() => {});
  }

  form.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(check, 400); });
  form.addEventListener("change", () => { clearTimeout(timer); timer = setTimeout(check, 100); });
})();

// A background job (归档, 审计): ask the server for its state every second; reload when it is done.
(function () {
  const running = document.getElementById("job-running");
  if (!running) return;
  const seconds = document.getElementById("job-seconds");
  const poll = () => {
    fetch(running.dataset.status, { credentials: "same-origin" })
      .then((r) => r.json())
      .then((state) => {
        if (state.done) { window.location.reload(); return; }
        seconds.textContent = state.seconds;
        // The share done, when the job can tell (audit: files examined of all); else the bar keeps moving.
        const bar = document.getElementById("job-progress");
        if (bar && state.percent >= 0) {
          bar.value = state.percent;
          document.getElementById("job-percent").textContent = state.percent + "%（" + state.items + "）";
        }
        if (state.phase) document.getElementById("job-phase").textContent = state.phase;
        setTimeout(poll, 1000);
      })
      .catch(() => setTimeout(poll, 3000));
  };
  setTimeout(poll, 1000);
})();
