// Clicks (and Enter/Space) on a source card reach Python as a "click" event carrying the
// card's number. Runs as a gr.HTML js_on_load snippet: `element` and `trigger` are given.
const open = (ev) => {
  const card = ev.target.closest('[data-cite]');
  if (!card || !element.contains(card)) return;
  if (ev.type === 'keydown' && ev.key !== 'Enter' && ev.key !== ' ') return;
  ev.preventDefault();
  trigger('click', {cite: card.dataset.cite});
};
element.addEventListener('click', open);
element.addEventListener('keydown', open);
