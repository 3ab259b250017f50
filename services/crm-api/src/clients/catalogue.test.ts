import { parseCatalogue } from './catalogue';

describe('parseCatalogue', () => {
  it('reads {products:[...]} with priceCents and active', () => {
    const products = parseCatalogue(
      {
        products: [
          { sku: 'A-1', name: 'Alpha', priceCents: 100, currency: 'usd', active: true },
          { sku: 'B-1', name: 'Beta', priceCents: 200, active: false },
          { sku: 'C-1', name: 'No price' },
        ],
      },
      'us-east-1',
    );
    expect([...products.values()]).toEqual([
      { sku: 'A-1', name: 'Alpha', unitPriceCents: 100, currency: 'USD', active: true },
      { sku: 'B-1', name: 'Beta', unitPriceCents: 200, currency: 'USD', active: false },
    ]);
  });

  it('reads a bare array, nested prices and statuses', () => {
    const products = parseCatalogue(
      [
        { sku: 'A-1', name: 'Alpha', price: { cents: 150, currency: 'EUR' }, status: 'ACTIVE' },
        { sku: 'B-1', name: 'Beta', unitPriceCents: 90, status: 'DISCONTINUED' },
      ],
      'eu-west-1',
    );
    expect(products.get('A-1')).toMatchObject({
      unitPriceCents: 150,
      currency: 'EUR',
      active: true,
    });
    expect(products.get('B-1')).toMatchObject({ unitPriceCents: 90, active: false });
  });

  it("takes the region's own price when prices are per region", () => {
    const body = {
      items: [
        {
          sku: 'A-1',
          name: 'Alpha',
          priceCents: 100,
          currency: 'USD',
          regions: [
            { region: 'us-east-1', priceCents: 100, currency: 'USD' },
            { region: 'eu-west-1', priceCents: 95, currency: 'EUR' },
          ],
        },
      ],
    };
    expect(parseCatalogue(body, 'eu-west-1').get('A-1')).toMatchObject({
      unitPriceCents: 95,
      currency: 'EUR',
    });
    expect(parseCatalogue(body, 'us-east-1').get('A-1')).toMatchObject({ unitPriceCents: 100 });
  });

  it('ignores what is not a catalogue', () => {
    expect(parseCatalogue('oops', 'us-east-1').size).toBe(0);
    expect(parseCatalogue({ products: [null, 1, { sku: 7 }] }, 'us-east-1').size).toBe(0);
  });
});
