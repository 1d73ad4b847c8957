import { log1pExp } from '@hlm/likelihood';
import { LatentError } from '../errors.js';
import { resolveGraph } from '../graph-source.js';
import { resolveHyperParameters } from '../hyper.js';
import { symmetricEigenvalues } from '../linalg.js';
import { booleanOption, checkSize, CONSTRAINED_DIAGONAL, HALF_LOG_2PI, nodeLabels, numberOption } from '../options.js';
import { addEntry, lowerEntries, SharedPattern } from '../pattern.js';
import { pcBymPhiPrior } from '../priors/pc-bym-phi.js';
import type { HyperParameterDefinition, LatentModelDefinition } from '../types.js';
import { besagConstraintRows, besagStructure, type BesagStructure } from './besag-structure.js';
import { itemAt, outOfRange } from '@hlm/sparse';

const bym2Precision: HyperParameterDefinition = {
  id: 'prec',
  userLabel: 'Precision',
  internalLabel: 'Log precision',
  initial: 4,
  prior: { prior: 'pc.prec', param: [1, 0.01] },
  toTheta: (precision) => Math.log(precision),
  fromTheta: (theta) => Math.exp(theta),
};

const bym2Phi: HyperParameterDefinition = {
  id: 'phi',
  userLabel: 'Phi',
  internalLabel: 'Logit phi',
  initial: -3,
  prior: { prior: 'pc', param: [0.5, 0.5] },
  toTheta: (phi) => Math.log(phi / (1 - phi)),
  fromTheta: (theta) => 1 / (1 + Math.exp(-theta)),
};


/**
 * The g_i of the PC prior for φ (see `BymPhiDistance`): per component of ≥ 2 nodes, the eigenvalues γ of the
 * scaled structure matrix s_c R_c give 1/γ − 1, and its one zero eigenvalue gives −1; an isolated node (N(0, 1)
 * once scaled) gives 0. Dense eigenvalues per component: O(m³) for a component of m nodes.
 */
export function bymPhiPriorTerms(structure: BesagStructure): Float64Array {
  const { graph, components, scale } = structure;
  if (scale === null) throw new LatentError('invalid-option', 'bym2 needs the scaled Besag structure (scaleModel = true)', {});
  const g: number[] = [];
  for (const members of components.members) {
    const m = members.length;
    if (m === 1) {
      g.push(0);
      continue;
    }
    const local = new Map<number, number>();
    members.forEach((node, k) => local.set(node, k));
    const localIndex = (node: number): number => {
      const k = local.get(node);
      if (k === undefined) throw new LatentError('invalid-graph', `node ${node + 1} is a neighbour in a component it is not a member of`, { node: node + 1 });
      return k;
    };
    const s = scale[members[0] ?? outOfRange(members, 0)] ?? outOfRange(scale, members[0] ?? outOfRange(members, 0));
    const dense = new Float64Array(m * m);
    members.forEach((node, k) => {
      dense[k * m + k] = s * itemAt(graph.neighbours, node).length;
      for (const j of itemAt(graph.neighbours, node)) dense[k * m + localIndex(j)] = -s;
    });
    const eigenvalues = symmetricEigenvalues(dense, m); // increasing; the first is the zero one
    g.push(-1);
    for (let k = 1; k < m; k++) g.push(1 / (eigenvalues[k] ?? outOfRange(eigenvalues, k)) - 1);
  }
  return Float64Array.from(g);
}

/**
 * BYM2 (Riebler, Sørbye, Simpson & Rue 2016): the spatial effect b = (1/√τ)(√(1 − φ) v + √φ u*), v iid N(0, 1),
 * u* the scaled Besag field, in R-INLA's 2n-node form x = (b, u*):
 *   Q = [ τ/(1−φ) I            −√(φτ)/(1−φ) I
 *         −√(φτ)/(1−φ) I       φ/(1−φ) I + R* ]  + diagonal·I,
 * R* the Besag structure scaled per connected component (always; an isolated node is N(0, 1)). The data see the
 * first n nodes; the sum-to-zero constraints (one per component of ≥ 2 nodes) are on u*. θ₁ = log τ with
 * pc.prec(1, 0.01), initial 4; θ₂ = logit φ with the PC prior `pc` (P(φ < 0.5) = 0.5), initial −3. R-INLA's log
 * normalising constant: n/2 (log τ − log(1 − φ) − log 2π) (inla.c); rank deficiency: the components of ≥ 2 nodes.
 * The levels are 1..2n: 1..n the graph's nodes (b), n+1..2n the same nodes' u*.
 */
export const bym2: LatentModelDefinition = {
  name: 'bym2',
  options: ['graph', 'scaleModel', 'adjustForConComp', 'diagonal'],
  doc: 'BYM2: scaled Besag plus iid with total precision and mixing parameter phi; 2n nodes (b, u)',
  hyper: [bym2Precision, bym2Phi],
  levels(options, label) {
    return nodeLabels(2 * resolveGraph(options.graph, label).n);
  },
  create(options) {
    const { size, label } = options;
    const graph = resolveGraph(options.graph, label);
    const n = graph.n;
    checkSize(size, 2 * n, label, 'bym2', `twice the nodes of its graph`);
    if (!booleanOption(options, 'scaleModel', true, label)) {
      throw new LatentError('invalid-option', `component '${label}': bym2 requires scaleModel = true (as R-INLA)`, { label });
    }
    const constr = booleanOption(options, 'constr', true, label);
    const adjust = booleanOption(options, 'adjustForConComp', true, label);
    const diagonal = numberOption(options, 'diagonal', constr ? CONSTRAINED_DIAGONAL : 0, label, (v) => v >= 0, 'a number ≥ 0');
    const structure = besagStructure(graph, true, adjust, label, 'bym2');
    let terms: Float64Array | null = null;
    const pc = pcBymPhiPrior(() => (terms ??= bymPhiPriorTerms(structure)));
    const hyper = resolveHyperParameters(bym2.hyper, label, options.hyper, { pc });

    const identityB = lowerEntries();
    const cross = lowerEntries();
    const identityU = lowerEntries();
    const structureU = lowerEntries();
    for (let i = 0; i < n; i++) {
      addEntry(identityB, i, i, 1);
      addEntry(cross, n + i, i, 1);
      addEntry(identityU, n + i, n + i, 1);
    }
    const r = structure.structure;
    for (let t = 0; t < r.rows.length; t++) addEntry(structureU, n + (r.rows[t] ?? outOfRange(r.rows, t)), n + (r.cols[t] ?? outOfRange(r.cols, t)), r.values[t] ?? outOfRange(r.values, t));
    const shared = new SharedPattern(2 * n, [identityB, cross, identityU, structureU]);
    const rows = constr ? besagConstraintRows(structure, adjust, 2 * n, n) : [];
    return {
      model: 'bym2',
      label,
      size,
      hyper,
      pattern: shared.pattern,
      precisionValues(theta, out) {
        const tau = Math.exp(theta[0] ?? outOfRange(theta, 0));
        const phi = 1 / (1 + Math.exp(-(theta[1] ?? outOfRange(theta, 1))));
        const oneMinusPhi = 1 / (1 + Math.exp(theta[1] ?? outOfRange(theta, 1)));
        shared.combine([tau / oneMinusPhi, -Math.sqrt(phi * tau) / oneMinusPhi, phi / oneMinusPhi, 1], diagonal, out);
      },
      logNormalisingConstant(theta) {
        // log(1 − φ) = −log(1 + e^θ₂)
        return (n / 2) * ((theta[0] ?? outOfRange(theta, 0)) + log1pExp(theta[1] ?? outOfRange(theta, 1))) - n * HALF_LOG_2PI;
      },
      constraints: rows.length > 0 ? { rows, rhs: new Float64Array(rows.length) } : null,
      rankDeficiency: structure.connected,
      diagonal,
    };
  },
};
