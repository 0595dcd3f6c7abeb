// Back-office lists: the "Chọn tất cả" box ticks every row of its form. Without
// this script the box stays hidden and rows are ticked one by one.
for (const all of document.querySelectorAll('input[data-select-all]')) {
  const form = all.form;
  if (!form) continue;
  // form.elements also holds the boxes tied to the form by a form= attribute.
  const rows = () => [...form.elements].filter((el) => el.type === 'checkbox' && el.name === 'ids');
  const reflect = () => {
    const ticked = rows().filter((box) => box.checked).length;
    all.checked = ticked > 0 && ticked === rows().length;
    all.indeterminate = ticked > 0 && !all.checked;
  };
  all.closest('.select-all').hidden = false;
  all.addEventListener('change', () => {
    for (const box of rows()) box.checked = all.checked;
  });
  form.addEventListener('change', (event) => {
    if (event.target !== all) reflect();
  });
  reflect();
}
