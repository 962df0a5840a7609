// Deactivating an account ends its sessions at once: ask before the form is sent.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("account-form");
  if (!form) return;
  const button = form.querySelector("[data-confirm-deactivate]");
  const active = form.querySelector("input[name=is_active]");
  form.addEventListener("submit", (event) => {
    if (button && active && !active.checked && !window.confirm(button.dataset.confirmDeactivate)) {
      event.preventDefault();
    }
  });
});
