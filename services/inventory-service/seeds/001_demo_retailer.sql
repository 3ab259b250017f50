-- Demo data for "Global Retail": a warehouse per region and a small mixed catalogue.
-- Idempotent: applied at every start when DB_SEED_DEMO_DATA is true; never overwrites
-- stock that has moved since.

INSERT INTO inventory.warehouses (id, name, region, city, country) VALUES
  ('wh-us-east-1', 'Global Retail Columbus DC', 'us-east-1', 'Columbus', 'US'),
  ('wh-eu-west-1', 'Global Retail Dublin DC', 'eu-west-1', 'Dublin', 'IE')
ON CONFLICT (id) DO NOTHING;

INSERT INTO inventory.products (sku, name, description, category, price_cents) VALUES
  ('GR-1001', 'Men''s Classic Oxford Shirt', 'Button-down cotton oxford, regular fit.', 'apparel', 3999),
  ('GR-1002', 'Women''s Merino Crew Sweater', 'Fine-gauge merino wool, machine washable.', 'apparel', 7999),
  ('GR-1003', 'Unisex Waterproof Rain Jacket', 'Packable shell with taped seams and hood.', 'apparel', 8999),
  ('GR-1004', 'Kids'' Fleece Hoodie', 'Soft recycled-polyester fleece, zip front.', 'apparel', 2499),
  ('GR-1005', 'Running Socks 3-Pack', 'Cushioned, moisture-wicking, ankle height.', 'apparel', 1499),
  ('GR-1006', 'Slim Fit Stretch Jeans', 'Dark indigo denim with 2% elastane.', 'apparel', 5999),
  ('GR-1007', 'Cotton Percale Sheet Set, Queen', '300 thread count, fitted and flat sheet, two cases.', 'home', 6999),
  ('GR-1008', 'Cast Iron Skillet 10"', 'Pre-seasoned, oven and induction safe.', 'home', 3499),
  ('GR-1009', 'Stoneware Dinnerware Set, 12 Piece', 'Plates, side plates and bowls for four.', 'home', 7499),
  ('GR-1010', 'LED Desk Lamp', 'Dimmable, adjustable colour temperature, USB port.', 'home', 3999),
  ('GR-1011', 'Bath Towel Set, 6 Piece', 'Ring-spun cotton, 600 gsm.', 'home', 4499),
  ('GR-1012', 'Stainless Steel Cookware Set, 10 Piece', 'Tri-ply base, glass lids, dishwasher safe.', 'home', 19999),
  ('GR-1013', 'Wireless Noise-Cancelling Headphones', 'Over-ear, 30 h battery, USB-C.', 'electronics', 14999),
  ('GR-1014', 'USB-C Fast Charger 65W', 'GaN charger with two USB-C and one USB-A port.', 'electronics', 3999),
  ('GR-1015', 'Smart Home Speaker', 'Voice assistant, multi-room audio.', 'electronics', 9999),
  ('GR-1016', '4K Streaming Stick', 'HDR, Wi-Fi 6, remote with voice search.', 'electronics', 4999),
  ('GR-1017', 'Portable Power Bank 20000mAh', 'Charges two devices at once, 22.5 W.', 'electronics', 4499),
  ('GR-1018', 'Fitness Tracker Watch', 'Heart rate, GPS, 7-day battery.', 'electronics', 7999),
  ('GR-1019', 'Organic Arabica Coffee Beans 1kg', 'Medium roast, single origin.', 'grocery', 2499),
  ('GR-1020', 'Extra Virgin Olive Oil 1L', 'Cold pressed, harvest dated.', 'grocery', 1599),
  ('GR-1021', 'Dark Chocolate 70% Bar, 6 Pack', 'Fairtrade cocoa, 100 g bars.', 'grocery', 1199),
  ('GR-1022', 'Organic Green Tea, 100 Bags', 'Sencha, individually wrapped.', 'grocery', 899),
  ('GR-1023', 'Pro Yoga Mat 6mm', 'Non-slip natural rubber; stocked in the US only.', 'sports', 5499),
  ('GR-1024', 'Wooden Building Blocks, 100 Piece', 'FSC beech wood; stocked in Europe only.', 'toys', 3999)
ON CONFLICT (sku) DO NOTHING;

-- GR-1023 has stock only in us-east-1 and GR-1024 only in eu-west-1 (no row elsewhere), and
-- GR-1012 is nearly out in Dublin, so the demo exercises cross-region holds, split shipments
-- and low-stock alerts.
INSERT INTO inventory.stock (sku, warehouse_id, on_hand, reserved, low_stock_threshold) VALUES
  ('GR-1001', 'wh-us-east-1', 420, 0, 10), ('GR-1001', 'wh-eu-west-1', 180, 0, 10),
  ('GR-1002', 'wh-us-east-1', 150, 0, 10), ('GR-1002', 'wh-eu-west-1', 240, 0, 10),
  ('GR-1003', 'wh-us-east-1', 95, 0, 10), ('GR-1003', 'wh-eu-west-1', 310, 0, 10),
  ('GR-1004', 'wh-us-east-1', 260, 0, 10), ('GR-1004', 'wh-eu-west-1', 75, 0, 10),
  ('GR-1005', 'wh-us-east-1', 500, 0, 20), ('GR-1005', 'wh-eu-west-1', 450, 0, 20),
  ('GR-1006', 'wh-us-east-1', 210, 0, 10), ('GR-1006', 'wh-eu-west-1', 120, 0, 10),
  ('GR-1007', 'wh-us-east-1', 130, 0, 10), ('GR-1007', 'wh-eu-west-1', 90, 0, 10),
  ('GR-1008', 'wh-us-east-1', 340, 0, 10), ('GR-1008', 'wh-eu-west-1', 60, 0, 10),
  ('GR-1009', 'wh-us-east-1', 70, 0, 10), ('GR-1009', 'wh-eu-west-1', 55, 0, 10),
  ('GR-1010', 'wh-us-east-1', 180, 0, 10), ('GR-1010', 'wh-eu-west-1', 200, 0, 10),
  ('GR-1011', 'wh-us-east-1', 220, 0, 10), ('GR-1011', 'wh-eu-west-1', 160, 0, 10),
  ('GR-1012', 'wh-us-east-1', 50, 0, 10), ('GR-1012', 'wh-eu-west-1', 12, 0, 10),
  ('GR-1013', 'wh-us-east-1', 110, 0, 10), ('GR-1013', 'wh-eu-west-1', 85, 0, 10),
  ('GR-1014', 'wh-us-east-1', 380, 0, 10), ('GR-1014', 'wh-eu-west-1', 290, 0, 10),
  ('GR-1015', 'wh-us-east-1', 140, 0, 10), ('GR-1015', 'wh-eu-west-1', 65, 0, 10),
  ('GR-1016', 'wh-us-east-1', 230, 0, 10), ('GR-1016', 'wh-eu-west-1', 175, 0, 10),
  ('GR-1017', 'wh-us-east-1', 190, 0, 10), ('GR-1017', 'wh-eu-west-1', 210, 0, 10),
  ('GR-1018', 'wh-us-east-1', 100, 0, 10), ('GR-1018', 'wh-eu-west-1', 80, 0, 10),
  ('GR-1019', 'wh-us-east-1', 480, 0, 25), ('GR-1019', 'wh-eu-west-1', 360, 0, 25),
  ('GR-1020', 'wh-us-east-1', 270, 0, 20), ('GR-1020', 'wh-eu-west-1', 410, 0, 20),
  ('GR-1021', 'wh-us-east-1', 320, 0, 20), ('GR-1021', 'wh-eu-west-1', 300, 0, 20),
  ('GR-1022', 'wh-us-east-1', 250, 0, 20), ('GR-1022', 'wh-eu-west-1', 390, 0, 20),
  ('GR-1023', 'wh-us-east-1', 140, 0, 10),
  ('GR-1024', 'wh-eu-west-1', 160, 0, 10)
ON CONFLICT (sku, warehouse_id) DO NOTHING;
