-- Demo accounts (all with the password `demo-password`, scrypt-hashed with a salt each).
-- Fixed ids so other services' demo data and the README can refer to them.
INSERT INTO crm.customers (id, email, name, region, role, password_hash, shipping_address) VALUES
  ('c0000000-0000-4000-8000-000000000001', 'ava@globalretail.example', 'Ava Thompson', 'us-east-1', 'customer',
   'scrypt$16384$8$1$DiD5JYZbWQsTZNPSnbkPlg==$NEHGrrTASpjBXEBxLiMDVqIZ6QjLvXi8RsKxlfjfW9Y=',
   '{"name": "Ava Thompson", "line1": "350 Fifth Avenue", "line2": "Apt 21B", "city": "New York", "postalCode": "10118", "country": "US"}'),
  ('c0000000-0000-4000-8000-000000000002', 'elias@globalretail.example', 'Elias Weber', 'eu-west-1', 'customer',
   'scrypt$16384$8$1$nutYAO/3XGjKATcma3h75Q==$ok4bredfGOtn/14lugd6QIkHX/Cyo/C1EIHPgiqtTac=',
   '{"name": "Elias Weber", "line1": "Friedrichstrasse 43", "city": "Berlin", "postalCode": "10117", "country": "DE"}'),
  ('c0000000-0000-4000-8000-000000000003', 'ops@globalretail.example', 'Olivia Park', 'us-east-1', 'operator',
   'scrypt$16384$8$1$w3mm5v8ouJxbdbsSrPojxQ==$GND8EggQT/kb3ufSG9Jo5yplA9XIRA/zuNxvHg6se10=',
   NULL),
  ('c0000000-0000-4000-8000-000000000004', 'noah@globalretail.example', 'Noah Garcia', 'us-east-1', 'customer',
   'scrypt$16384$8$1$tiSZS172xXieHf2NszEQvg==$gLoD1eqQmt4TAsVWtpEmHSEszIHHgrYZURQBarzCrHw=',
   '{"name": "Noah Garcia", "line1": "233 S Wacker Dr", "city": "Chicago", "postalCode": "60606", "country": "US"}'),
  ('c0000000-0000-4000-8000-000000000005', 'mia@globalretail.example', 'Mia Chen', 'us-east-1', 'customer',
   'scrypt$16384$8$1$/0WJsgzESlG2grNaPbHmMA==$JOSCymFb8/jFz02VJZG904FIFPdpyzSkGVoL2DklYto=',
   '{"name": "Mia Chen", "line1": "400 Broad St", "city": "Seattle", "postalCode": "98109", "country": "US"}'),
  ('c0000000-0000-4000-8000-000000000006', 'aoife@globalretail.example', 'Aoife Byrne', 'eu-west-1', 'customer',
   'scrypt$16384$8$1$meiOXuT/lLgym/guxsI6zg==$yYARhApksse1g02Qu0NUr8FwyWf07PkgkR+x3w6Bx+A=',
   '{"name": "Aoife Byrne", "line1": "1 Grand Canal Square", "city": "Dublin", "postalCode": "D02 P820", "country": "IE"}'),
  ('c0000000-0000-4000-8000-000000000007', 'sofia@globalretail.example', 'Sofia Rossi', 'eu-west-1', 'customer',
   'scrypt$16384$8$1$zXGzfVGIqmmwySC+XiVQWg==$fwgclPNhD2//cqdv+YqZecvY7QoNGefBpatHkDYOO3M=',
   '{"name": "Sofia Rossi", "line1": "12 Rue de Rivoli", "city": "Paris", "postalCode": "75004", "country": "FR"}'),
  ('c0000000-0000-4000-8000-000000000008', 'ops-eu@globalretail.example', 'Jonas Lindqvist', 'eu-west-1', 'operator',
   'scrypt$16384$8$1$UGXyXObz5DMOWeVG3D0n0Q==$CTRbOTke1dlfKyd3EQiOIZsSOgrIDgDJP4PQiASLxF4=',
   NULL)
ON CONFLICT DO NOTHING;
