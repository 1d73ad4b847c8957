import { logPrecision, resolveHyperParameters } from '../hyper.js';
import { resolveGraph } from '../graph-source.js';
import { booleanOption, checkSize, CONSTRAINED_DIAGONAL, HALF_LOG_2PI, nodeLabels, numberOption } from '../options.js';
import { SharedPattern } from '../pattern.js';
import type { LatentModelDefinition } from '../types.js';
import { besagConstraintRows, besagStructure } from './besag-structure.js';
import { outOfRange } from '@hlm/sparse';

/**
 * The intrinsic conditional autoregression (Besag, York & Mollié 1991): x_i | x_−i ~ N(mean of the neighbours,
 * 1/(n_i τ)), so Q = τ R + diagonal·I with R = D − W the graph Laplacian. R-INLA's `besag` exactly:
 * θ = log τ, loggamma(1, 5e-5), initial 4; `constr` (default true) is one sum-to-zero per connected component
 * of two or more nodes (adjust.for.con.comp); `diagonal` (default 1e-4 with constr, else 0) is added unscaled;
 * `scaleModel` (default false) scales each component to geometric-mean marginal variance 1/τ and makes an isolated
 * node N(0, 1/τ). R-INLA's rank deficiency: the components of ≥ 2 nodes, plus the isolated nodes when unscaled;
 * the prior's normalising constant is (n − rankdef)/2 (log τ − log 2π), without ½ log|R|*.
 *
 * Options: `graph` (a file path, a graph, adjacency lists or a symmetric matrix; see `GraphInput`), `scaleModel`,
 * `constr`, `adjustForConComp` (default true), `diagonal`, `hyper`. The levels are the graph's nodes 1..n.
 */
export const besag: LatentModelDefinition = {
  name: 'besag',
  options: ['graph', 'scaleModel', 'adjustForConComp', 'diagonal'],
  doc: 'intrinsic CAR on a graph: Q = precision (D - W) + diagonal I, sum-to-zero per connected component',
  hyper: [logPrecision],
  levels(options, label) {
    return nodeLabels(resolveGraph(options.graph, label).n);
  },
  create(options) {
    const { size, label } = options;
    const graph = resolveGraph(options.graph, label);
    checkSize(size, graph.n, label, 'besag', 'the nodes of its graph');
    const scaleModel = booleanOption(options, 'scaleModel', false, label);
    const constr = booleanOption(options, 'constr', true, label);
    const adjust = booleanOption(options, 'adjustForConComp', true, label);
    const diagonal = numberOption(options, 'diagonal', constr ? CONSTRAINED_DIAGONAL : 0, label, (v) => v >= 0, 'a number ≥ 0');
    const hyper = resolveHyperParameters(besag.hyper, label, options.hyper);
    const structure = besagStructure(graph, scaleModel, adjust, label, 'besag');
    const shared = new SharedPattern(graph.n, [structure.structure]);
    const rankDeficiency = scaleModel ? structure.connected : structure.connected + structure.singletons;
    const rows = constr ? besagConstraintRows(structure, adjust, graph.n, 0) : [];
    return {
      model: 'besag',
      label,
      size,
      hyper,
      pattern: shared.pattern,
      precisionValues(theta, out) {
        shared.combine([Math.exp(theta[0] ?? outOfRange(theta, 0))], diagonal, out);
      },
      logNormalisingConstant(theta) {
        return ((graph.n - rankDeficiency) / 2) * (theta[0] ?? outOfRange(theta, 0)) - (graph.n - rankDeficiency) * HALF_LOG_2PI;
      },
      constraints: rows.length > 0 ? { rows, rhs: new Float64Array(rows.length) } : null,
      rankDeficiency,
      diagonal,
    };
  },
};
