/* Keyboard access to boxes that scroll sideways (WCAG 2.1.1): a wide table (wrapped by
   Material) or an evaluation chart on a phone gets tabindex="0", so arrow keys scroll it,
   and a name for screen readers. Citation previews: a first tap shows them on a touch
   screen, Escape closes them. The site's own file: nothing is loaded from elsewhere. */
(function () {
  "use strict";

  function markScrollableBoxes() {
    var boxes = document.querySelectorAll(".md-typeset__scrollwrap, .md-typeset .chart-box");
    Array.prototype.forEach.call(boxes, function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", nameOf(box) + ", scrolls sideways");
      } else if (!scrolls && box.getAttribute("role") === "region") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }

  /* A chart by its text alternative, a table by the heading it is under: regions need distinct names. */
  function nameOf(box) {
    var image = box.querySelector("img[alt]");
    if (image && image.alt) {
      return image.alt;
    }
    for (var element = box.previousElementSibling; element; element = element.previousElementSibling) {
      if (/^H[1-6]$/.test(element.tagName)) {
        return "Table: " + element.textContent.replace("\u00b6", "").trim();
      }
    }
    return "Table";
  }

  function nameSearchDialog() {
    var search = document.querySelector(".md-search[role=dialog]");
    if (search && !search.hasAttribute("aria-label")) {
      search.setAttribute("aria-label", "Search");
    }
  }

  function onPage() {
    nameSearchDialog();
    // After the theme has wrapped the tables of the new page.
    window.requestAnimationFrame(markScrollableBoxes);
  }

  /* On a touch screen there is no hover: a citation's first tap shows its preview (the
     span of class cite-preview next to it, which keyboard focus opens too) and a second
     tap follows it. A citation without a preview (the differences page prints the
     sentence beside it) follows the first tap. */
  var lastPointer = "";
  var armedCitation = null;
  document.addEventListener("pointerdown", function (event) {
    lastPointer = event.pointerType;
  }, true);
  document.addEventListener("click", function (event) {
    var citation = event.target instanceof Element ? event.target.closest("a.cite") : null;
    if (!citation || lastPointer !== "touch" || !citation.hasAttribute("aria-describedby")) {
      armedCitation = null;
      return;
    }
    if (citation !== armedCitation) {
      event.preventDefault();
      armedCitation = citation;
      citation.focus();
    }
  }, true);

  /* Escape closes the preview without moving focus (WCAG 1.4.13: dismissible); it opens
     again when the pointer or focus comes back to the chip. */
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    var open = document.querySelectorAll(".cite-wrap:hover, .cite-wrap:focus-within");
    Array.prototype.forEach.call(open, function (wrap) {
      wrap.classList.add("preview-dismissed");
    });
  });
  ["focusout", "mouseout"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var wrap = event.target instanceof Element ? event.target.closest(".cite-wrap") : null;
      if (wrap && !(event.relatedTarget instanceof Node && wrap.contains(event.relatedTarget))) {
        wrap.classList.remove("preview-dismissed");
      }
    });
  });

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(onPage);  // Material: every page, instant navigation too
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onPage);
  } else {
    onPage();
  }
  window.addEventListener("resize", markScrollableBoxes);
  // A table in a closed box ("Who reports what"): Chromium measures it closed, a browser
  // that does not lay out closed boxes measures it when the box opens.
  document.addEventListener("toggle", markScrollableBoxes, true);
})();
