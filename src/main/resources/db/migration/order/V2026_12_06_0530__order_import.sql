-- Orders brought in from another system (bulk import): the id that system gave the order, unique, so importing the
-- same file again adds no order twice.
alter table orders add column external_ref text;
create unique index orders_external_ref on orders (external_ref) where external_ref is not null;
