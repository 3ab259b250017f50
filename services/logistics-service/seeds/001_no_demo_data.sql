-- Shipments only come from orders, so there is no demo data to load. This file exists so the
-- seeds folder survives a git checkout (git keeps no empty folders, and the kit reads it).
SELECT 1;
