// Behaviours any page may declare in its markup, so that no page needs an inline script (the
// Content-Security-Policy allows scripts from the app's own files only):
//   <button data-confirm="Close the period?">  asks before its form is sent;
//   <button data-print>                         prints the page.
document.addEventListener("click", (event) => {
  const confirming = event.target.closest("[data-confirm]");
  if (confirming && !window.confirm(confirming.dataset.confirm)) {
    event.preventDefault();
    return;
  }
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
