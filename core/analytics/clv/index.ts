export {
  bgnbdCustomerLogLikelihood,
  bgnbdLogLikelihood,
  bgnbdObjective,
  expectedPurchases,
  expectedPurchasesNewCustomer,
  fitBgNbd,
  probabilityAlive,
} from './bgnbd';
export type { BgNbdFit, BgNbdFitOptions, BgNbdParams, PurchaseHistory } from './bgnbd';
export { customerValue, discountedPurchases, periodDiscountRate } from './clv';
export type { ClvOptions, CustomerValue, CustomerValueInput } from './clv';
export type { FitReport } from './fit';
export {
  expectedAverageSpend,
  fitGammaGamma,
  gammaGammaCustomerLogLikelihood,
  gammaGammaLogLikelihood,
  gammaGammaObjective,
} from './gamma-gamma';
export type { GammaGammaFit, GammaGammaFitOptions, GammaGammaParams, SpendHistory } from './gamma-gamma';
export { compareHoldout } from './holdout';
export type { HoldoutBucket, HoldoutComparison, HoldoutCustomer, HoldoutOptions } from './holdout';
export { hyp2f1 } from './hyp2f1';
export { createRandom, simulateTransactions } from './simulate';
export type { Random, SimulationOptions } from './simulate';
export { summarizeTransactions } from './summary';
export type { CustomerSummary, SummaryOptions, SummaryResult, TimeUnit, Transaction } from './summary';
