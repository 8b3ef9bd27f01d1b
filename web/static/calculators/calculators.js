// Calculator pages: the "Print" button next to a result's share link (hidden without JavaScript).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
