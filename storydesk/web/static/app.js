// storydesk pages: static code only. It never builds markup from data; text from the server
// goes into textContent, and data arrives as JSON from /api/ endpoints.
(function () {
  "use strict";

  // Brief page: show or hide timeline entries by kind.
  document.querySelectorAll(".timeline .filters input").forEach(function (box) {
    box.addEventListener("change", function () {
      var section = box.closest("section");
      section.querySelectorAll("li.tl-" + box.value).forEach(function (li) { li.hidden = !box.checked; });
    });
  });

  // Article page: bring the cited passage into view.
  var cited = document.getElementById("cited");
  if (cited && cited.scrollIntoView) { cited.scrollIntoView({block: "center"}); }

  // Job page: poll the status endpoint until the job is done or failed.
  var job = document.getElementById("job");
  if (!job) { return; }
  var url = job.getAttribute("data-status-url");
  if (!url || url.indexOf("/api/jobs/") !== 0) { return; }

  function item(list, text, href) {
    var li = document.createElement("li");
    if (href && href.indexOf("/articles/") === 0) {
      var a = document.createElement("a");
      a.className = "article-link";
      a.href = href;
      a.textContent = text;
      li.appendChild(a);
    } else {
      li.textContent = text;
    }
    list.appendChild(li);
  }

  function fill(listId, rows, render) {
    var list = document.getElementById(listId);
    while (list.firstChild) { list.removeChild(list.firstChild); }
    rows.forEach(function (row) { render(list, row); });
  }

  function show(state) {
    document.getElementById("job-status").textContent = state.status;
    document.getElementById("job-message").textContent = state.message;
    var bar = document.getElementById("job-progress");
    if (state.total) { bar.max = state.total; bar.value = state.done; }
    if (state.status === "done" || state.status === "failed") { bar.max = 1; bar.value = 1; }
    fill("job-warnings", state.warnings, function (list, w) { item(list, w); });
    fill("job-articles", state.articles, function (list, a) {
      item(list, (a.title || a.id) + " (" + a.kind + ")", a.href);
    });
    fill("job-rejections", state.rejections, function (list, r) {
      item(list, r.code + " " + r.input + ": " + r.reason);
    });
    job.setAttribute("data-status", state.status);
  }

  function poll() {
    fetch(url, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (state) {
        if (state.error) { throw new Error(state.error.message); }
        show(state);
        if (state.status === "queued" || state.status === "running") { setTimeout(poll, 700); }
      })
      .catch(function (err) {
        document.getElementById("job-message").textContent = "status unavailable: " + err.message;
        setTimeout(poll, 2000);
      });
  }
  poll();
})();
