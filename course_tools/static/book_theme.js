/* The book's fixes to sphinx-book-theme 1.3.0 / pydata-sphinx-theme 0.17.1 (course_tools/book_theme.py). */
(() => {
  "use strict";

  /* Below 992 px the theme opens its drawers from hidden copies of the ☰ and contents buttons
     (pydata-sphinx-theme#2451, sphinx-book-theme#988): the first button of each kind carries the
     handlers, the visible one in the article header only a tooltip. It forwards its click. */
  function forwardSidebarToggles() {
    for (const kind of [".primary-toggle", ".secondary-toggle"]) {
      const [hooked, ...visible] = document.querySelectorAll(kind);
      visible.forEach((button) => button.addEventListener("click", (event) => {
        event.preventDefault();
        event.stopPropagation();
        hooked.click();
      }));
    }
  }

  /* The primary sidebar (logo, search, chapters) is a landmark of its own. */
  function nameSidebar() {
    const sidebar = document.getElementById("pst-primary-sidebar");
    if (sidebar && !sidebar.hasAttribute("role")) {
      sidebar.setAttribute("role", "complementary");
      sidebar.setAttribute("aria-label", "Book contents");
    }
  }

  /* The theme's print-only title is the bare page title; the chapter's heading has its number. */
  function numberPrintTitle() {
    const printTitle = document.querySelector("#jb-print-docs-body > h1");
    const heading = document.querySelector("article.bd-article h1");
    if (printTitle && heading) {
      const copy = heading.cloneNode(true);
      copy.querySelectorAll(".headerlink").forEach((link) => link.remove());
      printTitle.textContent = copy.textContent.trim();
    }
  }

  /* A figure keeps at least LEGIBLE of its drawn size (its 10 pt labels stay about 8 px high);
     on a phone (CSS) a wider one scrolls sideways inside its output box instead of shrinking. */
  const LEGIBLE = 0.55;
  function keepFiguresLegible() {
    document.querySelectorAll(".cell_output > img").forEach((img) => {
      const set = () => img.style.setProperty("--book-legible-width", `${Math.round(LEGIBLE * img.naturalWidth)}px`);
      if (img.complete) set(); else img.addEventListener("load", set, { once: true });
    });
  }

  /* Boxes wider than their content area scroll inside themselves; mark them for the visible cue.
     All measuring is done before any marking (and the marks that change the layout, for inline
     math, before the boxes are measured): two layouts for the page, not one per formula. */
  const SCROLLING = 'div.highlight pre, div.math, mjx-container[display="true"], .cell_output, ' +
    ".pst-scrollable-table-container, .lecture-explorer";
  function markScrollingBoxes() {
    document.querySelectorAll("mjx-container.book-wide-inline").forEach((math) => math.classList.remove("book-wide-inline"));
    const wideInline = [...document.querySelectorAll('mjx-container:not([display="true"])')].filter((math) => {
      const line = math.parentElement.closest("p, li, dd, td, th, div");
      return line && math.getBoundingClientRect().width > line.clientWidth;
    });
    wideInline.forEach((math) => math.classList.add("book-wide-inline"));
    const boxes = [...document.querySelectorAll(SCROLLING + ", mjx-container.book-wide-inline")];
    const scrolls = boxes.map((box) => box.scrollWidth > box.clientWidth + 1);
    boxes.forEach((box, i) => {
      box.classList.toggle("book-scrolls", scrolls[i]);
      // A box that scrolls can be scrolled from the keyboard too (focus it, then the arrow keys).
      if (scrolls[i] && !box.hasAttribute("tabindex")) box.setAttribute("tabindex", "0");
    });
  }

  let pending = null;
  function remarkSoon() {
    clearTimeout(pending);
    pending = setTimeout(markScrollingBoxes, 150);
  }

  function start() {
    forwardSidebarToggles();
    nameSidebar();
    numberPrintTitle();
    keepFiguresLegible();
    // Measured once the page has loaded (its fonts and figures are in), not while it loads.
    if (document.readyState === "complete") remarkSoon(); else window.addEventListener("load", remarkSoon);
    window.addEventListener("resize", remarkSoon);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
