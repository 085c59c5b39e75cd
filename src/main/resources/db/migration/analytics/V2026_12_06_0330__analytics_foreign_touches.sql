-- Touches that live with another customer than the one they first resolved to (merged in): the few a derivation
-- looks up before each batch (was it an undo that raced them?). A partial index finds them without reading every
-- touch of the batch's customers (bench A1: 6 of 80 seconds).
create index analytics_touch_foreign_idx on analytics_touch (customer_id, first_customer_id)
    where first_customer_id <> customer_id and not erased;
