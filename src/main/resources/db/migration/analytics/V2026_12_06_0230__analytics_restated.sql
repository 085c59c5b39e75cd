-- The continuity audit's third reason: the customer re-stated an order number or e-mail address already on record.
-- An order touch keeps the order's number; a message touch says whether its text re-stated one (decided when the
-- message arrived, against what was on record then); a session re-stated when any of its messages did.
alter table analytics_touch add column order_number bigint;
alter table analytics_touch add column restated boolean not null default false;
alter table analytics_session add column restated boolean not null default false;
create index analytics_touch_number_idx on analytics_touch (customer_id, order_number) where kind = 'order';
