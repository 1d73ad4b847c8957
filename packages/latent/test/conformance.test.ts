import { describe, expect, it } from 'vitest';
import { getLatentModel, latentModelNames, type LatentModelOptions } from '../src/index.js';
import { checkConformance, type ConformanceCase } from '../src/conformance.js';

/** A 4 × 3 lattice (rook neighbours), 1-based adjacency lists. */
function lattice(rows: number, cols: number): { neighbours: number[][] } {
  const neighbours: number[][] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const list: number[] = [];
      if (r > 0) list.push((r - 1) * cols + c + 1);
      if (c > 0) list.push(r * cols + c);
      if (c < cols - 1) list.push(r * cols + c + 2);
      if (r < rows - 1) list.push((r + 1) * cols + c + 1);
      neighbours.push(list);
    }
  }
  return { neighbours };
}

/** Components of 4 (a path), 3 (a triangle) and 1 node, as R-INLA's graph text. */
const ISLANDS = `8
1 1 2
2 2 1 3
3 2 2 4
4 1 3
5 2 6 7
6 2 5 7
7 2 5 6
8 0
`;

function options(size: number, rest: Record<string, unknown> = {}): LatentModelOptions {
  return { size, label: 'u', ...rest };
}

const irregular = ['0.5', '1', '2.5', '2.75', '4', '7', '7.5', '9'];
const unit = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** Sample options per registered model; a model without an entry fails the test below. */
const CASES: Record<string, Record<string, ConformanceCase>> = {
  iid: { default: { options: options(6), thetas: [[0], [1.5], [-2]], exactConstant: true } },
  besag: {
    lattice: { options: options(12, { graph: lattice(4, 3) }), thetas: [[0], [1.5], [-2]] },
    'lattice scaled': { options: options(12, { graph: lattice(4, 3), scaleModel: true }), thetas: [[0], [2]] },
    islands: { options: options(8, { graph: { neighbours: parseIslands() } }), thetas: [[0], [1.5], [-2]] },
    'islands scaled': { options: options(8, { graph: { neighbours: parseIslands() }, scaleModel: true }), thetas: [[0], [3]] },
    'no constraint': { options: options(12, { graph: lattice(4, 3), constr: false }), thetas: [[0], [1]] },
  },
  rw1: {
    'unit spacing': { options: options(9, { levels: unit }), thetas: [[0], [2.5]] },
    irregular: { options: options(8, { levels: irregular }), thetas: [[0], [-1]] },
    'irregular scaled': { options: options(8, { levels: irregular, scaleModel: true }), thetas: [[0], [1]] },
  },
  rw2: {
    'unit spacing': { options: options(9, { levels: unit }), thetas: [[0], [2.5]] },
    irregular: { options: options(8, { levels: irregular }), thetas: [[0], [-1]] },
    'irregular scaled': { options: options(8, { levels: irregular, scaleModel: true }), thetas: [[0], [1]] },
  },
  ar1: {
    default: { options: options(7), thetas: [[0, 0.5], [1, -2], [-1, 4]], exactConstant: true },
  },
  generic0: {
    // a proper structure (dense rows) and an intrinsic one (the rw1 structure as 1-based triplets, upper triangle only)
    proper: { options: options(5, { Cmatrix: [[2, -1, 0, 0, 0], [-1, 2, -1, 0, 0], [0, -1, 2, -1, 0], [0, 0, -1, 2, -1], [0, 0, 0, -1, 2]] }), thetas: [[0], [1.5], [-2]] },
    intrinsic: {
      options: options(5, {
        Cmatrix: { i: [1, 1, 2, 2, 3, 3, 4, 4, 5], j: [1, 2, 2, 3, 3, 4, 4, 5, 5], x: [1, -1, 2, -1, 2, -1, 2, -1, 1] },
        rankdef: 1,
        constr: true,
      }),
      thetas: [[0], [1.5], [-2]],
    },
  },
  bym2: {
    lattice: { options: options(24, { graph: lattice(4, 3) }), thetas: [[0, -1], [1.5, 2], [-1, 0]] },
    islands: { options: options(16, { graph: { neighbours: parseIslands() } }), thetas: [[0, -1], [1.5, 2]] },
  },
};

function parseIslands(): number[][] {
  return ISLANDS.trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(' ').map(Number).slice(2));
}

describe('the conformance kit, over every registered latent model', () => {
  it('has sample options for every registered model', () => {
    expect(latentModelNames().filter((name) => !CASES[name])).toEqual([]);
  });

  for (const name of latentModelNames()) {
    for (const [caseName, testCase] of Object.entries(CASES[name] ?? {})) {
      it(`${name} (${caseName}) passes`, () => {
        const report = checkConformance(getLatentModel(name), testCase);
        console.log(
          `${name} (${caseName}): nullity ${report.nullity}, constraint rank ${report.constraintRank}, ` +
            `θ-free constant offset ${report.constantOffset.toFixed(6)} (spread ${report.constantSpread.toExponential(1)}), ` +
            `prior integral error ${report.priorIntegralError.toExponential(1)}`,
        );
        expect(report.nullity).toBe(getLatentModel(name).create(testCase.options).rankDeficiency);
      });
    }
  }
});
