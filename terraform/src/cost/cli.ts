import { parseArgs } from 'node:util';
import { prod } from '../config';
import { DEFAULT_OUTDIR, synthesize } from '../main';
import { readSynthesizedApp } from '../synthesized';
import { estimateMonthlyCost } from './estimate';
import { assessBudget, renderCostReport } from './report';
import { PRICE_BOOK } from './unit-prices';

/**
 * `yarn infra:cost [--from <cdktf.out>] [--json]`: synthesizes the app (unless --from names
 * an existing output) and prints the monthly estimate of what it would create.
 */
function main(): void {
  const { values } = parseArgs({
    options: { from: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const outdir = values.from ?? DEFAULT_OUTDIR;
  if (!values.from) synthesize(outdir);
  const stacks = readSynthesizedApp(outdir);
  const estimate = estimateMonthlyCost(stacks, PRICE_BOOK);
  const budget = prod.budgetUsdPerMonth;
  if (values.json) {
    const { billables: _billables, ...priced } = estimate;
    console.log(
      JSON.stringify(
        { ...priced, budget, verdict: assessBudget(estimate.totalUsd, budget), prices: PRICE_BOOK },
        null,
        2,
      ),
    );
    return;
  }
  console.log(
    renderCostReport({
      env: prod.env,
      estimate,
      billables: estimate.billables,
      book: PRICE_BOOK,
      budget,
      regionOrder: [prod.primary.name, prod.secondary.name, 'global'],
      secondaryRegion: prod.secondary.name,
    }),
  );
}

main();
