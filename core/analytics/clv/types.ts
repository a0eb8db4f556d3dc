/** Result shapes of the CLV models, free of any import so every shell can use them. */

/** How a maximum-likelihood fit went; every model fit returns one. */
export interface FitReport {
  /** True when the optimiser met its gradient tolerance and no parameter sits on a bound. */
  converged: boolean;
  /** The stopping criterion that was met, or why the fit is not trustworthy. */
  reason: string;
  /** 'bfgs', or 'nelder-mead+bfgs' when BFGS alone did not converge. */
  method: string;
  /** Optimiser iterations and objective evaluations, summed over all runs. */
  iterations: number;
  evaluations: number;
  /** Runs from different starting points; the best one is reported. */
  runs: number;
  /**
   * Largest difference in log-parameters between converged runs (0 with one run):
   * a large value means the likelihood surface has several optima or a flat ridge.
   */
  runSpread: number;
  /**
   * Infinity norm of the gradient of the mean log-likelihood per customer with respect
   * to the log-parameters, at the reported optimum.
   */
  gradientNorm: number;
  /** Log-likelihood of the data at the reported parameters (in the caller's units). */
  logLikelihood: number;
  /** Parameters that ended on a bound (the data push them towards 0 or infinity). */
  atBounds: string[];
}

/**
 * BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way"):
 * while alive a customer buys as a Poisson process with rate λ ~ Gamma(r, α); after
 * each purchase they drop out with probability p ~ Beta(a, b).
 */
export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/**
 * Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV: using iso-value
 * curves for customer base analysis"; Colombo & Jiang 1999): a customer's transaction
 * values are Gamma(p, ν) around their own mean p/ν, and ν ~ Gamma(q, γ) across customers.
 */
export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}

export interface HoldoutBucket {
  /** Calibration frequency x of the bucket; the last bucket holds x ≥ this value. */
  frequency: number;
  /** '0', '1', … and e.g. '7+' for the last bucket. */
  label: string;
  customers: number;
  actualTotal: number;
  predictedTotal: number;
  /** Mean holdout purchases per customer in the bucket: observed, and E[Y(t) | x, t_x, T]. */
  actualMean: number;
  predictedMean: number;
}

export interface HoldoutComparison {
  holdoutDuration: number;
  buckets: HoldoutBucket[];
  aggregate: {
    customers: number;
    actualTotal: number;
    predictedTotal: number;
    /** 100 · (predicted − actual) / actual; null when nothing was bought in the holdout. */
    percentError: number | null;
    /** Per customer. */
    meanAbsoluteError: number;
    rootMeanSquaredError: number;
    /** Pearson correlation of predicted and actual per customer; null when either is constant. */
    correlation: number | null;
  };
}
