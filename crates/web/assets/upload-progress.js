// Upload progress. htmx reports the bytes a boosted form has sent; the form's
// <progress class="upload-progress"> shows them, so that an office uploading a large layer or
// map over a slow provincial link sees it moving rather than a page that seems stuck.
document.addEventListener("htmx:xhr:progress", function (event) {
  var form = event.target && event.target.closest ? event.target.closest("form") : null;
  var bar = form ? form.querySelector("progress.upload-progress") : null;
  if (!bar || !event.detail || !event.detail.lengthComputable) return;
  bar.hidden = false;
  bar.value = Math.round((event.detail.loaded / event.detail.total) * 100);
});
