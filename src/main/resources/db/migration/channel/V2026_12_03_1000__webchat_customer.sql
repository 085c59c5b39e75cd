-- Whom a chat session turned out to be (set when its first message is processed), so that the session, with what
-- the visitor typed and saw, is exported and erased with the person.
alter table webchat_session add column customer_id uuid;
create index webchat_session_customer on webchat_session (customer_id) where customer_id is not null;
