/* enablekit: under the search results, a link that opens the Git host's new-file page on
   a question request, its title the words searched for. Configured by ask-config.js,
   which the site has only when the enablekit plugin has a repo_url. */
(function () {
  "use strict";
  var config = window.enablekitAsk;
  if (!config) {
    return;
  }

  function slug(text) {
    var words = text.normalize("NFKD").replace(/[^\x00-\x7f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    if (words.length > 60) {
      words = words.slice(0, 60);
      var cut = words.lastIndexOf("-");
      words = cut > 0 ? words.slice(0, cut) : words;
    }
    return words || "request";
  }

  function requestUrl(query) {
    var text = config.template.replace(config.marker, JSON.stringify(query));
    return config.base + "?" + config.nameKey + "=" + encodeURIComponent(slug(query) + ".yml") +
      "&" + config.textKey + "=" + encodeURIComponent(text);
  }

  function update(input) {
    var result = document.querySelector(".md-search-result");
    if (!result) {
      return;
    }
    var link = result.querySelector(".enablekit-ask");
    if (!link) {
      link = document.createElement("a");
      link.className = "md-button enablekit-ask";
      var meta = result.querySelector(".md-search-result__meta");
      result.insertBefore(link, meta ? meta.nextSibling : result.firstChild);
    }
    var query = input.value.trim();
    link.hidden = !query;
    link.textContent = "Not found? Ask marketing: \u201c" + query + "\u201d";
    link.href = query ? requestUrl(query) : "#";
  }

  document.addEventListener("input", function (event) {
    var target = event.target;
    if (target && target.matches && target.matches("[data-md-component=search-query]")) {
      update(target);
    }
  });
})();
