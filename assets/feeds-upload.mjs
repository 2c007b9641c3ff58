// Progressive enhancement of the feed upload: send the file with XHR so the page can show
// how much has been uploaded, then follow the server's redirect to the import's result.
// Without JavaScript (or if anything here fails) the form posts as a plain form.
function enhance() {
  const form = document.querySelector("form[data-feed-upload]");
  const box = form && form.querySelector("[data-feed-progress]");
  if (!form || !box || !window.FormData || !window.XMLHttpRequest || !window.DOMParser) {
    return;
  }
  const bar = box.querySelector("progress");
  const text = box.querySelector("[data-feed-progress-text]");
  let told = -1;
  const say = (message) => {
    text.textContent = message;
  };

  form.addEventListener("submit", (event) => {
    const file = form.querySelector("input[type=file]");
    if (!file || !file.files || file.files.length === 0) {
      return; // let the server say "Select a CSV file to upload"
    }
    event.preventDefault();
    const button = form.querySelector("button[type=submit], button:not([type])");
    if (button) button.disabled = true;
    box.hidden = false;
    bar.value = 0;
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.upload.addEventListener("progress", (progress) => {
      if (!progress.lengthComputable) return;
      const percent = Math.round((progress.loaded / progress.total) * 100);
      bar.value = percent;
      // Screen readers hear every tenth, not every step.
      const tenth = Math.floor(percent / 10);
      if (tenth !== told) {
        told = tenth;
        say(`Uploading the file: ${percent}%`);
      }
    });
    xhr.upload.addEventListener("load", () => {
      bar.removeAttribute("value"); // indeterminate while the rows are checked and saved
      say("File uploaded. Checking and importing the rows…");
    });
    xhr.addEventListener("load", () => {
      const moved = xhr.responseURL && new URL(xhr.responseURL).pathname !== new URL(form.action).pathname;
      if (xhr.status === 200 && moved) {
        window.location.assign(xhr.responseURL);
      } else {
        // The file was refused (nothing imported): show the page with its error summary.
        const page = new DOMParser().parseFromString(xhr.responseText, "text/html");
        const main = page.querySelector("main");
        if (!main) {
          form.submit();
          return;
        }
        document.title = page.title;
        document.querySelector("main").replaceWith(main);
        enhance();
        const summary = document.querySelector(".govuk-error-summary");
        if (summary) {
          summary.setAttribute("tabindex", "-1");
          summary.focus();
        }
      }
    });
    xhr.addEventListener("error", () => {
      say("The upload failed. Sending the form again without the progress bar…");
      form.submit();
    });
    xhr.send(new FormData(form));
  });
}

enhance();
