// A running import's page: fetch the page again every two seconds and swap in its
// progress, until the import is done (then the result replaces it). Without scripts the
// page has a Refresh link instead.
(function () {
  "use strict";
  function poll() {
    var job = document.getElementById("job");
    if (!job || !job.hasAttribute("data-running")) { return; }
    fetch(window.location.href, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null) { return; }
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("job");
        if (fresh) { job.replaceWith(fresh); }
        window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 2000);
})();
