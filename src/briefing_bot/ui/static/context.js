// Bring the cited paragraph into view whenever the context panel changes, scrolling only
// the panel. Runs as a gr.HTML js_on_load snippet: `element` and `watch` are given.
watch('value', () => {
  const cited = element.querySelector('.bb-cited');
  let box = cited && cited.parentElement;
  while (box && box !== document.body) {
    const style = getComputedStyle(box);
    if (/(auto|scroll)/.test(style.overflowY) && box.scrollHeight > box.clientHeight) break;
    box = box.parentElement;
  }
  if (!cited || !box || box === document.body) return;  // never scroll the page itself
  const top = cited.getBoundingClientRect().top - box.getBoundingClientRect().top;
  box.scrollTop += top - 40;
});
