import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { documentCodeKey, findDocumentReferences } from './document-references.js';

const found = (text: string) => findDocumentReferences(text).map((r) => [r.text, r.key]);

describe('findDocumentReferences', () => {
  test('with and without "số", with the type written out or abbreviated', () => {
    assert.deepEqual(found('thực hiện Nghị quyết số 22-NQ/TW ngày 02/02/2008'), [
      ['Nghị quyết số 22-NQ/TW', '22-NQ/TW'],
    ]);
    assert.deepEqual(found('thực hiện Nghị quyết 22-NQ/TW.'), [['Nghị quyết 22-NQ/TW', '22-NQ/TW']]);
    assert.deepEqual(found('theo NQ 22-NQ/TW của Bộ Chính trị'), [['NQ 22-NQ/TW', '22-NQ/TW']]);
    assert.deepEqual(found('căn cứ 26/2009/TT-BTTTT,'), [['26/2009/TT-BTTTT', '26/2009/TT-BTTTT']]);
    assert.deepEqual(found('Kế hoạch số 15/KH-SKHCN về'), [['Kế hoạch số 15/KH-SKHCN', '15/KH-SKHCN']]);
  });

  test('spaces around the separators, NĐ/ND/Nđ, lower case: one key', () => {
    const key = '42/2022/ND-CP';
    for (const written of [
      'Nghị định số 42/2022/NĐ-CP',
      'Nghị định số 42 / 2022 / NĐ - CP',
      'Nghị định 42/2022/ND-CP',
      'nghị định số 42/2022/Nđ-CP',
      'nghị định số 42/2022/nđ-cp',
    ]) {
      assert.deepEqual(found(`Theo ${written} của Chính phủ`), [[written, key]], written);
    }
    assert.equal(documentCodeKey('42/2022/NĐ-CP'), key);
    assert.equal(documentCodeKey(' 42/2022/nđ-cp '), key);
    assert.equal(documentCodeKey('042/2022/NĐ-CP'), key);
  });

  test('a line break inside the reference', () => {
    const text = 'thực hiện Nghị quyết số\n22-NQ/TW của Trung ương và Nghị định 42/2022/\nNĐ-CP';
    assert.deepEqual(found(text), [
      ['Nghị quyết số\n22-NQ/TW', '22-NQ/TW'],
      ['Nghị định 42/2022/\nNĐ-CP', '42/2022/ND-CP'],
    ]);
  });

  test('a code at the end of a sentence, and codes in a list', () => {
    assert.deepEqual(found('Văn bản áp dụng là 42/2022/NĐ-CP. Tiếp theo'), [['42/2022/NĐ-CP', '42/2022/ND-CP']]);
    assert.deepEqual(found('các Nghị định 42/2022/NĐ-CP và 13/2023/NĐ-CP; Thông tư 26/2009/TT-BTTTT'), [
      ['Nghị định 42/2022/NĐ-CP', '42/2022/ND-CP'],
      ['13/2023/NĐ-CP', '13/2023/ND-CP'],
      ['Thông tư 26/2009/TT-BTTTT', '26/2009/TT-BTTTT'],
    ]);
  });

  test('the issuer ends where the case changes; a dash after the code is not part of it', () => {
    assert.deepEqual(found('Nghị quyết 22-NQ/TW - Trung ương đã'), [['Nghị quyết 22-NQ/TW', '22-NQ/TW']]);
    assert.deepEqual(found('Quyết định 123/QĐ-UBND-VP ngày'), [['Quyết định 123/QĐ-UBND-VP', '123/QD-UBND-VP']]);
  });

  test('dates, scores, plain numbers and unknown letters are not references', () => {
    assert.deepEqual(found('ngày 22/3/2018, tỷ số 2-1, 3/4 - TP, 22 đại biểu, 12-ab, lúc 10-11 giờ'), []);
    assert.deepEqual(found('Nghị quyết số 22 và Nghị định mới'), []);
    assert.deepEqual(found('mã hàng 42/2022/XYZ-AB'), []);
  });

  test('offsets point at the text as written', () => {
    const text = 'Áp dụng Nghị định số 42/2022/NĐ-CP.';
    const [ref] = findDocumentReferences(text);
    assert.equal(text.slice(ref!.start, ref!.end), 'Nghị định số 42/2022/NĐ-CP');
  });
});
