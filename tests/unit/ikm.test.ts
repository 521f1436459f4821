/** The IKM of Permenpan RB 14/2017, on answers whose results are worked out here by hand. */
import { describe, expect, it } from 'vitest';
import { computeIkm, ikmGrade, IKM_ELEMENTS, shortFormAnswers, type IkmAnswers } from '../../shared/ikm.js';

const all = (v: 1 | 2 | 3 | 4): IkmAnswers => shortFormAnswers(v);

describe('IKM', () => {
  it('has the regulation’s nine elements', () => {
    expect(IKM_ELEMENTS.map((e) => e.id)).toEqual([
      'Persyaratan',
      'Sistem, mekanisme, dan prosedur',
      'Waktu penyelesaian',
      'Biaya/tarif',
      'Produk spesifikasi jenis pelayanan',
      'Kompetensi pelaksana',
      'Perilaku pelaksana',
      'Penanganan pengaduan, saran dan masukan',
      'Sarana dan prasarana',
    ]);
  });

  it('computes NRR per element, the weighted IKM, its 25–100 conversion and the grade', () => {
    // Three respondents. Element by element (sum / 3):
    // persyaratan 4+3+4 = 11 → 3.667; every other element 3+3+4 = 10 → 3.333.
    const r1 = { ...all(3), persyaratan: 4 } as IkmAnswers;
    const r2 = all(3);
    const r3 = all(4);
    const res = computeIkm([r1, r2, r3]);
    expect(res.nrr.persyaratan).toBeCloseTo(11 / 3, 10);
    expect(res.nrr.perilaku).toBeCloseTo(10 / 3, 10);
    // IKM = Σ NRR × 1/9 = (11/3 + 8 × 10/3) / 9 = 91/27 = 3.3704; × 25 = 84.26 → B (Baik).
    expect(res.ikm).toBeCloseTo(91 / 27, 10);
    expect(res.converted).toBeCloseTo((91 / 27) * 25, 10);
    expect(res.grade).toBe('B');
    expect(res.gradeName).toBe('Baik');
  });

  it('puts the boundaries of the grades where the regulation puts them', () => {
    expect(ikmGrade(100).grade).toBe('A');
    expect(ikmGrade(88.31).grade).toBe('A');
    expect(ikmGrade(88.3).grade).toBe('B');
    expect(ikmGrade(76.61).grade).toBe('B');
    expect(ikmGrade(76.6).grade).toBe('C');
    expect(ikmGrade(65).grade).toBe('C');
    expect(ikmGrade(64.99).grade).toBe('D');
    expect(ikmGrade(25).grade).toBe('D');
    expect(computeIkm([all(4)]).converted).toBe(100);
    expect(computeIkm([all(1)]).converted).toBe(25);
  });

  it('counts a one-tap short form as that answer for every element, and nothing as no IKM', () => {
    expect(computeIkm([all(3), all(4)]).converted).toBe(87.5);
    expect(computeIkm([])).toMatchObject({ respondents: 0, ikm: null, grade: null });
  });
});
